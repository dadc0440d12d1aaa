package dev.ea4j.bench;

import java.util.Arrays;

/** Times a piece of work a number of times and summarises the runs; all times in seconds. */
public final class Timing {

    private Timing() {}

    /**
     * Summary of timed runs.
     *
     * @param median median run time
     * @param min fastest run
     * @param max slowest run
     * @param runs every run, in the order taken
     */
    public record Stats(double median, double min, double max, double[] runs) {

        /** The summary of {@code runs} (at least one). */
        public static Stats of(double[] runs) {
            if (runs.length == 0) throw new IllegalArgumentException("no runs to summarise");
            double[] s = runs.clone();
            Arrays.sort(s);
            return new Stats(Timing.median(s), s[0], s[s.length - 1], runs.clone());
        }
    }

    /** Median of {@code values} (mean of the middle two for an even count); values need not be sorted. */
    public static double median(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("median of no values");
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return (n % 2 == 1) ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** Runs {@code work} {@code warmup} times untimed, then {@code repeats} times timed. */
    public static Stats time(int warmup, int repeats, Runnable work) {
        if (warmup < 0 || repeats < 1) throw new IllegalArgumentException("need warmup >= 0 and repeats >= 1");
        for (int i = 0; i < warmup; i++) work.run();
        double[] runs = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            runs[i] = (System.nanoTime() - t0) * 1e-9;
        }
        return Stats.of(runs);
    }

    /** Seconds one run of {@code work} takes (a single timed call, e.g. to size a progress message). */
    public static double once(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) * 1e-9;
    }
}
