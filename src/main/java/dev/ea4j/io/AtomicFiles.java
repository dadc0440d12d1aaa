package dev.ea4j.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files written whole or not at all: a temporary file in the same folder, then an atomic rename. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target} atomically; on failure {@code target} is untouched. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = temporarySibling(target);
        try {
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new empty temporary file next to {@code target}. */
    public static Path temporarySibling(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        return Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
    }

    /** Renames {@code tmp} over {@code target}, atomically where the file system allows. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException ex) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
