package dev.ea4j.backend.opencl;

import dev.ea4j.kernels.EaMath;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.EaSeriesKernels} (resources/opencl/ea_series.cl). Sums over L
 * are chunked ({@link OpenClSession#chunk()} rows per chunk) into a per-(b, chunk, c) pass, a per-(b, c)
 * prefix/total pass and a rescan or map pass, so one sequence fills the device. The chunk states live in a
 * device scratch buffer [B, nChunks + 1, 2(p+1)+1, D] owned here (cached per session and size, never read
 * back to the host).
 */
final class OpenClEaSeries {

    static final String FILE = "ea_series.cl";

    private static final Map<OpenClSession, Map<String, float[]>> SCRATCH = new WeakHashMap<>();

    private OpenClEaSeries() {}

    static void register(Map<String, OpenClKernel> m) {
        m.put("EaSeriesKernels.forward", (s, a) -> forward(s, f(a[0]), f(a[1]), f(a[2]), f(a[3]),
                i(a[4]), i(a[5]), i(a[6]), i(a[7])));
        m.put("EaSeriesKernels.causalForward", (s, a) -> causalForward(s, f(a[0]), f(a[1]), f(a[2]), f(a[3]),
                i(a[4]), i(a[5]), i(a[6]), i(a[7])));
        m.put("EaSeriesKernels.backward", (s, a) -> backward(s, f(a[0]), f(a[1]), f(a[2]), f(a[3]), f(a[4]),
                f(a[5]), f(a[6]), i(a[7]), i(a[8]), i(a[9]), i(a[10])));
        m.put("EaSeriesKernels.causalBackward", (s, a) -> causalBackward(s, f(a[0]), f(a[1]), f(a[2]), f(a[3]),
                f(a[4]), f(a[5]), f(a[6]), f(a[7]), f(a[8]), i(a[9]), i(a[10]), i(a[11]), i(a[12])));
    }

    static void forward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p) {
        int C = s.chunk();
        int nChunks = chunks(L, C);
        float[] scratch = scratch(s, "series", B, nChunks, D, p);
        int tot = B * nChunks * (2 * p + 3) * D;
        sums(s, k, v, scratch, B, L, D, p, C);
        s.run(FILE, "ea_chunk_prefix", (long) B * D, scratch, B, nChunks, D, p, tot);
        s.run(FILE, "ea_forward", (long) B * L * D, q, y, scratch, B, L, D, p, tot);
    }

    static void causalForward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, int B, int L, int D,
                              int p) {
        int C = s.chunk();
        int nChunks = chunks(L, C);
        float[] scratch = scratch(s, "series", B, nChunks, D, p);
        int tot = B * nChunks * (2 * p + 3) * D;
        sums(s, k, v, scratch, B, L, D, p, C);
        s.run(FILE, "ea_chunk_prefix", (long) B * D, scratch, B, nChunks, D, p, tot);
        s.run(FILE, "ea_causal_forward", (long) B * nChunks * D, q, k, v, y, scratch, B, L, D, p, C,
                EaMath.keyClamp(p));
    }

    static void backward(OpenClSession s, float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                         float[] dv, int B, int L, int D, int p) {
        int C = s.chunk();
        int nChunks = chunks(L, C);
        float[] scratch = scratch(s, "series", B, nChunks, D, p);
        int tot = B * nChunks * (2 * p + 3) * D;
        sums(s, k, v, scratch, B, L, D, p, C);
        s.run(FILE, "ea_chunk_prefix", (long) B * D, scratch, B, nChunks, D, p, tot);
        s.run(FILE, "ea_backward_rows", (long) B * nChunks * D, q, gy, dq, scratch, B, L, D, p, C, tot);
        s.run(FILE, "ea_chunk_reduce", (long) B * D, scratch, B, nChunks, D, p, tot);
        s.run(FILE, "ea_backward", (long) B * L * D, k, v, dk, dv, scratch, B, L, D, p, tot, EaMath.keyClamp(p));
    }

    static void causalBackward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq,
                               float[] dk, float[] dv, float[] work, int B, int L, int D, int p) {
        int C = s.chunk();
        int nChunks = chunks(L, C);
        float kmax = EaMath.keyClamp(p);
        float[] scratch = scratch(s, "series", B, nChunks, D, p);
        int tot = B * nChunks * (2 * p + 3) * D;
        sums(s, k, v, scratch, B, L, D, p, C);
        s.run(FILE, "ea_chunk_prefix", (long) B * D, scratch, B, nChunks, D, p, tot);
        s.run(FILE, "ea_causal_backward_rows", (long) B * nChunks * D, q, k, v, y, gy, dq, work, scratch,
                B, L, D, p, C, kmax);
        s.run(FILE, "ea_causal_suffix", (long) B * D, scratch, B, nChunks, D, p);
        s.run(FILE, "ea_causal_backward", (long) B * nChunks * D, q, k, v, y, gy, dk, dv, work, scratch,
                B, L, D, p, C, kmax);
    }

    /** Pass 1: each chunk's shift and sums. */
    static void sums(OpenClSession s, float[] k, float[] v, float[] scratch, int B, int L, int D, int p, int C) {
        s.run(FILE, "ea_chunk_sums", (long) B * chunks(L, C) * D, k, v, scratch, B, L, D, p, C, EaMath.keyClamp(p));
    }

    static int chunks(int L, int C) {
        return (L + C - 1) / C;
    }

    /** The chunk-state scratch for [B, nChunks + 1, 2(p+1)+1, D], one per session and size. */
    static float[] scratch(OpenClSession s, String tag, int B, int nChunks, int D, int p) {
        return scratch(s, tag, Math.max(1, B * (nChunks + 1) * (2 * p + 3) * D));
    }

    /** A launcher-owned device scratch array of n floats for {@code tag}, cached per session and size. */
    static synchronized float[] scratch(OpenClSession s, String tag, int n) {
        return SCRATCH.computeIfAbsent(s, x -> new HashMap<>()).computeIfAbsent(tag + ":" + n, x -> new float[n]);
    }

    static float[] f(Object o) {
        return (float[]) o;
    }

    static int i(Object o) {
        return (Integer) o;
    }
}
