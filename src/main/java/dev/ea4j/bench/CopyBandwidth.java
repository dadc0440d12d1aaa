package dev.ea4j.bench;

import dev.ea4j.backend.cpu.CpuPool;

/**
 * The memory roofline for streaming kernels: a parallel {@code System.arraycopy} over float arrays, split
 * into contiguous chunks by the same {@link CpuPool} the {@code cpu} backend uses. Bytes counted per copy
 * are the bytes read plus the bytes written ({@code 2 * 4 * elements}), the same way EA traffic is counted
 * (q, k, v read, y written: 16 bytes per element).
 */
public final class CopyBandwidth {

    /** Grain of the parallel split: 64 floats = 256 bytes, so chunks start on cache-line boundaries. */
    private static final int GRAIN = 64;

    private CopyBandwidth() {}

    /**
     * One measurement.
     *
     * @param stats per-copy times
     * @param bytesPerCopy bytes read plus bytes written by one copy
     */
    public record Result(Timing.Stats stats, long bytesPerCopy) {
        /** Bandwidth at the median time, in GB/s (10^9 bytes per second). */
        public double gbps() {
            return bytesPerCopy / stats.median() / 1e9;
        }
    }

    /** Copies every {@code src[i]} into {@code dst[i]} (same lengths) once, in parallel over {@code pool}. */
    public static void copyOnce(float[][] src, float[][] dst, CpuPool pool) {
        for (int i = 0; i < src.length; i++) {
            float[] s = src[i];
            float[] d = dst[i];
            pool.parallelFor(s.length, GRAIN, (from, to) -> System.arraycopy(s, from, d, from, to - from));
        }
    }

    /** Times {@link #copyOnce} from {@code src} into {@code dst}; the arrays are used as given (contents kept in src). */
    public static Result measure(float[][] src, float[][] dst, int warmup, int repeats, CpuPool pool) {
        if (src.length != dst.length) throw new IllegalArgumentException("src and dst need the same number of arrays");
        long bytes = 0;
        for (int i = 0; i < src.length; i++) {
            if (src[i].length != dst[i].length) throw new IllegalArgumentException("array " + i + " lengths differ");
            bytes += 8L * src[i].length;
        }
        Timing.Stats s = Timing.time(warmup, repeats, () -> copyOnce(src, dst, pool));
        return new Result(s, bytes);
    }

    /**
     * Allocates {@code arrays} source and destination arrays of {@code elements} floats each and times copying
     * them: {@code 8 * arrays * elements} bytes of traffic per copy (e.g. arrays = 2 for 16 bytes per element).
     */
    public static Result measure(int arrays, int elements, int warmup, int repeats, CpuPool pool) {
        float[][] src = new float[arrays][elements];
        float[][] dst = new float[arrays][elements];
        for (float[] a : src) java.util.Arrays.fill(a, 1f);
        return measure(src, dst, warmup, repeats, pool);
    }
}
