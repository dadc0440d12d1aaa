package dev.ea4j.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the newest completed checkpoint ({@code <dir>/<job id>/chk-N/_metadata}) under a checkpoint folder. */
public final class LatestCheckpoint {

    private LatestCheckpoint() {}

    /** The newest completed checkpoint folder under {@code dir} (by its metadata's time, then N), if any. */
    public static Optional<Path> in(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> s = Files.find(dir, 2, (p, a) -> a.isDirectory() && p.getFileName().toString().matches("chk-\\d+")
                && Files.isRegularFile(p.resolve("_metadata")))) {
            return s.max(Comparator.comparing(LatestCheckpoint::metadataTime).thenComparingLong(LatestCheckpoint::number));
        }
    }

    /** N of a {@code chk-N} folder. */
    static long number(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring(4));
    }

    private static long metadataTime(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
