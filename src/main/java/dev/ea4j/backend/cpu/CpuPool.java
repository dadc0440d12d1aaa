package dev.ea4j.backend.cpu;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.ArrayList;
import java.util.List;

/** A fixed pool, one thread per core, that splits an index range into contiguous chunks, one per core. */
public final class CpuPool {

    /** Body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Runs iterations {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    private static final CpuPool SHARED = new CpuPool(Runtime.getRuntime().availableProcessors());

    private final int threads;
    private final ExecutorService executor;

    CpuPool(int threads) {
        this.threads = Math.max(1, threads);
        this.executor = Executors.newFixedThreadPool(this.threads - 1 == 0 ? 1 : this.threads - 1, r -> {
            Thread t = new Thread(r, "ea4j-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    /** The process-wide pool sized to the cores. */
    public static CpuPool shared() {
        return SHARED;
    }

    /** Number of worker threads (chunks per loop). */
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
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = Math.min(n, (int) ((long) units * c / chunks) * grain);
            int to = Math.min(n, (int) ((long) units * (c + 1) / chunks) * grain);
            futures.add(executor.submit(() -> body.run(from, to)));
        }
        body.run(0, Math.min(n, (int) ((long) units / chunks) * grain));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a parallel chunk", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error er) throw er;
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
