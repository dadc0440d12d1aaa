package dev.ea4j.train;

import java.io.IOException;

/** A checkpoint that cannot be used: missing, corrupted (checksum), or for a different model. */
public final class CheckpointException extends IOException {
    /** Creates the exception with a message naming the file and the problem. */
    public CheckpointException(String message) {
        super(message);
    }
}
