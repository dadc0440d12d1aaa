package dev.ea4j.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool, one thread per core, that splits an index range into contiguous chunks, one per core; the
 * caller runs the first chunk. Workers spin briefly between loops before parking, so the back-to-back
 * kernel launches of a task graph find them awake (a parked thread costs tens of microseconds to wake, and
 * on a small VM both chunks can otherwise end up on one virtual CPU). One loop runs at a time: a loop
 * started while another is running (from another thread, or from inside a loop body) runs its chunks one
 * after another on its caller, with the same boundaries, so results do not depend on contention.
 */
public final class CpuPool {

    /** Body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Runs iterations {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /** How long an idle worker spins before parking, in nanoseconds. */
    private static final long SPIN_NANOS = 200_000;

    private static final CpuPool SHARED = new CpuPool(Runtime.getRuntime().availableProcessors());

    private final int threads;
    private final Thread[] workers;
    private final ReentrantLock running = new ReentrantLock();
    private volatile Job job;

    /** One parallel loop, published whole to the workers through {@link #job}. */
    private static final class Job {
        final RangeBody body;
        final int n;
        final int grain;
        final int units;
        final int chunks;
        final AtomicInteger remaining;
        volatile Throwable failure;

        Job(RangeBody body, int n, int grain, int units, int chunks) {
            this.body = body;
            this.n = n;
            this.grain = grain;
            this.units = units;
            this.chunks = chunks;
            this.remaining = new AtomicInteger(chunks - 1);
        }

        void run(int c) {
            int from = Math.min(n, (int) ((long) units * c / chunks) * grain);
            int to = Math.min(n, (int) ((long) units * (c + 1) / chunks) * grain);
            if (from < to) body.run(from, to);
        }
    }

    CpuPool(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Thread[this.threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int index = i + 1;
            Thread t = new Thread(() -> work(index), "ea4j-cpu-" + index);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** The process-wide pool sized to the cores. */
    public static CpuPool shared() {
        return SHARED;
    }

    /** Number of worker threads (chunks per loop), the caller included. */
    public int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)} in at most {@link #threads()} contiguous chunks; the caller runs one. */
    public void parallelFor(int n, RangeBody body) {
        parallelFor(n, 1, body);
    }

    /**
     * As {@link #parallelFor(int, RangeBody)}, with chunk bounds rounded to multiples of {@code grain}
     * (e.g. the vector length) so chunks stay aligned.
     */
    public void parallelFor(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int units = (n + grain - 1) / grain;
        int chunks = Math.min(threads, units);
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        Job j = new Job(body, n, grain, units, chunks);
        if (!running.tryLock()) {
            // busy (another thread's loop, or a loop inside a loop body): the same chunks, one after another,
            // so results never depend on whether the pool was free
            for (int c = 0; c < chunks; c++) j.run(c);
            return;
        }
        try {
            job = j;
            for (int i = 0; i < chunks - 1; i++) LockSupport.unpark(workers[i]);
            try {
                j.run(0);
            } finally {
                // the workers still use the caller's arrays: wait for them even when chunk 0 failed
                while (j.remaining.get() > 0) Thread.onSpinWait();
            }
            Throwable f = j.failure;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error er) throw er;
            if (f != null) throw new IllegalStateException(f);
        } finally {
            running.unlock();
        }
    }

    private void work(int index) {
        Job seen = null;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            Job j;
            while ((j = job) == seen) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            seen = j;
            if (index < j.chunks) {
                try {
                    j.run(index);
                } catch (Throwable t) {
                    j.failure = t;
                } finally {
                    j.remaining.decrementAndGet();
                }
            }
        }
    }
}
