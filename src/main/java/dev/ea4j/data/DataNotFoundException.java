package dev.ea4j.data;

import java.io.FileNotFoundException;

/**
 * A task's data files are not where ea4j looked: the user's input (a missing download or a wrong
 * {@code --data-dir}), not a fault of the program. The one-line message names the task and every path tried.
 */
public final class DataNotFoundException extends FileNotFoundException {

    /** A one-line message naming what is missing and where it was looked for. */
    public DataNotFoundException(String message) {
        super(message);
    }
}
