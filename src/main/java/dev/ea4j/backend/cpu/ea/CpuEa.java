package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.backend.cpu.CpuPool;
import dev.ea4j.backend.cpu.CpuVectorMath;
import dev.ea4j.backend.cpu.VectorConfig;
import dev.ea4j.kernels.EaMath;
import dev.ea4j.kernels.EaSeriesKernels;

/**
 * The {@code cpu} twins of {@link dev.ea4j.kernels.EaSeriesKernels}: the dispatcher. Each call splits the
 * (batch, channel) loop into contiguous per-thread segments; a segment runs its blocks of {@code VL} channels
 * through the vector kernels chunk by chunk of rows (register-resident for p = 2 and 6, vectorAny with the sums in
 * L1 for other p), keeping each block's state ({@link Slots}) between chunks, and its leftover channels (all of them
 * with vectors off) through the scalar twins, all rows at once. Passes over memory:
 *
 * <pre>
 *  forward                Reduce (k, v -> sums) ; RatioMap (q -> y)
 *  trainingForward        the same, the sums also written out for backward
 *  causalForward          CausalScan (q, k, v -> y) through {@link PanelReader} (in place unless its threshold is set)
 *  backward               QueryMap (q, gy, sums -> dq, gradient sums) ; KeyMap (k, v -> dk, dv)
 *  causalTrainingForward  CausalScan as causalForward, the state saved before every 64th row (checkpoints)
 *  causalBackward         per 64-row span last to first: CausalReplay from its checkpoint (dq, stash) ;
 *                         CausalBackwardScan over the stash, rows in reverse (dk, dv)
 * </pre>
 */
public final class CpuEa {

    private CpuEa() {}

    /** Registers the six twins under their reference ids. */
    public static void register(TwinTable<CpuPool> t) {
        t.add(EaSeriesKernels::forward, pool -> (q, k, v, y, B, L, D, p) -> forward(q, k, v, y, B, L, D, p, pool,
                VectorConfig.vectorized()));
        t.add(EaSeriesKernels::causalForward, pool -> (q, k, v, y, B, L, D, p) -> causalForward(q, k, v, y, B, L, D, p,
                pool, VectorConfig.vectorized()));
        t.add(EaSeriesKernels::trainingForward, pool -> (q, k, v, y, sums, B, L, D, p) -> trainingForward(q, k, v, y,
                sums, B, L, D, p, pool, VectorConfig.vectorized()));
        t.add(EaSeriesKernels::backward, pool -> (q, k, v, gy, sums, dq, dk, dv, B, L, D, p) -> backward(q, k, v, gy,
                sums, dq, dk, dv, B, L, D, p, pool, VectorConfig.vectorized()));
        t.add(EaSeriesKernels::causalTrainingForward, pool -> (q, k, v, y, saved, B, L, D, p) ->
                causalTrainingForward(q, k, v, y, saved, B, L, D, p, pool, VectorConfig.vectorized()));
        t.add(EaSeriesKernels::causalBackward, pool -> (q, k, v, gy, saved, dq, dk, dv, B, L, D, p) ->
                causalBackward(q, k, v, gy, saved, dq, dk, dv, B, L, D, p, pool, VectorConfig.vectorized()));
    }

    /** True when blocks of p run on the vector kernels (register-resident for p = 2 and 6, vectorAny otherwise). */
    static boolean vectorKernels(int p, boolean vector) {
        return vector;
    }

    /** Twin of {@code EaSeriesKernels.forward}. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p, CpuPool pool,
                               boolean vector) {
        forward(q, k, v, y, null, B, L, D, p, pool, vector);
    }

    /** Twin of {@code EaSeriesKernels.trainingForward}: the forward, and its sums into {@code sums}. */
    public static void trainingForward(float[] q, float[] k, float[] v, float[] y, float[] sums, int B, int L, int D,
                                       int p, CpuPool pool, boolean vector) {
        forward(q, k, v, y, sums, B, L, D, p, pool, vector);
    }

