package dev.ea4j.stream;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Staggered restarts with period P (even, >= 2): two states of the wrapped forecaster, A restarted at events 0, P, 2P,
 * ... and B at P/2, 3P/2, ...; every event steps both (B from P/2 on), and the forecast comes from the one restarted
 * longer ago, so after the first P/2 events it has seen between P/2 + 1 and P events (before that, A has seen them
 * all). For EA the state stays constant (two recurrent states and a counter); for SA each KV cache holds at most P
 * events.
 *
 * <p>State: {@code [n_hi, n_lo, lenA_hi, lenA_lo, A..., B...]}, where n (events seen) and lenA (A's length) are
 * split as {@code hi * 2^20 + lo} so that each half is an exact float; B is the rest. Until its first restart at
 * P/2, B is left at the initial state and not stepped (its forecast is never used and it is restarted before it is).
 * The inner forecaster gets each event's absolute time: streaming models have no positions, only time features, so
 * a restarted state is exactly a new series that starts at that event.
 */
public final class RestartingSeriesForecaster implements SeriesForecaster {

    static final int HEADER = 4;
    private static final long SPLIT = 1L << 20;
    private static final long MAX = SPLIT * (1L << 24) - 1;

    private final SeriesForecaster inner;
    private final int period;

    /**
     * Wraps {@code inner} (which this forecaster closes) with restarts every {@code period} events.
     *
     * @throws IllegalArgumentException when {@code period} is odd or below 2
     */
    public RestartingSeriesForecaster(SeriesForecaster inner, int period) {
        checkPeriod(period);
        this.inner = inner;
        this.period = period;
    }

    /**
     * Checks a restart period: even and >= 2.
     *
     * @throws IllegalArgumentException otherwise, naming the period
     */
    public static void checkPeriod(int period) {
        if (period < 2 || period % 2 != 0) {
            throw new IllegalArgumentException(periodProblem(period));
        }
    }

    /** What is wrong with {@code --restart-every n} as a command-line value (0: never restart), if anything. */
    public static Optional<String> optionProblem(int n) {
        if (n == 0 || (n >= 2 && n % 2 == 0)) return Optional.empty();
        return Optional.of("--restart-every: " + periodProblem(n) + " (0: never restart)");
    }

    private static String periodProblem(int period) {
        return "a restart period must be an even number >= 2, got " + period;
    }

    /** The restart period P. */
    public int period() {
        return period;
    }

    @Override
    public List<String> inputNames() {
        return inner.inputNames();
    }

    @Override
    public List<String> outputNames() {
        return inner.outputNames();
    }

    @Override
    public int horizon() {
        return inner.horizon();
    }

    @Override
    public float[] initialState() {
        float[] init = inner.initialState();
        return pack(0, init, init);
    }

    @Override
    public Step step(float[] state, LocalDateTime time, float[] values) {
        if (state == null || state.length < HEADER) {
            throw new IllegalArgumentException("a restarting state starts with " + HEADER + " counter numbers, got "
                    + (state == null ? "none" : state.length + " numbers") + " (a state of another model?)");
        }
        long n = read(state, 0, "event count");
        long lenA = read(state, 2, "length of state A");
        if (lenA > state.length - HEADER) {
            throw new IllegalArgumentException("a restarting state of " + state.length + " numbers cannot hold a state A of "
                    + lenA + " (a state of another model?)");
        }
        if (n >= MAX) throw new IllegalArgumentException("a restarting state counts at most " + MAX + " events");
        int half = period / 2;
        float[] a = n % period == 0 ? inner.initialState() : Arrays.copyOfRange(state, HEADER, HEADER + (int) lenA);
        boolean bStarted = n >= half;
        float[] b = bStarted && (n - half) % period == 0 ? inner.initialState()
                : Arrays.copyOfRange(state, HEADER + (int) lenA, state.length);
        if (!bStarted && b.length != inner.initialState().length) {
            throw new IllegalArgumentException("a restarting state before event " + half + " holds an initial state B of "
                    + inner.initialState().length + " numbers, got " + b.length + " (a state of another model?)");
        }
        Step sa = inner.step(a, time, values);
        Step sb = bStarted ? inner.step(b, time, values) : null;
        long sinceA = n % period, sinceB = bStarted ? (n - half) % period : -1;
        float[][] forecast = sinceA >= sinceB ? sa.forecast() : sb.forecast();
        return new Step(pack(n + 1, sa.state(), bStarted ? sb.state() : b), forecast);
    }

    private static float[] pack(long n, float[] a, float[] b) {
        float[] s = new float[HEADER + a.length + b.length];
        write(s, 0, n);
        write(s, 2, a.length);
        System.arraycopy(a, 0, s, HEADER, a.length);
        System.arraycopy(b, 0, s, HEADER + a.length, b.length);
        return s;
    }

    private static void write(float[] s, int at, long v) {
        s[at] = v / SPLIT;
        s[at + 1] = v % SPLIT;
    }

    private static long read(float[] s, int at, String what) {
        float hi = s[at], lo = s[at + 1];
        if (!(hi >= 0 && hi < (1 << 24) && hi == Math.rint(hi) && lo >= 0 && lo < SPLIT && lo == Math.rint(lo))) {
            throw new IllegalArgumentException("a restarting state's " + what + " is not a count (" + hi + ", " + lo
                    + "; a state of another model?)");
        }
        return (long) hi * SPLIT + (long) lo;
    }

    @Override
    public String describe() {
        return inner.describe() + ", restarting every " + period + " events (two staggered states, the forecast from one"
                + " that has seen " + (period / 2 + 1) + "-" + period + " events)";
    }

    @Override
    public void close() {
        inner.close();
    }
}
