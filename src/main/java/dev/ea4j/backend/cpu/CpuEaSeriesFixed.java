package dev.ea4j.backend.cpu;

import dev.ea4j.kernels.EaMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-resident vector paths of {@link CpuEaSeries} for the paper's orders p = 2 and p = 6. A block of
 * {@code VL} channels keeps its shift m and its 2(p+1) sums in FloatVector locals while it scans a chunk of
 * up to {@link #ROWS} rows (stride D floats); the thread then runs the same chunk for its next block (the
 * rows' neighbouring cache lines) and keeps each block's sums in a small state array between chunks. Each
 * thread of the pool takes a contiguous range of blocks; a sequential sweep over the next chunk's rows
 * ({@link #touchAhead}) brings them into L2 first. Same numerics as the generic twin (docs/numerics.md):
 * running-min shift with a rescale when some lane's key sets a new minimum, powers of the clamped key, Horner
 * in q where |q| <= 1 and in 1/q (reversed coefficients) where |q| > 1, selected per lane, denominator
 * floored at {@link EaMath#DEN_FLOOR}. The Taylor coefficients a_n = 2^n/n! are folded into the accumulated
 * terms (the sums hold a_n s_n, a_n z_n). Channels past the last full block run on the generic scalar code.
 *
 * <p>Every pass is a method small enough for C2 to inline all its Vector API calls: written out for fixed p
 * (no loop over n), a method with the key weights, both sums and both polynomials exceeds C2's parse-time
 * node budget (NodeCountInliningCutoff), leaves the rest of the calls out of line and boxes the vectors
 * (~10x slower). Check with -XX:+UnlockDiagnosticVMOptions -XX:+PrintInlining after any change here.
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

    /** Causal forward for p = 2 or 6 (vector path). */
    static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p,
                              CpuPool pool) {
        float kmax = EaMath.keyClamp(p);
        CpuVectorMath.segments(pool, B, D, true, (long) B * L * D * (p + 1), (b, c0, c1) -> {
            int base = b * L * D;
            int blocks = (c1 - c0) / VL;
            int R = chunkRows(blocks);
            Chunk c = new Chunk(blocks);
            for (int i0 = 0; i0 < L; i0 += R) {
                int rows = Math.min(R, L - i0);
                if (PREFETCH) touchAhead(base, i0, R, L, D, c0, c0 + blocks * VL, k, v, q, y);
                for (int t = 0; t < blocks; t++) {
                    int at0 = base + i0 * D + c0 + t * VL;
                    int so = t * SLOT;
                    keys(k, at0, D, rows, kmax, c, so);
                    if (p == 6) {
                        den6(q, at0, D, rows, c, so);
                        num6(q, v, y, at0, D, rows, c, so);
                    } else {
                        causal2(q, v, y, at0, D, rows, c, so);
                    }
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

    /** Most rows per chunk (the per-row scratch of one chunk stays in L1). */
    static final int ROWS = 64;

    /**
     * Cache lines per array that one chunk of a thread's blocks spans: 4 arrays x 384 x 64 B = 96 KiB, in L2.
     * Measured on Zen5 (2 threads, D = 768): 384 beat 192, 768 and 1536 by 3-20% on the causal scans (its
     * chunk rows, about one page per row per array, also stay within the L1 TLB), same on the non-causal ones.
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
     * The causal scan's block states ({@link #state}) and the per-row values the key pass hands the sum passes
     * of one block and chunk: weight e, clamped key kc, and where {@code flag} is set the rescale factor f of
     * the row's new minima; for p = 6 also the Horner base w and the denominator den per row.
     */
    static final class Chunk {
        final float[] st;
        final float[] e = new float[ROWS * VL];
        final float[] kc = new float[ROWS * VL];
        final float[] w = new float[ROWS * VL];
        final float[] f = new float[ROWS * VL];
        final float[] den = new float[ROWS * VL];
        final boolean[] flag = new boolean[ROWS];

        Chunk(int blocks) {
            st = state(blocks);
        }
    }

    /*
     * The causal row work is split in passes over a chunk of rows (keys, then for p = 6 the denominator
     * sums, then the numerator sums), because one method doing all of it exceeds C2's inlining node budget
     * (NodeCountInliningCutoff) and boxes its vectors. Each pass keeps its sums in registers over the chunk.
     */

    /**
     * Key pass over a chunk: lowers the shift m to min(m, k^2) row by row, and stores per row the weight
     * e = e^{m - k^2}, the clamped key, and (flag) the factor e^{k^2 - m_old} that lanes
     * with a new minimum apply to their sums (1 in the other lanes).
     */
    static void keys(float[] k, int at0, int D, int rows, float kmax, Chunk c, int so) {
        float[] e = c.e, kc = c.kc, f = c.f;
        boolean[] flag = c.flag;
        FloatVector m = FloatVector.fromArray(S, c.st, so + 14 * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
            // one exp serves both: g = e^{-|k^2 - m|} is the rescale factor e^{k^2 - m} of lanes with a new
            // minimum (whose own weight is then 1) and the weight e^{m - k^2} of the others
            FloatVector d = k2.sub(m);
            FloatVector g = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            boolean any = lower.anyTrue();
            flag[r] = any;
            if (any) {
                g.blend(ONE, lower.not()).intoArray(f, r * VL);
                g = g.blend(ONE, lower);
                m = m.min(k2);
            }
            g.intoArray(e, r * VL);
            kv.max(-kmax).min(kmax).intoArray(kc, r * VL);
        }
        m.intoArray(c.st, so + 14 * VL);
    }

    /**
     * EA-6 denominator pass over a chunk: z sums, then den = max(sum_n a_n w^n z_n (scaled), DEN_FLOOR) per row;
     * stores den and the Horner base w for {@link #num6}.
     */
    static void den6(float[] q, int at0, int D, int rows, Chunk c, int so) {
        float[] acc = c.st, e = c.e, kc = c.kc, w = c.w, f = c.f, den = c.den;
        boolean[] flag = c.flag;
        FloatVector z0 = FloatVector.fromArray(S, acc, so + 7 * VL), z1 = FloatVector.fromArray(S, acc, so + 8 * VL);
        FloatVector z2 = FloatVector.fromArray(S, acc, so + 9 * VL), z3 = FloatVector.fromArray(S, acc, so + 10 * VL);
        FloatVector z4 = FloatVector.fromArray(S, acc, so + 11 * VL), z5 = FloatVector.fromArray(S, acc, so + 12 * VL);
        FloatVector z6 = FloatVector.fromArray(S, acc, so + 13 * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            int o = r * VL;
            if (flag[r]) {
                FloatVector fr = FloatVector.fromArray(S, f, o);
                z0 = z0.mul(fr); z1 = z1.mul(fr); z2 = z2.mul(fr); z3 = z3.mul(fr);
                z4 = z4.mul(fr); z5 = z5.mul(fr); z6 = z6.mul(fr);
            }
            FloatVector x = FloatVector.fromArray(S, e, o);
            FloatVector kr = FloatVector.fromArray(S, kc, o);
            // x_n = a_n kc^n e, a_n = 2^n/n!: x_n = x_{n-1} * kc * 2/n
            z0 = z0.add(x);
            x = x.mul(kr.mul(2f));
            z1 = z1.add(x);
            x = x.mul(kr);
            z2 = z2.add(x);
            x = x.mul(kr.mul(2f / 3f));
            z3 = z3.add(x);
            x = x.mul(kr.mul(0.5f));
            z4 = z4.add(x);
            x = x.mul(kr.mul(0.4f));
            z5 = z5.add(x);
            x = x.mul(kr.mul(1f / 3f));
            z6 = z6.add(x);
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = large(qv);
            FloatVector wr = hornerBase(qv, big);
            wr.intoArray(w, o);
            horner6(wr, big, z0, z1, z2, z3, z4, z5, z6).max(EaMath.DEN_FLOOR).intoArray(den, o);
        }
        z0.intoArray(acc, so + 7 * VL); z1.intoArray(acc, so + 8 * VL); z2.intoArray(acc, so + 9 * VL);
        z3.intoArray(acc, so + 10 * VL); z4.intoArray(acc, so + 11 * VL); z5.intoArray(acc, so + 12 * VL);
        z6.intoArray(acc, so + 13 * VL);
    }

    /** EA-6 numerator pass over a chunk: s sums, then y = sum_n a_n w^n s_n (scaled) / den per row. */
    static void num6(float[] q, float[] v, float[] y, int at0, int D, int rows, Chunk c, int so) {
        float[] acc = c.st, e = c.e, kc = c.kc, w = c.w, f = c.f, den = c.den;
        boolean[] flag = c.flag;
        FloatVector s0 = FloatVector.fromArray(S, acc, so), s1 = FloatVector.fromArray(S, acc, so + VL);
        FloatVector s2 = FloatVector.fromArray(S, acc, so + 2 * VL), s3 = FloatVector.fromArray(S, acc, so + 3 * VL);
        FloatVector s4 = FloatVector.fromArray(S, acc, so + 4 * VL), s5 = FloatVector.fromArray(S, acc, so + 5 * VL);
        FloatVector s6 = FloatVector.fromArray(S, acc, so + 6 * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            int o = r * VL;
            if (flag[r]) {
                FloatVector fr = FloatVector.fromArray(S, f, o);
                s0 = s0.mul(fr); s1 = s1.mul(fr); s2 = s2.mul(fr); s3 = s3.mul(fr);
                s4 = s4.mul(fr); s5 = s5.mul(fr); s6 = s6.mul(fr);
            }
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector x = FloatVector.fromArray(S, e, o);
            FloatVector kr = FloatVector.fromArray(S, kc, o);
            s0 = x.fma(vv, s0);
            x = x.mul(kr.mul(2f));
            s1 = x.fma(vv, s1);
            x = x.mul(kr);
            s2 = x.fma(vv, s2);
            x = x.mul(kr.mul(2f / 3f));
            s3 = x.fma(vv, s3);
            x = x.mul(kr.mul(0.5f));
            s4 = x.fma(vv, s4);
            x = x.mul(kr.mul(0.4f));
            s5 = x.fma(vv, s5);
            x = x.mul(kr.mul(1f / 3f));
            s6 = x.fma(vv, s6);
            FloatVector qv = FloatVector.fromArray(S, q, at);
            horner6(FloatVector.fromArray(S, w, o), large(qv), s0, s1, s2, s3, s4, s5, s6)
                    .div(FloatVector.fromArray(S, den, o)).intoArray(y, at);
        }
        s0.intoArray(acc, so); s1.intoArray(acc, so + VL); s2.intoArray(acc, so + 2 * VL); s3.intoArray(acc, so + 3 * VL);
        s4.intoArray(acc, so + 4 * VL); s5.intoArray(acc, so + 5 * VL); s6.intoArray(acc, so + 6 * VL);
    }

    /** EA-2 sum pass over a chunk: s and z sums, y = ratio per row (sums at n*VL and (7+n)*VL as for p = 6). */
    static void causal2(float[] q, float[] v, float[] y, int at0, int D, int rows, Chunk c, int so) {
        float[] acc = c.st, e = c.e, kc = c.kc, f = c.f;
        boolean[] flag = c.flag;
        FloatVector s0 = FloatVector.fromArray(S, acc, so), s1 = FloatVector.fromArray(S, acc, so + VL);
        FloatVector s2 = FloatVector.fromArray(S, acc, so + 2 * VL);
        FloatVector z0 = FloatVector.fromArray(S, acc, so + 7 * VL), z1 = FloatVector.fromArray(S, acc, so + 8 * VL);
        FloatVector z2 = FloatVector.fromArray(S, acc, so + 9 * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            int o = r * VL;
            if (flag[r]) {
                FloatVector fr = FloatVector.fromArray(S, f, o);
                s0 = s0.mul(fr); s1 = s1.mul(fr); s2 = s2.mul(fr);
                z0 = z0.mul(fr); z1 = z1.mul(fr); z2 = z2.mul(fr);
            }
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector x = FloatVector.fromArray(S, e, o);
            FloatVector kr = FloatVector.fromArray(S, kc, o);
            z0 = z0.add(x); s0 = x.fma(vv, s0);
            x = x.mul(kr.mul(2f));
            z1 = z1.add(x); s1 = x.fma(vv, s1);
            x = x.mul(kr);
            z2 = z2.add(x); s2 = x.fma(vv, s2);
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = large(qv);
            FloatVector wr = hornerBase(qv, big);
            quotient(horner2(wr, big, s0, s1, s2), horner2(wr, big, z0, z1, z2)).intoArray(y, at);
        }
        s0.intoArray(acc, so); s1.intoArray(acc, so + VL); s2.intoArray(acc, so + 2 * VL);
        z0.intoArray(acc, so + 7 * VL); z1.intoArray(acc, so + 8 * VL); z2.intoArray(acc, so + 9 * VL);
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
