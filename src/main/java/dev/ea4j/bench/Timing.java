package dev.ea4j.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

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

    /** How long the JIT must have compiled nothing before {@link #timeSteady} starts timing. */
    public static final double JIT_QUIET_SECONDS = 0.5;

    /** Longest warmup {@link #timeSteady} spends waiting for the JIT to go quiet. */
    public static final double MAX_WARMUP_SECONDS = 20;

    /**
     * As {@link #time}, with a warmup of at least {@code warmup} runs that goes on until the JIT compiler has
     * compiled nothing for {@link #JIT_QUIET_SECONDS} (at most {@link #MAX_WARMUP_SECONDS}): large kernels
     * are compiled in the background for a second or more, on the cores the runs use. Where the JVM does not
     * report compilation time, exactly {@code warmup} runs. Returns the timed runs and the warmup runs taken.
     */
    public static Steady timeSteady(int warmup, int repeats, Runnable work) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        LongSupplier compiled = jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit::getTotalCompilationTime : null;
        return timeSteady(warmup, repeats, work, System::nanoTime, compiled);
    }

    /**
     * As {@link #timeSteady(int, int, Runnable)} with the warmup's clock (nanoseconds) and the JIT's total
     * compilation time (any unit; null where the JVM does not report it) given.
     */
    static Steady timeSteady(int warmup, int repeats, Runnable work, LongSupplier clock, LongSupplier jitTotal) {
        if (warmup < 0 || repeats < 1) throw new IllegalArgumentException("need warmup >= 0 and repeats >= 1");
        long start = clock.getAsLong(), quietSince = start;
        long compiled = jitTotal != null ? jitTotal.getAsLong() : 0;
        int runs = 0;
        while (true) {
            long now = clock.getAsLong();
            if (runs >= warmup) {
                if (jitTotal == null || (now - quietSince) * 1e-9 >= JIT_QUIET_SECONDS) break;
                if ((now - start) * 1e-9 >= MAX_WARMUP_SECONDS) break;
            }
            work.run();
            runs++;
            if (jitTotal != null) {
                long c = jitTotal.getAsLong();
                if (c != compiled) {
                    compiled = c;
                    quietSince = clock.getAsLong();
                }
            }
        }
        double warmupSeconds = (clock.getAsLong() - start) * 1e-9;
        return new Steady(time(0, repeats, work), runs, warmupSeconds);
    }

    /** Timed runs after a {@link #timeSteady} warmup of {@code warmupRuns} runs over {@code warmupSeconds}. */
    public record Steady(Stats stats, int warmupRuns, double warmupSeconds) {}

    /** Seconds one run of {@code work} takes (a single timed call, e.g. to size a progress message). */
    public static double once(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) * 1e-9;
    }
}
