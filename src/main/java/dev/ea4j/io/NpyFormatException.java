package dev.ea4j.io;

import java.io.IOException;

/** A file is not a readable float32 {@code .npy} array; the message names the file and the problem. */
public final class NpyFormatException extends IOException {
    /** Creates the exception with a one-line message naming the file and the problem. */
    public NpyFormatException(String message) {
        super(message);
    }
}
