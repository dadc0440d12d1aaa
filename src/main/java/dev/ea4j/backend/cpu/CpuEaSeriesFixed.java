package dev.ea4j.backend.cpu;

import dev.ea4j.kernels.EaMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-resident vector paths of {@link CpuEaSeries} for the paper's orders p = 2 and p = 6. A block of
 * {@code VL} channels keeps its shift m and its 2(p+1) sums in FloatVector locals while it scans a chunk of
 * rows; the thread then runs the same chunk for its next block and keeps each block's sums in a small state
 * array between chunks. Each thread of the pool takes a contiguous range of blocks. The causal scans read
 * their rows through {@link ChunkPanels}: in place, or for large EA-6 inputs from block-major copies filled
 * while the previous chunk is scanned. Same numerics as the generic twin (docs/numerics.md): running-min shift
 * with a rescale when some lane's key sets a new minimum, powers of the clamped key, Horner in q where
 * |q| <= 1 and in 1/q (reversed coefficients) where |q| > 1, selected per lane, denominator floored at
 * {@link EaMath#DEN_FLOOR}. The Taylor coefficients a_n = 2^n/n! are folded into the accumulated terms (the
 * sums hold a_n s_n, a_n z_n). Channels past the last full block run on the generic scalar code.
 *
 * <p>The causal scans ({@link #scan6}, {@link #scan2}) do a row's whole work in one loop, software-pipelined:
 * the key weight of row r+1 (its exp is the longest dependency chain) is computed in the same iteration as
 * the sums and ratio of row r, so the two chains overlap instead of filling the scheduler one after the other.
 *
 * <p>C2 compiles these loops well only while it inlines every call in them; past its parse-time node budget
 * (NodeCountInliningCutoff) it still inlines the Vector API's own @ForceInline methods but refuses ours, and a
 * refused helper boxes its vectors (~10x slower). So the long loops call the Vector API directly, and the one
 * helper they call ({@link CpuVectorMath#exp}) comes first in the loop body. Check with
 * -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=PrintInlining,dev.ea4j.backend.cpu.CpuEaSeriesFixed::scan6
 * after any change here, and look for allocation in a profile.
 */
final class CpuEaSeriesFixed {

    static final VectorSpecies<Float> S = CpuVectorMath.S;
    static final int VL = S.length();
    static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private CpuEaSeriesFixed() {}

    /** True when p has a fixed path here. */
    static boolean handles(int p) {
        return p == 2 || p == 6;
    }

    // ---------------------------------------------------------------- entry points

    /** Non-causal forward for p = 2 or 6 (vector path). */
    static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p, CpuPool pool) {
        float kmax = EaMath.keyClamp(p);
        CpuVectorMath.segments(pool, B, D, true, (long) B * L * D * (p + 1), (b, c0, c1) -> {
            int base = b * L * D;
            int blocks = (c1 - c0) / VL;
            int R = chunkRows(blocks);
            float[] st = state(blocks);
            for (int i0 = 0; i0 < L; i0 += R) {
                int rows = Math.min(R, L - i0);
                if (PREFETCH) touchAhead(base, i0, R, L, D, c0, c0 + blocks * VL, k, v);
                for (int t = 0; t < blocks; t++) {
                    int at0 = base + i0 * D + c0 + t * VL;
                    if (p == 6) reduce6(k, v, at0, D, rows, kmax, st, t * SLOT);
                    else reduce2(k, v, at0, D, rows, kmax, st, t * SLOT);
                }
            }
            for (int i0 = 0; i0 < L; i0 += R) {
                int rows = Math.min(R, L - i0);
                if (PREFETCH) touchAhead(base, i0, R, L, D, c0, c0 + blocks * VL, q, y);
                for (int t = 0; t < blocks; t++) {
                    int at0 = base + i0 * D + c0 + t * VL;
                    if (p == 6) map6(q, y, at0, D, rows, st, t * SLOT);
                    else map2(q, y, at0, D, rows, st, t * SLOT);
                }
            }
            int ct = c0 + blocks * VL;
            if (ct < c1) {
                float[] a = CpuEaSeries.coefficients(p);
                CpuEaSeries.Scratch w = new CpuEaSeries.Scratch(ct, c1, p, false, false);
                CpuEaSeries.scan(q, k, v, y, L, D, p, base, ct, w, a, kmax, false);
                for (int i = 0; i < L; i++) CpuEaSeries.ratioRow(q, y, base + i * D, ct, w, a, p);
            }
        });
    }

    /** Causal forward for p = 2 or 6 (vector path): scans over {@link ChunkPanels}. */
    static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p,
                              CpuPool pool) {
        causalForward(q, k, v, y, B, L, D, p, pool, ChunkPanels.PANEL_BYTES);
    }

    /** As above, EA-6 reading through panels when q, k, v, y together exceed {@code panelBytes}. */
    static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p,
                              CpuPool pool, long panelBytes) {
        boolean panels = p == 6 && 16L * B * L * D > panelBytes;
        float kmax = EaMath.keyClamp(p);
        CpuVectorMath.segments(pool, B, D, true, (long) B * L * D * (p + 1), (b, c0, c1) -> {
            int base = b * L * D;
            int blocks = (c1 - c0) / VL;
            if (blocks > 0) {
                float[] st = state(blocks);
                ChunkPanels cp = new ChunkPanels(q, k, v, base + c0, L, D, blocks, panels);
                for (int i0 = 0; i0 < L; i0 += cp.R) {
                    int rows = cp.begin(i0);
                    for (int t = 0; t < blocks; t++) {
                        int at0 = cp.offset(t), yAt0 = cp.arrayOffset(t);
                        if (p == 6) scan6(cp.q, cp.k, cp.v, at0, cp.stride, y, yAt0, D, rows, kmax, st, t * SLOT, cp);
                        else scan2(cp.q, cp.k, cp.v, at0, cp.stride, y, yAt0, D, rows, kmax, st, t * SLOT, cp);
                    }
                    cp.end();
                }
            }
            int ct = c0 + blocks * VL;
            if (ct < c1) {
                float[] a = CpuEaSeries.coefficients(p);
                CpuEaSeries.Scratch w = new CpuEaSeries.Scratch(ct, c1, p, false, false);
                CpuEaSeries.scan(q, k, v, y, L, D, p, base, ct, w, a, kmax, true);
            }
        });
    }

    // ---------------------------------------------------------------- shared pieces

    /** |q| > 1 lanes: there the polynomials run in 1/q with reversed coefficients (EaMath.ratio's scaling). */
    static VectorMask<Float> large(FloatVector qv) {
        return qv.abs().compare(VectorOperators.GT, 1f);
    }

    /** The Horner variable: q where |q| <= 1, 1/q where |q| > 1. */
    static FloatVector hornerBase(FloatVector qv, VectorMask<Float> large) {
        return qv.blend(qv.broadcast(1f).div(qv), large);
    }

    /**
     * c0..c6 are a_n s_n (n = 0..6): sum_n c_n w^n where |q| <= 1 (Horner from c6), sum_n c_n w^(6-n) where
     * |q| > 1 (Horner from c0), w from {@link #hornerBase}.
     */
    static FloatVector horner6(FloatVector w, VectorMask<Float> large, FloatVector c0, FloatVector c1,
                               FloatVector c2, FloatVector c3, FloatVector c4, FloatVector c5, FloatVector c6) {
        FloatVector h = c6.blend(c0, large);
        h = h.fma(w, c5.blend(c1, large));
        h = h.fma(w, c4.blend(c2, large));
        h = h.fma(w, c3);
        h = h.fma(w, c2.blend(c4, large));
        h = h.fma(w, c1.blend(c5, large));
        return h.fma(w, c0.blend(c6, large));
    }

    /** As {@link #horner6} for p = 2. */
    static FloatVector horner2(FloatVector w, VectorMask<Float> large, FloatVector c0, FloatVector c1,
                               FloatVector c2) {
        FloatVector h = c2.blend(c0, large);
        h = h.fma(w, c1);
        return h.fma(w, c0.blend(c2, large));
    }

    /** num / max(den, DEN_FLOOR). */
    static FloatVector quotient(FloatVector num, FloatVector den) {
        return num.div(den.max(EaMath.DEN_FLOOR));
    }

    // ---------------------------------------------------------------- causal scan

    /** Most rows per non-causal chunk. */
    static final int ROWS = 64;

    /**
     * Cache lines per array that one non-causal chunk of a thread's blocks spans: 2 arrays x 384 x 64 B in L2.
     * Measured on Zen5 (2 threads, D = 768): 384 beat 192, 768 and 1536 by 3-20% (its chunk rows, about one
     * page per row per array, also stay within the L1 TLB). The causal scans chunk by {@link ChunkPanels}.
     */
    static final int CHUNK_LINES = 384;

    /**
     * Rows per chunk for a thread with {@code blocks} blocks: CHUNK_LINES / blocks within [8, ROWS], so the
     * chunk's rows, touched ahead by {@link #touchAhead}, stay in L2 while every block passes over them.
     */
    static int chunkRows(int blocks) {
        return Math.max(8, Math.min(ROWS, CHUNK_LINES / Math.max(1, blocks)));
    }

    /**
     * Per-block state between chunks, block t at so = t * SLOT: sums a_n s_n at so + n*VL and a_n z_n at
     * so + (7+n)*VL (n = 0..p), shift m at so + 14*VL.
     */
    static final int SLOT = 15 * VL;

    /** State for {@code blocks} blocks: zero sums, shift +inf. */
    static float[] state(int blocks) {
        float[] st = new float[blocks * SLOT];
        for (int t = 0; t < blocks; t++) java.util.Arrays.fill(st, t * SLOT + 14 * VL, (t + 1) * SLOT, Float.POSITIVE_INFINITY);
        return st;
    }

    /**
     * EA-6 causal scan of one block over {@code rows} rows: q, k, v from at0 with rows D floats apart (a
     * panel or the arrays), y to yAt0 with rows yD apart; continues the shift m and the sums at st[so..]
     * ({@link #SLOT}); y = (sum_n a_n w^n s_n) / max(sum_n a_n w^n z_n, DEN_FLOOR), w from {@link #hornerBase}.
     * Each row also moves a line of cp's next chunk. Pipelined: iteration r does stage A (weight e^{m - k^2},
     * clamped key, rescale factor) of row r+1 and stages B, C (sums, ratio) of row r; iteration -1 only A,
     * and past the last row A re-reads that row, which leaves m unchanged.
     */
    static void scan6(float[] q, float[] k, float[] v, int at0, int D, float[] y, int yAt0, int yD, int rows,
                      float kmax, float[] st, int so, ChunkPanels cp) {
        FloatVector m = FloatVector.fromArray(S, st, so + 14 * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so), s1 = FloatVector.fromArray(S, st, so + VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + 2 * VL), s3 = FloatVector.fromArray(S, st, so + 3 * VL);
        FloatVector s4 = FloatVector.fromArray(S, st, so + 4 * VL), s5 = FloatVector.fromArray(S, st, so + 5 * VL);
        FloatVector s6 = FloatVector.fromArray(S, st, so + 6 * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + 7 * VL), z1 = FloatVector.fromArray(S, st, so + 8 * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + 9 * VL), z3 = FloatVector.fromArray(S, st, so + 10 * VL);
        FloatVector z4 = FloatVector.fromArray(S, st, so + 11 * VL), z5 = FloatVector.fromArray(S, st, so + 12 * VL);
        FloatVector z6 = FloatVector.fromArray(S, st, so + 13 * VL);
        // values carried from stage A to the next iteration; built here, not taken from ONE, so that C2 keeps
        // them in registers (a phi with a constant object boxes)
        FloatVector x = FloatVector.broadcast(S, 1f), kc = x, f = x;
        boolean rescale = false;
        // cp.step(), written out on local copies of its cursors (the call costs ~15% in this loop: field
        // loads and stores every row)
        float[] bq = cp.bq, bk = cp.bk, bv = cp.bv, nq = cp.nq, nk = cp.nk, nv = cp.nv;
        int inLeft = cp.inLeft, inSrc = cp.inSrc, inDst = cp.inDst, inBlock = cp.inBlock;
        int blocks = cp.blocks, rowSkip = cp.D - blocks * VL, panelRow = cp.R * VL;
        int panelWrap = blocks * panelRow - VL;
        for (int r = -1, at = at0 - D, yat = yAt0 - yD; r < rows; r++, at += D, yat += yD) {
            if (inLeft > 0) {
                FloatVector.fromArray(S, bq, inSrc).intoArray(nq, inDst);
                FloatVector.fromArray(S, bk, inSrc).intoArray(nk, inDst);
                FloatVector.fromArray(S, bv, inSrc).intoArray(nv, inDst);
                inLeft--;
                inSrc += VL;
                inDst += panelRow;
                if (++inBlock == blocks) { inBlock = 0; inSrc += rowSkip; inDst -= panelWrap; }
            }
            // A, row r + 1: one exp serves both the rescale factor e^{k^2 - m_old} of lanes with a new minimum
            // (whose own weight is then 1) and the weight e^{m - k^2} of the others
            FloatVector kn = FloatVector.fromArray(S, k, r + 1 < rows ? at + D : at);
            FloatVector k2 = kn.mul(kn), kcNext = kn;
            if (kn.abs().compare(VectorOperators.GT, kmax).anyTrue()) {
                // rare, keys past the clamp (only there can k^2 overflow): clamp by compare and blend, as
                // FloatVector.min/max keep Java's NaN rules at ~5 AVX-512 instructions each
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kcNext = kn.blend(kmax, kn.compare(VectorOperators.GT, kmax));
                kcNext = kcNext.blend(-kmax, kcNext.compare(VectorOperators.LT, -kmax));
            }
            FloatVector d = k2.sub(m);
            FloatVector g = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            boolean rescaleNext = lower.anyTrue();
            FloatVector fNext = g.blend(ONE, lower.not());
            FloatVector xNext = g.blend(ONE, lower);
            m = m.blend(k2, lower);
            if (r >= 0) {
                // B, row r: x_n = a_n kc^n e, a_n = 2^n/n!: x_n = x_{n-1} * kc * 2/n
                if (rescale) {
                    s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f); s3 = s3.mul(f);
                    s4 = s4.mul(f); s5 = s5.mul(f); s6 = s6.mul(f);
                    z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f); z3 = z3.mul(f);
                    z4 = z4.mul(f); z5 = z5.mul(f); z6 = z6.mul(f);
                }
                FloatVector vv = FloatVector.fromArray(S, v, at);
                z0 = z0.add(x); s0 = x.fma(vv, s0);
                x = x.mul(kc.mul(2f));
                z1 = z1.add(x); s1 = x.fma(vv, s1);
                x = x.mul(kc);
                z2 = z2.add(x); s2 = x.fma(vv, s2);
                x = x.mul(kc.mul(2f / 3f));
                z3 = z3.add(x); s3 = x.fma(vv, s3);
                x = x.mul(kc.mul(0.5f));
                z4 = z4.add(x); s4 = x.fma(vv, s4);
                x = x.mul(kc.mul(0.4f));
                z5 = z5.add(x); s5 = x.fma(vv, s5);
                x = x.mul(kc.mul(1f / 3f));
                z6 = z6.add(x); s6 = x.fma(vv, s6);
                // C, row r: horner6 for both sums, written out (see the class comment)
                FloatVector qv = FloatVector.fromArray(S, q, at);
                VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
                FloatVector w = qv.blend(ONE.div(qv), big);
                FloatVector hs = s6.blend(s0, big), hz = z6.blend(z0, big);
                hs = hs.fma(w, s5.blend(s1, big)); hz = hz.fma(w, z5.blend(z1, big));
                hs = hs.fma(w, s4.blend(s2, big)); hz = hz.fma(w, z4.blend(z2, big));
                hs = hs.fma(w, s3); hz = hz.fma(w, z3);
                hs = hs.fma(w, s2.blend(s4, big)); hz = hz.fma(w, z2.blend(z4, big));
                hs = hs.fma(w, s1.blend(s5, big)); hz = hz.fma(w, z1.blend(z5, big));
                hs = hs.fma(w, s0.blend(s6, big)); hz = hz.fma(w, z0.blend(z6, big));
                hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
                hs.div(hz).intoArray(y, yat);
            }
            x = xNext; kc = kcNext; f = fNext; rescale = rescaleNext;
        }
        m.intoArray(st, so + 14 * VL);
        s0.intoArray(st, so); s1.intoArray(st, so + VL); s2.intoArray(st, so + 2 * VL); s3.intoArray(st, so + 3 * VL);
        s4.intoArray(st, so + 4 * VL); s5.intoArray(st, so + 5 * VL); s6.intoArray(st, so + 6 * VL);
        z0.intoArray(st, so + 7 * VL); z1.intoArray(st, so + 8 * VL); z2.intoArray(st, so + 9 * VL);
        z3.intoArray(st, so + 10 * VL); z4.intoArray(st, so + 11 * VL); z5.intoArray(st, so + 12 * VL);
        z6.intoArray(st, so + 13 * VL);
        cp.inLeft = inLeft; cp.inSrc = inSrc; cp.inDst = inDst; cp.inBlock = inBlock;
    }

    /**
     * EA-2 causal scan of one block, pipelined as {@link #scan6} (sums at n*VL and (7+n)*VL as for p = 6). Its
     * stage A is scan6's, written out again: a shared helper would return four vectors, and C2 boxes returned
     * vectors it cannot inline, which these loops are too large for.
     */
    static void scan2(float[] q, float[] k, float[] v, int at0, int D, float[] y, int yAt0, int yD, int rows,
                      float kmax, float[] st, int so, ChunkPanels cp) {
        FloatVector m = FloatVector.fromArray(S, st, so + 14 * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so), s1 = FloatVector.fromArray(S, st, so + VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + 2 * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + 7 * VL), z1 = FloatVector.fromArray(S, st, so + 8 * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + 9 * VL);
        FloatVector x = FloatVector.broadcast(S, 1f), kc = x, f = x;
        boolean rescale = false;
        for (int r = -1, at = at0 - D, yat = yAt0 - yD; r < rows; r++, at += D, yat += yD) {
            cp.step();
            FloatVector kn = FloatVector.fromArray(S, k, r + 1 < rows ? at + D : at);
            FloatVector k2 = kn.mul(kn), kcNext = kn;
            if (kn.abs().compare(VectorOperators.GT, kmax).anyTrue()) {
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kcNext = kn.blend(kmax, kn.compare(VectorOperators.GT, kmax));
                kcNext = kcNext.blend(-kmax, kcNext.compare(VectorOperators.LT, -kmax));
            }
            FloatVector d = k2.sub(m);
            FloatVector g = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            boolean rescaleNext = lower.anyTrue();
            FloatVector fNext = g.blend(ONE, lower.not());
            FloatVector xNext = g.blend(ONE, lower);
            m = m.blend(k2, lower);
            if (r >= 0) {
                if (rescale) {
                    s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f);
                    z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f);
                }
                FloatVector vv = FloatVector.fromArray(S, v, at);
                z0 = z0.add(x); s0 = x.fma(vv, s0);
                x = x.mul(kc.mul(2f));
                z1 = z1.add(x); s1 = x.fma(vv, s1);
                x = x.mul(kc);
                z2 = z2.add(x); s2 = x.fma(vv, s2);
                FloatVector qv = FloatVector.fromArray(S, q, at);
                VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
                FloatVector w = qv.blend(ONE.div(qv), big);
                FloatVector hs = s2.blend(s0, big), hz = z2.blend(z0, big);
                hs = hs.fma(w, s1); hz = hz.fma(w, z1);
                hs = hs.fma(w, s0.blend(s2, big)); hz = hz.fma(w, z0.blend(z2, big));
                hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
                hs.div(hz).intoArray(y, yat);
            }
            x = xNext; kc = kcNext; f = fNext; rescale = rescaleNext;
        }
        m.intoArray(st, so + 14 * VL);
        s0.intoArray(st, so); s1.intoArray(st, so + VL); s2.intoArray(st, so + 2 * VL);
        z0.intoArray(st, so + 7 * VL); z1.intoArray(st, so + 8 * VL); z2.intoArray(st, so + 9 * VL);
    }

    // ---------------------------------------------------------------- non-causal reduce and map

    /*
     * Non-causal: a reduce scan (sums over all rows, with the running-min shift, which ends at the channel's
     * minimum as in the reference) and a map scan (y from the finished sums), both chunk by chunk over the
     * thread's blocks with the block's sums in registers within a chunk and in the state between chunks.
     */

    /** EA-6 reduce over one chunk of one block: continues the sums and shift at st[so..] ({@link #SLOT}). */
    static void reduce6(float[] k, float[] v, int at0, int D, int rows, float kmax, float[] st, int so) {
        FloatVector m = FloatVector.fromArray(S, st, so + 14 * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so), s1 = FloatVector.fromArray(S, st, so + VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + 2 * VL), s3 = FloatVector.fromArray(S, st, so + 3 * VL);
        FloatVector s4 = FloatVector.fromArray(S, st, so + 4 * VL), s5 = FloatVector.fromArray(S, st, so + 5 * VL);
        FloatVector s6 = FloatVector.fromArray(S, st, so + 6 * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + 7 * VL), z1 = FloatVector.fromArray(S, st, so + 8 * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + 9 * VL), z3 = FloatVector.fromArray(S, st, so + 10 * VL);
        FloatVector z4 = FloatVector.fromArray(S, st, so + 11 * VL), z5 = FloatVector.fromArray(S, st, so + 12 * VL);
        FloatVector z6 = FloatVector.fromArray(S, st, so + 13 * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
            FloatVector d = k2.sub(m);
            FloatVector x = CpuVectorMath.exp(d.abs().neg()); // see keys
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            if (lower.anyTrue()) {
                FloatVector f = x.blend(ONE, lower.not());
                s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f); s3 = s3.mul(f);
                s4 = s4.mul(f); s5 = s5.mul(f); s6 = s6.mul(f);
                z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f); z3 = z3.mul(f);
                z4 = z4.mul(f); z5 = z5.mul(f); z6 = z6.mul(f);
                m = m.min(k2);
                x = x.blend(ONE, lower);
            }
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector kc = kv.max(-kmax).min(kmax);
            z0 = z0.add(x); s0 = x.fma(vv, s0);
            x = x.mul(kc.mul(2f));
            z1 = z1.add(x); s1 = x.fma(vv, s1);
            x = x.mul(kc);
            z2 = z2.add(x); s2 = x.fma(vv, s2);
            x = x.mul(kc.mul(2f / 3f));
            z3 = z3.add(x); s3 = x.fma(vv, s3);
            x = x.mul(kc.mul(0.5f));
            z4 = z4.add(x); s4 = x.fma(vv, s4);
            x = x.mul(kc.mul(0.4f));
            z5 = z5.add(x); s5 = x.fma(vv, s5);
            x = x.mul(kc.mul(1f / 3f));
            z6 = z6.add(x); s6 = x.fma(vv, s6);
        }
        m.intoArray(st, so + 14 * VL);
        s0.intoArray(st, so); s1.intoArray(st, so + VL); s2.intoArray(st, so + 2 * VL);
        s3.intoArray(st, so + 3 * VL); s4.intoArray(st, so + 4 * VL); s5.intoArray(st, so + 5 * VL);
        s6.intoArray(st, so + 6 * VL);
        z0.intoArray(st, so + 7 * VL); z1.intoArray(st, so + 8 * VL); z2.intoArray(st, so + 9 * VL);
        z3.intoArray(st, so + 10 * VL); z4.intoArray(st, so + 11 * VL); z5.intoArray(st, so + 12 * VL);
        z6.intoArray(st, so + 13 * VL);
    }

    /** EA-6 map over one chunk of one block: y = ratio(q) from the finished sums at st[so..]. */
    static void map6(float[] q, float[] y, int at0, int D, int rows, float[] st, int so) {
        FloatVector s0 = FloatVector.fromArray(S, st, so), s1 = FloatVector.fromArray(S, st, so + VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + 2 * VL), s3 = FloatVector.fromArray(S, st, so + 3 * VL);
        FloatVector s4 = FloatVector.fromArray(S, st, so + 4 * VL), s5 = FloatVector.fromArray(S, st, so + 5 * VL);
        FloatVector s6 = FloatVector.fromArray(S, st, so + 6 * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + 7 * VL), z1 = FloatVector.fromArray(S, st, so + 8 * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + 9 * VL), z3 = FloatVector.fromArray(S, st, so + 10 * VL);
        FloatVector z4 = FloatVector.fromArray(S, st, so + 11 * VL), z5 = FloatVector.fromArray(S, st, so + 12 * VL);
        FloatVector z6 = FloatVector.fromArray(S, st, so + 13 * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = large(qv);
            FloatVector w = hornerBase(qv, big);
            quotient(horner6(w, big, s0, s1, s2, s3, s4, s5, s6), horner6(w, big, z0, z1, z2, z3, z4, z5, z6))
                    .intoArray(y, at);
        }
    }

    /** EA-2 reduce over one chunk of one block (see {@link #reduce6}). */
    static void reduce2(float[] k, float[] v, int at0, int D, int rows, float kmax, float[] st, int so) {
        FloatVector m = FloatVector.fromArray(S, st, so + 14 * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so), s1 = FloatVector.fromArray(S, st, so + VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + 2 * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + 7 * VL), z1 = FloatVector.fromArray(S, st, so + 8 * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + 9 * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
            FloatVector d = k2.sub(m);
            FloatVector x = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            if (lower.anyTrue()) {
                FloatVector f = x.blend(ONE, lower.not());
                s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f);
                z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f);
                m = m.min(k2);
                x = x.blend(ONE, lower);
            }
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector kc = kv.max(-kmax).min(kmax);
            z0 = z0.add(x); s0 = x.fma(vv, s0);
            x = x.mul(kc.mul(2f));
            z1 = z1.add(x); s1 = x.fma(vv, s1);
            x = x.mul(kc);
            z2 = z2.add(x); s2 = x.fma(vv, s2);
        }
        m.intoArray(st, so + 14 * VL);
        s0.intoArray(st, so); s1.intoArray(st, so + VL); s2.intoArray(st, so + 2 * VL);
        z0.intoArray(st, so + 7 * VL); z1.intoArray(st, so + 8 * VL); z2.intoArray(st, so + 9 * VL);
    }

    /** EA-2 map over one chunk of one block (see {@link #map6}). */
    static void map2(float[] q, float[] y, int at0, int D, int rows, float[] st, int so) {
        FloatVector s0 = FloatVector.fromArray(S, st, so), s1 = FloatVector.fromArray(S, st, so + VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + 2 * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + 7 * VL), z1 = FloatVector.fromArray(S, st, so + 8 * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + 9 * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = large(qv);
            FloatVector w = hornerBase(qv, big);
            quotient(horner2(w, big, s0, s1, s2), horner2(w, big, z0, z1, z2)).intoArray(y, at);
        }
    }

    // ---------------------------------------------------------------- prefetch

    /** Whether chunks pre-touch the next chunk's rows (system property ea4j.eaPrefetch, default on). */
    static final boolean PREFETCH = !"false".equals(System.getProperty("ea4j.eaPrefetch"));

    /** Keeps {@link #touch}'s loads alive. */
    static volatile int sink;

    /**
     * Reads one float per cache line of the next chunk's rows (i0 + R ..) over channels [c0, c1) of the given
     * arrays, row by row: the per-block passes walk rows D floats apart, a pattern the hardware prefetchers do
     * not follow across pages; this sequential sweep lets them stream the chunk into L2 ahead of its use.
     * The first chunk touches itself as well.
     */
    static void touchAhead(int base, int i0, int R, int L, int D, int c0, int c1, float[]... arrays) {
        if (c1 <= c0) return;
        int from = i0 == 0 ? 0 : i0 + R;
        int to = Math.min(L, i0 + 2 * R);
        int acc = 0;
        for (float[] a : arrays) {
            for (int i = from; i < to; i++) {
                int row = base + i * D;
                for (int c = c0; c < c1; c += 16) acc |= Float.floatToRawIntBits(a[row + c]);
                acc |= Float.floatToRawIntBits(a[row + c1 - 1]);
            }
        }
        sink = acc;
    }
}
