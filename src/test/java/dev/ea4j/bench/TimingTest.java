package dev.ea4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Timing's warmup policy and summaries, on a fake clock and JIT (no wall-clock bounds: timing is for bench/). */
class TimingTest {

    /** A clock that each run of the work moves by 0.1 s, and a JIT that compiles during the first {@code busyRuns}. */
    private static final class FakeRuns implements Runnable {
        final int busyRuns;
        long nanos;
        int calls;

        FakeRuns(int busyRuns) {
            this.busyRuns = busyRuns;
        }

        @Override
        public void run() {
            calls++;
            nanos += 100_000_000L;
        }

        long jitTotal() {
            return Math.min(calls, busyRuns);
        }
    }

    @Test
    void steadyWarmupLastsUntilTheJitHasBeenQuietThenTimesTheRepeats() {
        FakeRuns w = new FakeRuns(7);
        Timing.Steady s = Timing.timeSteady(3, 5, w, () -> w.nanos, w::jitTotal);
        // the JIT compiles through run 7 (0.7 s); 0.5 s of quiet more is 5 runs: 12 warmup runs over 1.2 s
        assertEquals(12, s.warmupRuns());
        assertEquals(1.2, s.warmupSeconds(), 1e-9);
        assertEquals(5, s.stats().runs().length);
        assertEquals(12 + 5, w.calls);
    }

    @Test
    void steadyWarmupTakesAtLeastTheRunsAskedAndStopsAtItsLimit() {
        FakeRuns quiet = new FakeRuns(0);
        assertEquals(5, Timing.timeSteady(3, 1, quiet, () -> quiet.nanos, quiet::jitTotal).warmupRuns(),
                "a quiet JIT still waits 0.5 s (5 runs), more than the 3 asked");
        FakeRuns busy = new FakeRuns(Integer.MAX_VALUE);
        Timing.Steady s = Timing.timeSteady(3, 1, busy, () -> busy.nanos, busy::jitTotal);
        assertEquals(200, s.warmupRuns(), "a JIT that never goes quiet: MAX_WARMUP_SECONDS (20 s) of runs");
        assertEquals(Timing.MAX_WARMUP_SECONDS, s.warmupSeconds(), 1e-9);
        FakeRuns unwatched = new FakeRuns(Integer.MAX_VALUE);
        assertEquals(3, Timing.timeSteady(3, 1, unwatched, () -> unwatched.nanos, null).warmupRuns(),
                "without JIT reports: exactly the runs asked");
    }

    @Test
    void steadyTimingRejectsBadCounts() {
        assertThrows(IllegalArgumentException.class, () -> Timing.timeSteady(-1, 5, () -> {}));
        assertThrows(IllegalArgumentException.class, () -> Timing.timeSteady(0, 0, () -> {}));
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, Timing.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Timing.median(new double[] {4, 1, 2, 3}));
    }
}
