package dev.ea4j.backend.opencl;

import dev.ea4j.kernels.EaMath;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.EaSeriesKernels} (resources/opencl/ea_series.cl). Sums over L
 * are chunked ({@link LaunchGeometry#seriesChunk} rows per chunk) into a per-(b, chunk, c) pass, a per-(b, c)
 * prefix/total pass and a rescan or map pass, so one sequence fills the device; with one chunk (CPUs) the
 * prefix pass is skipped. Each degree p and channel width VW ({@link LaunchGeometry#seriesWidth}) is its own
 * program build ({@code -DP=p -DVW=vw}). The chunk states live in a
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

    /** Launch shape of one EA-series call: degree, channels per work-item, rows per chunk, chunks. */
    record Shape(int B, int L, int D, int p, int vw, int C, int nChunks, String defines, long local) {

        static Shape of(OpenClSession s, int B, int L, int D, int p) {
            LaunchGeometry g = s.geometry();
            int vw = g.seriesWidth(D);
            int C = g.seriesChunk(L, (long) B * (D / vw));
            return new Shape(B, L, D, p, vw, C, chunks(L, C), "-DP=" + p + " -DVW=" + vw, g.seriesLocal());
        }

        /** Offset of the totals in the scratch: after the chunk slots, or slot 0 itself with one chunk. */
        int tot() {
            return nChunks == 1 ? 0 : B * nChunks * (2 * p + 3) * D;
        }

        boolean single() {
            return nChunks == 1;
        }

        /** Work-items of a per-(b, chunk, channel vector) pass. */
        long chunkItems() {
            return (long) B * nChunks * (D / vw);
        }

        /** Work-items of a per-(b, channel vector) pass. */
        long channelItems() {
            return (long) B * (D / vw);
        }

        void run(OpenClSession s, String name, long items, Object... args) {
            s.runVariant(FILE, defines, name, (items + local - 1) / local * local, local, args);
        }
    }

    static void forward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p) {
        Shape h = Shape.of(s, B, L, D, p);
        float[] scratch = scratch(s, "series", B, h.nChunks(), D, p);
        totals(s, h, k, v, scratch);
        h.run(s, "ea_forward", h.chunkItems(), q, y, scratch, B, L, D, h.C(), h.tot());
    }

    static void causalForward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, int B, int L, int D,
                              int p) {
        Shape h = Shape.of(s, B, L, D, p);
        float[] scratch = scratch(s, "series", B, h.nChunks(), D, p);
        if (!h.single()) totals(s, h, k, v, scratch);
        h.run(s, "ea_causal_forward", h.chunkItems(), q, k, v, y, scratch, B, L, D, h.C(), EaMath.keyClamp(p),
                h.single() ? 1 : 0);
    }

    static void backward(OpenClSession s, float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                         float[] dv, int B, int L, int D, int p) {
        Shape h = Shape.of(s, B, L, D, p);
        float[] scratch = scratch(s, "series", B, h.nChunks(), D, p);
        int tot = h.tot();
        totals(s, h, k, v, scratch);
        h.run(s, "ea_backward_rows", h.chunkItems(), q, gy, dq, scratch, B, L, D, h.C(), tot);
        if (!h.single()) h.run(s, "ea_chunk_reduce", h.channelItems(), scratch, B, h.nChunks(), D, tot);
        h.run(s, "ea_backward", h.chunkItems(), k, v, dk, dv, scratch, B, L, D, h.C(), tot, EaMath.keyClamp(p));
    }

    static void causalBackward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq,
                               float[] dk, float[] dv, float[] work, int B, int L, int D, int p) {
        Shape h = Shape.of(s, B, L, D, p);
        float kmax = EaMath.keyClamp(p);
        float[] scratch = scratch(s, "series", B, h.nChunks(), D, p);
        int fresh = h.single() ? 1 : 0;
        if (!h.single()) totals(s, h, k, v, scratch);
        h.run(s, "ea_causal_backward_rows", h.chunkItems(), q, k, v, y, gy, dq, work, scratch, B, L, D, h.C(), kmax,
                fresh);
        if (!h.single()) h.run(s, "ea_causal_suffix", h.channelItems(), scratch, B, h.nChunks(), D);
        h.run(s, "ea_causal_backward", h.chunkItems(), q, k, v, y, gy, dk, dv, work, scratch, B, L, D, h.C(), kmax,
                fresh);
    }

    /**
     * Passes 1 and 2: each chunk's shift and sums, then (several chunks) the exclusive prefix states in place
     * and the totals at {@link Shape#tot()}; with one chunk its sums are the totals.
     */
    static void totals(OpenClSession s, Shape h, float[] k, float[] v, float[] scratch) {
        h.run(s, "ea_chunk_sums", h.chunkItems(), k, v, scratch, h.B(), h.L(), h.D(), h.C(), EaMath.keyClamp(h.p()));
        if (!h.single()) h.run(s, "ea_chunk_prefix", h.channelItems(), scratch, h.B(), h.nChunks(), h.D(), h.tot());
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
