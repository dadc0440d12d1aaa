package dev.ea4j.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Runtime settings in TornadoVM's key syntax ({@code <graph>.<task>.device=opencl:0},
 * {@code ea4j.opencl.local=64}, ...). They are system properties; {@code -Dea4j.config=FILE} adds a
 * properties file whose keys apply where no system property of the same name is set. See tornado-config/.
 */
public final class RuntimeConfig {

    /** System property naming a properties file of settings. */
    public static final String CONFIG_PROPERTY = "ea4j.config";

    private static boolean loaded;

    private RuntimeConfig() {}

    /** Loads {@code -Dea4j.config} once; a missing or unreadable file is an error that names it. */
    public static synchronized void load() {
        if (loaded) return;
        loaded = true;
        String file = System.getProperty(CONFIG_PROPERTY, "").trim();
        if (file.isEmpty()) return;
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(CONFIG_PROPERTY + " names " + path + ", which is not a readable file");
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        for (String key : props.stringPropertyNames()) {
            if (System.getProperty(key) == null) System.setProperty(key, props.getProperty(key).trim());
        }
    }

    /** The setting {@code key}, or {@code fallback}. */
    public static String get(String key, String fallback) {
        load();
        return System.getProperty(key, fallback);
    }
}
