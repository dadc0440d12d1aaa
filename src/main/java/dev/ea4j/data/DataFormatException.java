package dev.ea4j.data;

import java.io.IOException;

/**
 * A data file is malformed. The one-line message names the file, the 1-based line number where there is
 * one, and the problem: {@code "path/to/X_TRAIN.ts:17: expected 12 dimensions and a label ..."}.
 */
public final class DataFormatException extends IOException {

    private final String source;
    private final int line;

    /** A problem at 1-based {@code line} of {@code source} (a path or a {@code classpath:} name). */
    public DataFormatException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** A problem with the whole of {@code source} (no single line), e.g. a checksum mismatch. */
    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.line = 0;
    }

    /** The file (or resource) name. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0 when the problem has no single line. */
    public int line() {
        return line;
    }
}
