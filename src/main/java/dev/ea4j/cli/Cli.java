package dev.ea4j.cli;

import dev.ea4j.api.InvalidInputException;
import dev.ea4j.backend.DeviceNotFoundException;
import dev.ea4j.backend.UnsupportedOnDeviceException;
import dev.ea4j.data.DataFormatException;
import dev.ea4j.data.DataNotFoundException;
import dev.ea4j.io.NpyFormatException;
import dev.ea4j.io.SafeTensors;
import dev.ea4j.train.CheckpointException;
import dev.ea4j.train.TrainingDivergedException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Exit codes and the one-line error reporting shared by the subcommands. */
final class Cli {

    /** Success. */
    static final int OK = 0;
    /** A check failed or an unexpected internal error happened. */
    static final int FAILURE = 1;
    /** Bad input: flags, files, shapes, values, or a missing device (or a task it cannot run) in strict mode. */
    static final int BAD_INPUT = 2;

    /** Environment variable that turns on stack traces for internal errors. */
    static final String DEBUG_ENV = "EA4J_DEBUG";

    private Cli() {}

    /** A bad-input error found by a command itself (exit 2). */
    static final class UsageError extends InvalidInputException {
        UsageError(String message) {
            super(message);
        }
    }

    /** Prints {@code e} as one line on {@code err} and returns the exit code: 2 for bad input, 1 otherwise. */
    static int fail(Throwable e, PrintStream err) {
        if (isBadInput(e)) {
            err.println("ea4j: error: " + oneLine(message(e)));
            return BAD_INPUT;
        }
        if (e instanceof TrainingDivergedException) {
            err.println("ea4j: error: " + oneLine(message(e)));
            return FAILURE;
        }
        err.println("ea4j: internal error: " + oneLine(e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                + ("1".equals(System.getenv(DEBUG_ENV)) ? "" : " (set " + DEBUG_ENV + "=1 for a stack trace)"));
        if ("1".equals(System.getenv(DEBUG_ENV))) e.printStackTrace(err);
        return FAILURE;
    }

    private static boolean isBadInput(Throwable e) {
        return e instanceof InvalidInputException || e instanceof DeviceNotFoundException
                || e instanceof UnsupportedOnDeviceException
                || e instanceof NpyFormatException || e instanceof FileSystemException || e instanceof DataFormatException
                || e instanceof CheckpointException || e instanceof SafeTensors.FormatException
                || e instanceof DataNotFoundException || e instanceof IllegalArgumentException;
    }

    private static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + (Files.isDirectory(Path.of(n.getFile())) ? ": a folder, not a file" : ": no such file");
        }
        if (e instanceof AccessDeniedException a) return a.getFile() + ": permission denied";
        if (e instanceof NotDirectoryException n) return n.getFile() + ": not a folder";
        if (e instanceof FileAlreadyExistsException f) return f.getFile() + ": exists and is not a folder";
        // e.g. "x/y: Not a directory" where a file stands in a path: the user's paths, not ea4j's fault
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Exit 2 unless every output (option -> file) is a distinct file in an existing, writable folder. */
    static void checkOutputs(Map<String, Path> outputs) {
        Map<Path, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            Path p = e.getValue().toAbsolutePath().normalize();
            String other = seen.put(p, e.getKey());
            if (other != null) {
                throw new UsageError(other + " and " + e.getKey() + " name the same file " + e.getValue());
            }
            if (Files.isDirectory(p)) throw new UsageError(e.getKey() + " " + e.getValue() + " is a directory");
            Path dir = p.getParent();
            if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UsageError(e.getKey() + " " + e.getValue() + ": " + dir + " is a file, not a folder");
            }
            if (dir == null || !Files.isDirectory(dir)) {
                throw new UsageError(e.getKey() + " " + e.getValue() + ": folder " + dir + " does not exist");
            }
            if (!Files.isWritable(dir)) {
                throw new UsageError(e.getKey() + " " + e.getValue() + ": folder " + dir + " is not writable");
            }
        }
    }

    /** The first line of {@code s}, whitespace collapsed. */
    static String oneLine(String s) {
        if (s == null) return "";
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