    /** Reduce then RatioMap; the sums also go to {@code sums} [B, 2p+3, D] unless it is null. */
    private static void forward(float[] q, float[] k, float[] v, float[] y, float[] sums, int B, int L, int D, int p,
                                CpuPool pool, boolean vector) {
        boolean vk = vectorKernels(p, vector);
        float kmax = EaMath.keyClamp(p);
        int size = Slots.count(p) * VL;
        float[] a = new float[EaMath.MAX_TERMS];
        EaMath.coefficients(a, p);
        CpuVectorMath.segments(pool, B, D, vector, (long) B * L * D * (p + 1), (b, c0, c1) -> {
            int base = b * L * D, blocks = vk ? (c1 - c0) / VL : 0, R = chunkRows(blocks);
            float[] st = Slots.fresh(blocks, VL, p, Float.POSITIVE_INFINITY);
            for (int i0 = 0; i0 < L; i0 += R) {
                int rows = Math.min(R, L - i0), row0 = base + i0 * D + c0;
                touchAhead(base, i0, R, L, D, c0, c0 + blocks * VL, k, v);
                for (int t = 0; t < blocks; t++) {
                    if (p == 6) Reduce.vector6(k, v, row0 + t * VL, D, rows, kmax, st, t * size);
                    else if (p == 2) Reduce.vector2(k, v, row0 + t * VL, D, rows, kmax, st, t * size);
                    else Reduce.vectorAny(k, v, row0 + t * VL, D, rows, kmax, st, t * size, p);
                }
            }
            if (sums != null) Slots.toSums(st, blocks, VL, p, a, sums, b, c0, D);
            for (int i0 = 0; i0 < L; i0 += R) {
                int rows = Math.min(R, L - i0), row0 = base + i0 * D + c0;
                touchAhead(base, i0, R, L, D, c0, c0 + blocks * VL, q, y);
                for (int t = 0; t < blocks; t++) {
                    if (p == 6) RatioMap.vector6(q, y, row0 + t * VL, D, rows, st, t * size);
                    else if (p == 2) RatioMap.vector2(q, y, row0 + t * VL, D, rows, st, t * size);
                    else RatioMap.vectorAny(q, y, row0 + t * VL, D, rows, st, t * size, p);
                }
            }
            for (int c = c0 + blocks * VL; c < c1; c++) {
                float[] s1 = Slots.fresh(1, 1, p, Float.POSITIVE_INFINITY);
                Reduce.scalar(k, v, base + c, D, L, kmax, s1, 0, p);
                if (sums != null) Slots.toSums(s1, 1, 1, p, a, sums, b, c, D);
                RatioMap.scalar(q, y, base + c, D, L, s1, 0, p);
            }
        });
    }

