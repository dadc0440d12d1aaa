package dev.ea4j.bench;

/**
 * Roofline fractions that divide each kernel run by a main-memory copy timed moments before it: rounds of (copy,
 * forward, forward+backward) back to back, so that a machine whose bandwidth drifts within minutes (shared hosts)
 * moves numerator and denominator together. The fraction of one run is (bytes per element x elements / run
 * seconds) / (copy bytes / copy seconds); forward traffic is 16 bytes per element (q, k, v read, y written) and
 * forward+backward 28 (q, k, v, gy read; dq, dk, dv written), as the issue counts them.
 */
public final class PairedRoofline {

    /** Forward traffic per element: q, k, v read, y written. */
    public static final int FWD_BYTES = 16;
    /** Forward+backward traffic per element by the roofline's count: q, k, v, gy read, dq, dk, dv written. */
    public static final int FWD_BWD_BYTES = 28;

    private PairedRoofline() {}

    /**
     * Per-round fractions.
     *
     * @param fwd forward fraction of each round
     * @param fwdBwd forward+backward fraction of each round
     */
    public record Result(double[] fwd, double[] fwdBwd) {
        /** Median forward fraction. */
        public double fwdMedian() {
            return Timing.median(fwd);
        }

        /** Median forward+backward fraction. */
        public double fwdBwdMedian() {
            return Timing.median(fwdBwd);
        }
    }

    /** (bytesPerElement x elements / seconds) / (copyBytes / copySeconds). */
    public static double fraction(int bytesPerElement, long elements, double seconds, long copyBytes,
                                  double copySeconds) {
        if (seconds <= 0 || copySeconds <= 0) throw new IllegalArgumentException("times must be positive");
        return (double) bytesPerElement * elements / seconds / (copyBytes / copySeconds);
    }

    /**
     * Runs {@code rounds} rounds of {@code copy} ({@code copyBytes} of traffic), {@code fwd} and {@code fwdBwd} over
     * {@code elements} elements, each timed once, and returns every round's two fractions.
     */
    public static Result measure(int rounds, long elements, Runnable copy, long copyBytes, Runnable fwd,
                                 Runnable fwdBwd) {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        double[] f = new double[rounds], fb = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            double tc = Timing.once(copy);
            f[i] = fraction(FWD_BYTES, elements, Timing.once(fwd), copyBytes, tc);
            fb[i] = fraction(FWD_BWD_BYTES, elements, Timing.once(fwdBwd), copyBytes, tc);
        }
        return new Result(f, fb);
    }
}
