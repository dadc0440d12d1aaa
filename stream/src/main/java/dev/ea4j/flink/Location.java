package dev.ea4j.flink;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A folder or file the job reads or writes: a local path (made absolute on the client) or a Flink file system URI
 * such as {@code s3://bucket/events} or {@code hdfs://nn/forecasts}, which Flink resolves on the cluster.
 */
public record Location(URI uri) implements Serializable {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    /** {@code arg} as a location: a URI when it has a scheme ({@code s3://...}), a local path otherwise. */
    public static Location of(String arg) {
        return SCHEME.matcher(arg).matches() ? new Location(URI.create(arg)) : of(Path.of(arg));
    }

    /** The local {@code path}, absolute. */
    public static Location of(Path path) {
        return new Location(path.toAbsolutePath().normalize().toUri());
    }

    /** Whether this is on the local file system (the client can check it). */
    public boolean isLocal() {
        return "file".equals(uri.getScheme());
    }

    /** The local path; only for {@link #isLocal()} locations. */
    public Path path() {
        if (!isLocal()) throw new IllegalStateException(uri + " is not a local path");
        return Path.of(uri);
    }

    /** The location {@code child} inside this one. */
    public Location resolve(String child) {
        String s = uri.toString();
        return new Location(URI.create(s.endsWith("/") ? s + child : s + "/" + child));
    }

    /** The location as Flink's path. */
    public org.apache.flink.core.fs.Path flink() {
        return new org.apache.flink.core.fs.Path(uri);
    }

    @Override
    public String toString() {
        return isLocal() ? path().toString() : uri.toString();
    }
}
