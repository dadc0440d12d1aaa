package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.EaMath;
import dev.ea4j.kernels.EaSeriesKernels;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.EaSeriesKernels} (resources/opencl/ea_series.cl). Sums over L
 * are chunked ({@link LaunchGeometry#seriesChunk} rows per chunk) into a per-(b, chunk, c) pass, a per-(b, c)
 * prefix/total pass and a rescan or map pass, so one sequence fills the device; with one chunk (CPUs) the
 * prefix pass is skipped. The training forward's map pass also copies the totals to its sums [B, 2p+3, D], which
 * the non-causal backward reads instead of recomputing them. The causal training forward keeps the state
 * before every {@link EaSeriesKernels#CHECKPOINT_ROWS}-th row; its backward replays the rows from those
 * checkpoints span by span, fused with the reverse scan, after a per-chunk gradient-sum pass and a per-(b, c)
 * suffix pass when there are several chunks. Each degree p and channel width VW ({@link LaunchGeometry#seriesWidth}) is its own program
 * build ({@code -DP=p -DVW=vw}). The chunk states live in the session's scratch buffer
 * {@code ea_series.chunks} [B, nChunks + 1, 2(p+1)+1, D], never read back to the host.
 */
final class OpenClEaSeries {

    static final String FILE = "ea_series.cl";

    private OpenClEaSeries() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(EaSeriesKernels::forward, s -> (q, k, v, y, B, L, D, p) -> forward(s, q, k, v, y, B, L, D, p));
        t.add(EaSeriesKernels::causalForward, s -> (q, k, v, y, B, L, D, p) ->
                causalForward(s, q, k, v, y, B, L, D, p));
        t.add(EaSeriesKernels::causalTrainingForward, s -> (q, k, v, y, saved, B, L, D, p) ->
                causalTrainingForward(s, q, k, v, y, saved, B, L, D, p));
        t.add(EaSeriesKernels::trainingForward, s -> (q, k, v, y, sums, B, L, D, p) ->
                trainingForward(s, q, k, v, y, sums, B, L, D, p));
        t.add(EaSeriesKernels::backward, s -> (q, k, v, gy, sums, dq, dk, dv, B, L, D, p) ->
                backward(s, q, k, v, gy, sums, dq, dk, dv, B, L, D, p));
        t.add(EaSeriesKernels::causalBackward, s -> (q, k, v, gy, saved, dq, dk, dv, B, L, D, p) ->
                causalBackward(s, q, k, v, gy, saved, dq, dk, dv, B, L, D, p));
    }

    /** Launch shape of one EA-series call: degree, channels per work-item, rows per chunk, chunks. */
    record Shape(int B, int L, int D, int p, int vw, int C, int nChunks, String defines, long local) {

        static Shape of(OpenClSession s, int B, int L, int D, int p) {
            LaunchGeometry g = s.geometry();
            int vw = g.seriesWidth(D);
            int C = g.seriesChunk(L, (long) B * (D / vw));
            return new Shape(B, L, D, p, vw, C, chunks(L, C), "-DP=" + p + " -DVW=" + vw, g.seriesLocal());
        }

        /** This shape with chunks rounded up to whole spans of {@link EaSeriesKernels#CHECKPOINT_ROWS} rows. */
        Shape inWholeSpans() {
            int span = EaSeriesKernels.CHECKPOINT_ROWS;
            int c = Math.min((C + span - 1) / span * span, Math.max(L, 1));
            return new Shape(B, L, D, p, vw, c, chunks(L, c), defines, local);
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
        float[] scratch = scratch(s, h);
        totals(s, h, k, v, scratch);
        h.run(s, "ea_forward", h.chunkItems(), q, y, scratch, B, L, D, h.C(), h.tot());
    }

    /** As {@link #forward}, the map pass also copying the totals to sums [B, 2p+3, D] (S, Z, shift). */
    static void trainingForward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, float[] sums, int B,
                                int L, int D, int p) {
        Shape h = Shape.of(s, B, L, D, p);
        float[] scratch = scratch(s, h);
        totals(s, h, k, v, scratch);
        h.run(s, "ea_training_forward", h.chunkItems(), q, y, sums, scratch, B, L, D, h.C(), h.tot());
    }

    static void causalForward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, int B, int L, int D,
                              int p) {
        Shape h = Shape.of(s, B, L, D, p);
        float[] scratch = scratch(s, h);
        if (!h.single()) totals(s, h, k, v, scratch);
        h.run(s, "ea_causal_forward", h.chunkItems(), q, k, v, y, scratch, B, L, D, h.C(), EaMath.keyClamp(p),
                h.single() ? 1 : 0);
    }

    /** As {@link #causalForward}, the rescan also writing the checkpoints to saved [B, ceil(L / 64), 2p+3, D]. */
    static void causalTrainingForward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, float[] saved,
                                      int B, int L, int D, int p) {
        Shape h = Shape.of(s, B, L, D, p);
        float[] scratch = scratch(s, h);
        if (!h.single()) totals(s, h, k, v, scratch);
        h.run(s, "ea_causal_training_forward", h.chunkItems(), q, k, v, y, saved, scratch, B, L, D, h.C(),
                EaMath.keyClamp(p), h.single() ? 1 : 0);
    }

    /**
     * From {@link #trainingForward}'s sums: dq and each chunk's gradient sums, then (several chunks) their total,
     * then dk, dv.
     */
    static void backward(OpenClSession s, float[] q, float[] k, float[] v, float[] gy, float[] sums, float[] dq,
                         float[] dk, float[] dv, int B, int L, int D, int p) {
        Shape h = Shape.of(s, B, L, D, p);
        float[] scratch = scratch(s, h);
        int tot = h.tot();
        h.run(s, "ea_backward_rows", h.chunkItems(), q, gy, dq, sums, scratch, B, L, D, h.C());
        if (!h.single()) h.run(s, "ea_chunk_reduce", h.channelItems(), scratch, B, h.nChunks(), D, tot);
        h.run(s, "ea_backward", h.chunkItems(), k, v, dk, dv, sums, scratch, B, L, D, h.C(), tot,
                EaMath.keyClamp(p));
    }

    /**
     * From {@link #causalTrainingForward}'s checkpoints, in chunks of a multiple of
     * {@link EaSeriesKernels#CHECKPOINT_ROWS} rows: with several chunks each chunk's gradient sums (replayed), then
     * the suffix state entering each chunk; then per chunk its spans last to first, each replayed into a small
     * per-work-item stash and scanned back (dq, dk, dv).
     */
    static void causalBackward(OpenClSession s, float[] q, float[] k, float[] v, float[] gy, float[] saved,
                               float[] dq, float[] dk, float[] dv, int B, int L, int D, int p) {
        Shape h = Shape.of(s, B, L, D, p).inWholeSpans();
        float[] scratch = scratch(s, h);
        float[] stash = s.scratch("ea_series.stash",
                Math.toIntExact(h.chunkItems() * 4 * EaSeriesKernels.CHECKPOINT_ROWS * h.vw()));
        float kmax = EaMath.keyClamp(p);
        if (!h.single()) {
            h.run(s, "ea_causal_backward_rows", h.chunkItems(), q, k, v, gy, saved, scratch, B, L, D, h.C(), kmax);
            h.run(s, "ea_causal_suffix", h.channelItems(), scratch, B, h.nChunks(), D);
        }
        h.run(s, "ea_causal_backward", h.chunkItems(), q, k, v, gy, saved, dq, dk, dv, scratch, stash, B, L, D,
                h.C(), kmax, h.single() ? 1 : 0);
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

    /** The session's chunk-state scratch, at least [B, nChunks + 1, 2(p+1)+1, D]. */
    static float[] scratch(OpenClSession s, Shape h) {
        return s.scratch("ea_series.chunks", h.B() * (h.nChunks() + 1) * (2 * h.p() + 3) * h.D());
    }
}
