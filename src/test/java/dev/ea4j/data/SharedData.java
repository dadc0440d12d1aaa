package dev.ea4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the project's shared data folder ({@code ../shared/data}) for tests; skips visibly when absent. */
final class SharedData {

    private SharedData() {}

    /** The folder, or null. */
    static Path dir() {
        Path p = Path.of("").toAbsolutePath().resolve("../shared/data").normalize();
        return Files.isDirectory(p) ? p : null;
    }

    /** {@code ../shared/data/<relative>}, or aborts the test (reported as skipped) with a message saying so. */
    static Path require(String relative) {
        Path d = dir();
        Path f = d == null ? null : d.resolve(relative);
        boolean ok = f != null && Files.isRegularFile(f);
        if (!ok) {
            String msg = "SKIPPED: " + relative + " not found under ../shared/data (from "
                    + Path.of("").toAbsolutePath() + ")";
            System.out.println(msg);
            Assumptions.assumeTrue(false, msg);
        }
        return f;
    }
}
