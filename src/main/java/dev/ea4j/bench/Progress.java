package dev.ea4j.bench;

import java.io.PrintStream;

/**
 * Progress lines for long benchmark runs: quiet while a run looks short, and once it has taken (or is expected
 * to take) more than {@link #THRESHOLD_S} seconds, every {@link #note} goes to the stream with the elapsed time.
 */
public final class Progress {

    /** Seconds after which a run counts as long. */
    public static final double THRESHOLD_S = 2.0;

    private final PrintStream out;
    private final long start = System.nanoTime();
    private boolean loud;

    /** Progress to {@code out} (stderr in the CLI); {@code null} for none. */
    public Progress(PrintStream out) {
        this.out = out;
    }

    /** Says that the next phase is expected to take {@code seconds}; long phases switch the lines on. */
    public void expect(double seconds) {
        if (seconds > THRESHOLD_S) loud = true;
    }

    /** Prints {@code message} when the run is long. */
    public void note(String message) {
        double t = elapsed();
        if (out != null && (loud || t > THRESHOLD_S)) out.printf("ea4j bench: [%6.1f s] %s%n", t, message);
    }

    /** Seconds since this object was made. */
    public double elapsed() {
        return (System.nanoTime() - start) * 1e-9;
    }
}