    /** Twin of {@code EaSeriesKernels.causalForward}. */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p,
                                     CpuPool pool, boolean vector) {
        causalScan(q, k, v, y, null, B, L, D, p, pool, vector, PanelReader.PANEL_BYTES);
    }

    /**
     * Twin of {@code EaSeriesKernels.causalTrainingForward}: the causal forward, storing each block's state into the
     * checkpoints saved [B, checkpoints(L), 2p+3, D] before every 64th row.
     */
    public static void causalTrainingForward(float[] q, float[] k, float[] v, float[] y, float[] saved, int B, int L,
                                             int D, int p, CpuPool pool, boolean vector) {
        causalScan(q, k, v, y, saved, B, L, D, p, pool, vector, PanelReader.PANEL_BYTES);
    }

    /**
     * The causal forward, storing checkpoints unless {@code saved} is null; EA-2 and EA-6 read through panels when
     * q, k, v, y together exceed {@code panelBytes}. A chunk's scan of a block stops at each checkpoint row.
     */
    static void causalScan(float[] q, float[] k, float[] v, float[] y, float[] saved, int B, int L, int D, int p,
                           CpuPool pool, boolean vector, long panelBytes) {
        boolean vk = vectorKernels(p, vector);
        boolean panels = vk && (p == 6 || p == 2) && 16L * B * L * D > panelBytes;
        float kmax = EaMath.keyClamp(p);
        int size = Slots.count(p) * VL, nc = EaSeriesKernels.checkpoints(L), CK = EaSeriesKernels.CHECKPOINT_ROWS;
        float[] a = new float[EaMath.MAX_TERMS];
        EaMath.coefficients(a, p);
        CpuVectorMath.segments(pool, B, D, vector, (long) B * L * D * (p + 1), (b, c0, c1) -> {
            int base = b * L * D, blocks = vk ? (c1 - c0) / VL : 0;
            if (blocks > 0) {
                float[] st = Slots.fresh(blocks, VL, p, Float.POSITIVE_INFINITY);
                PanelReader in = new PanelReader(q, k, v, base + c0, L, D, blocks, panels);
                for (int i0 = 0; i0 < L; i0 += in.R) {
                    int rows = in.begin(i0);
                    for (int t = 0; t < blocks; t++) {
                        int so = t * size;
                        // one span per call: up to the next checkpoint row when saving, else the whole chunk
                        for (int r0 = 0, span; r0 < rows; r0 += span) {
                            int i = i0 + r0;
                            span = saved == null ? rows : Math.min(rows - r0, CK - i % CK);
                            if (saved != null && i % CK == 0) {
                                Slots.store(st, so, VL, p, a, saved, b * nc + i / CK, c0 + t * VL, D);
                            }
                            int from = in.offset(t) + r0 * in.stride, to = in.arrayOffset(t) + r0 * D;
                            if (p == 6) CausalScan.vector6(in.q, in.k, in.v, from, in.stride, y, to, D, span, kmax,
                                    st, so);
                            else if (p == 2) CausalScan.vector2(in.q, in.k, in.v, from, in.stride, y, to, D, span,
                                    kmax, st, so);
                            else CausalScan.vectorAny(in.q, in.k, in.v, from, in.stride, y, to, D, span, kmax, st,
                                    so, p);
                        }
                        in.move();
                    }
                    in.end();
                }
            }
            for (int c = c0 + blocks * VL; c < c1; c++) {
                float[] s1 = Slots.fresh(1, 1, p, Float.POSITIVE_INFINITY);
                for (int i0 = 0; i0 < L; i0 += CK) {
                    int rows = Math.min(CK, L - i0);
                    if (saved != null) Slots.store(s1, 0, 1, p, a, saved, b * nc + i0 / CK, c, D);
                    CausalScan.scalar(q, k, v, base + i0 * D + c, D, y, rows, kmax, s1, 0, p);
                }
            }
        });
    }

    /** Twin of {@code EaSeriesKernels.backward}: QueryMap then KeyMap from the forward's sums. */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] sums, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int p, CpuPool pool, boolean vector) {
        boolean vk = vectorKernels(p, vector);
        float kmax = EaMath.keyClamp(p);
        int size = Slots.count(p) * VL;
        float[] a = new float[EaMath.MAX_TERMS];
        EaMath.coefficients(a, p);
        CpuVectorMath.segments(pool, B, D, vector, 2L * B * L * D * (p + 1), (b, c0, c1) -> {
            int base = b * L * D, blocks = vk ? (c1 - c0) / VL : 0, R = chunkRows(blocks);
            float[] st = Slots.fromSums(sums, blocks, VL, p, a, b, c0, D);
            float[] g = Slots.fresh(blocks, VL, p, 0f);
            for (int i0 = 0; i0 < L; i0 += R) {
                int rows = Math.min(R, L - i0), row0 = base + i0 * D + c0;
                touchAhead(base, i0, R, L, D, c0, c0 + blocks * VL, q, gy);
                for (int t = 0; t < blocks; t++) {
                    if (p == 6) QueryMap.vector6(q, gy, dq, row0 + t * VL, D, rows, st, t * size, g, t * size);
                    else if (p == 2) QueryMap.vector2(q, gy, dq, row0 + t * VL, D, rows, st, t * size, g, t * size);
                    else QueryMap.vectorAny(q, gy, dq, row0 + t * VL, D, rows, st, t * size, g, t * size, p);
                }
            }
            for (int i0 = 0; i0 < L; i0 += R) {
                int rows = Math.min(R, L - i0), row0 = base + i0 * D + c0;
                touchAhead(base, i0, R, L, D, c0, c0 + blocks * VL, k, v);
                for (int t = 0; t < blocks; t++) {
                    if (p == 6) KeyMap.vector6(k, v, dk, dv, row0 + t * VL, D, rows, kmax, st, t * size, g, t * size);
                    else if (p == 2) KeyMap.vector2(k, v, dk, dv, row0 + t * VL, D, rows, kmax, st, t * size, g,
                            t * size);
                    else KeyMap.vectorAny(k, v, dk, dv, row0 + t * VL, D, rows, kmax, st, t * size, g, t * size, p);
                }
            }
            float[] pw = new float[p + 1];
            for (int c = c0 + blocks * VL; c < c1; c++) {
                float[] s1 = Slots.fromSums(sums, 1, 1, p, a, b, c, D), g1 = Slots.fresh(1, 1, p, 0f);
                QueryMap.scalar(q, gy, dq, base + c, D, L, s1, 0, g1, 0, pw, p);
                KeyMap.scalar(k, v, dk, dv, base + c, D, L, kmax, s1, 0, g1, 0, p);
            }
        });
    }

    /**
     * Twin of {@code EaSeriesKernels.causalBackward}: per thread segment, the checkpoint spans last to first, block
     * by block: CausalReplay from the span's checkpoint (dq, and the stash), then CausalBackwardScan over the span in
     * reverse (dk, dv), the gradient sums kept per block between spans. The span's rows of q, k, v are still in
     * cache for the reverse scan, so q, k, v and gy are read from memory once.
     */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] gy, float[] saved, float[] dq,
                                      float[] dk, float[] dv, int B, int L, int D, int p, CpuPool pool,
                                      boolean vector) {
        boolean vk = vectorKernels(p, vector);
        float kmax = EaMath.keyClamp(p);
        int size = Slots.count(p) * VL, nc = EaSeriesKernels.checkpoints(L), CK = EaSeriesKernels.CHECKPOINT_ROWS;
        float[] a = new float[EaMath.MAX_TERMS];
        EaMath.coefficients(a, p);
        CpuVectorMath.segments(pool, B, D, vector, 3L * B * L * D * (p + 1), (b, c0, c1) -> {
            int base = b * L * D, blocks = vk ? (c1 - c0) / VL : 0;
            float[] g = Slots.fresh(blocks, VL, p, Float.NEGATIVE_INFINITY), st = new float[size];
            float[] stash = CausalReplay.stash(VL);
            for (int ck = blocks > 0 ? nc - 1 : -1; ck >= 0; ck--) {
                int i0 = ck * CK, rows = Math.min(CK, L - i0), row0 = base + i0 * D + c0;
                for (int t = 0; t < blocks; t++) {
                    int at0 = row0 + t * VL, go = t * size;
                    Slots.load(saved, b * nc + ck, c0 + t * VL, D, VL, p, a, st, 0);
                    if (p == 6) {
                        CausalReplay.vector6(q, k, v, gy, dq, at0, D, rows, kmax, st, 0, stash);
                        CausalBackwardScan.vector6(q, k, v, stash, dk, dv, at0, D, rows, kmax, g, go);
                    } else if (p == 2) {
                        CausalReplay.vector2(q, k, v, gy, dq, at0, D, rows, kmax, st, 0, stash);
                        CausalBackwardScan.vector2(q, k, v, stash, dk, dv, at0, D, rows, kmax, g, go);
                    } else {
                        CausalReplay.vectorAny(q, k, v, gy, dq, at0, D, rows, kmax, st, 0, stash, p);
                        CausalBackwardScan.vectorAny(q, k, v, stash, dk, dv, at0, D, rows, kmax, g, go, p);
                    }
                }
            }
            float[] pw = new float[p + 1], s1 = new float[Slots.count(p)], stash1 = CausalReplay.stash(1);
            for (int c = c0 + blocks * VL; c < c1; c++) {
                float[] g1 = Slots.fresh(1, 1, p, Float.NEGATIVE_INFINITY);
                for (int ck = nc - 1; ck >= 0; ck--) {
                    int i0 = ck * CK, rows = Math.min(CK, L - i0), at0 = base + i0 * D + c;
                    Slots.load(saved, b * nc + ck, c, D, 1, p, a, s1, 0);
                    CausalReplay.scalar(q, k, v, gy, dq, at0, D, rows, kmax, s1, 0, stash1, p);
                    CausalBackwardScan.scalar(q, k, v, stash1, dk, dv, at0, D, rows, kmax, g1, 0, pw, p);
                }
            }
        });
    }

    /**
     * Twin of {@code EaRecurrentKernels.prefill}: the reduce over a prompt, continuing the state s, z [B, D, p+1]
     * (without a_n) and m [B, D].
     */
    public static void prefill(float[] k, float[] v, float[] s, float[] z, float[] m, int B, int L, int D, int p,
                               CpuPool pool, boolean vector) {
        boolean vk = vectorKernels(p, vector);
        float kmax = EaMath.keyClamp(p);
        float[] a = new float[EaMath.MAX_TERMS];
        EaMath.coefficients(a, p);
        int T = p + 1, size = Slots.count(p) * VL;
        CpuVectorMath.segments(pool, B, D, vector, (long) B * (L + 2) * D * T, (b, c0, c1) -> {
            int base = b * L * D, blocks = vk ? (c1 - c0) / VL : 0, R = chunkRows(blocks);
            float[] st = new float[blocks * size];
            for (int c = c0; c < c0 + blocks * VL; c++) {
                int bc = b * D + c, so = (c - c0) / VL * size + (c - c0) % VL;
                for (int n = 0; n < T; n++) {
                    st[so + Slots.s(n) * VL] = a[n] * s[bc * T + n];
                    st[so + Slots.z(n, p) * VL] = a[n] * z[bc * T + n];
                }
                st[so + Slots.m(p) * VL] = m[bc];
            }
            for (int i0 = 0; i0 < L; i0 += R) {
                int rows = Math.min(R, L - i0), row0 = base + i0 * D + c0;
                for (int t = 0; t < blocks; t++) {
                    if (p == 6) Reduce.vector6(k, v, row0 + t * VL, D, rows, kmax, st, t * size);
                    else if (p == 2) Reduce.vector2(k, v, row0 + t * VL, D, rows, kmax, st, t * size);
                    else Reduce.vectorAny(k, v, row0 + t * VL, D, rows, kmax, st, t * size, p);
                }
            }
            for (int c = c0 + blocks * VL; c < c1; c++) {
                int bc = b * D + c;
                float[] s1 = new float[Slots.count(p)];
                for (int n = 0; n < T; n++) {
                    s1[Slots.s(n)] = a[n] * s[bc * T + n];
                    s1[Slots.z(n, p)] = a[n] * z[bc * T + n];
                }
                s1[Slots.m(p)] = m[bc];
                Reduce.scalar(k, v, base + c, D, L, kmax, s1, 0, p);
                for (int n = 0; n < T; n++) {
                    s[bc * T + n] = s1[Slots.s(n)] / a[n];
                    z[bc * T + n] = s1[Slots.z(n, p)] / a[n];
                }
                m[bc] = s1[Slots.m(p)];
            }
            for (int c = c0; c < c0 + blocks * VL; c++) {
                int bc = b * D + c, so = (c - c0) / VL * size + (c - c0) % VL;
                for (int n = 0; n < T; n++) {
                    s[bc * T + n] = st[so + Slots.s(n) * VL] / a[n];
                    z[bc * T + n] = st[so + Slots.z(n, p) * VL] / a[n];
                }
                m[bc] = st[so + Slots.m(p) * VL];
            }
        });
    }

    // ---------------------------------------------------------------- chunking of the non-causal passes

    /** Most rows per non-causal chunk. */
    static final int ROWS = 64;

    /**
     * Cache lines per array that one non-causal chunk of a thread's blocks spans: 2 arrays x 384 x 64 B in L2.
     * Measured on Zen5 (2 threads, D = 768): 384 beat 192, 768 and 1536 by 3-20%.
     */
    static final int CHUNK_LINES = 384;

    /** Rows per non-causal chunk for {@code blocks} blocks: CHUNK_LINES / blocks within [8, ROWS]. */
    static int chunkRows(int blocks) {
        return Math.max(8, Math.min(ROWS, CHUNK_LINES / Math.max(1, blocks)));
    }

    /** Keeps {@link #touchAhead}'s loads alive. */
    static volatile int sink;

    /**
     * Reads one float per cache line of the next chunk's rows (i0 + R ..) over channels [c0, c1) of two arrays,
     * row by row: the per-block passes walk rows D floats apart, which the hardware prefetchers do not follow
     * across pages; this sequential sweep lets them stream the chunk into L2 ahead of its use. The first chunk
     * touches itself as well.
     */
    static void touchAhead(int base, int i0, int R, int L, int D, int c0, int c1, float[] a1, float[] a2) {
        if (c1 <= c0) return;
        int from = i0 == 0 ? 0 : i0 + R, to = Math.min(L, i0 + 2 * R), acc = 0;
        for (int i = from; i < to; i++) {
            int row = base + i * D;
            for (int c = c0; c < c1; c += 16) {
                acc |= Float.floatToRawIntBits(a1[row + c]) | Float.floatToRawIntBits(a2[row + c]);
            }
            acc |= Float.floatToRawIntBits(a1[row + c1 - 1]) | Float.floatToRawIntBits(a2[row + c1 - 1]);
        }
        sink = acc;
    }
}
