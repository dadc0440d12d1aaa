package dev.ea4j.backend.cpu;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.EaMath;
import dev.ea4j.kernels.EaSeriesKernels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.EaSeriesKernels}: the same sums, shift and key clamp, parallel
 * over (b, channel range), each chunk streaming the rows i = 0..L-1 with its channels' p+1 numerator and
 * p+1 denominator accumulators in a per-chunk scratch (vector blocks of {@code VL} channels, then a scalar
 * tail). The min-shift is kept online: a lane whose key sets a new min rescales its sums by e^{k^2 - m}.
 * Every method takes {@code vector}: false runs the scalar path (same structure, no vectors).
 */
public final class CpuEaSeries {

    private CpuEaSeries() {}

    static void register(TwinTable<CpuPool> t) {
        t.add(EaSeriesKernels::forward, pool -> (q, k, v, y, B, L, D, p) -> forward(q, k, v, y, B, L, D, p, pool,
                VectorConfig.vectorized()));
        t.add(EaSeriesKernels::causalForward, pool -> (q, k, v, y, B, L, D, p) -> causalForward(q, k, v, y, B, L, D, p,
                pool, VectorConfig.vectorized()));
        t.add(EaSeriesKernels::backward, pool -> (q, k, v, gy, dq, dk, dv, B, L, D, p) -> backward(q, k, v, gy, dq, dk,
                dv, B, L, D, p, pool, VectorConfig.vectorized()));
        t.add(EaSeriesKernels::causalBackward, pool -> (q, k, v, y, gy, dq, dk, dv, work, B, L, D, p) ->
                causalBackward(q, k, v, y, gy, dq, dk, dv, work, B, L, D, p, pool, VectorConfig.vectorized()));
    }

    // ---------------------------------------------------------------- entry points

    /** Twin of {@code EaSeriesKernels.forward}. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p, CpuPool pool,
                               boolean vector) {
        if (vector && CpuEaSeriesFixed.handles(p)) {
            CpuEaSeriesFixed.forward(q, k, v, y, B, L, D, p, pool);
            return;
        }
        float[] a = coefficients(p);
        float kmax = EaMath.keyClamp(p);
        CpuVectorMath.segments(pool, B, D, vector, (long) B * L * D * (p + 1), (b, c0, c1) -> {
            Scratch w = new Scratch(c0, c1, p, vector, false);
            int base = b * L * D;
            scan(q, k, v, y, L, D, p, base, c0, w, a, kmax, false);
            for (int i = 0; i < L; i++) ratioRow(q, y, base + i * D, c0, w, a, p);
        });
    }

    /** Twin of {@code EaSeriesKernels.causalForward}. */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p,
                                     CpuPool pool, boolean vector) {
        if (vector && CpuEaSeriesFixed.handles(p)) {
            CpuEaSeriesFixed.causalForward(q, k, v, y, B, L, D, p, pool);
            return;
        }
        float[] a = coefficients(p);
        float kmax = EaMath.keyClamp(p);
        CpuVectorMath.segments(pool, B, D, vector, (long) B * L * D * (p + 1), (b, c0, c1) -> {
            Scratch w = new Scratch(c0, c1, p, vector, false);
            scan(q, k, v, y, L, D, p, b * L * D, c0, w, a, kmax, true);
        });
    }

    /** Twin of {@code EaSeriesKernels.backward}. */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, int p, CpuPool pool, boolean vector) {
        float[] a = coefficients(p);
        float kmax = EaMath.keyClamp(p);
        CpuVectorMath.segments(pool, B, D, vector, 3L * B * L * D * (p + 1), (b, c0, c1) -> {
            Scratch w = new Scratch(c0, c1, p, vector, true);
            int base = b * L * D;
            scan(q, k, v, null, L, D, p, base, c0, w, a, kmax, false);
            for (int i = 0; i < L; i++) queryRow(q, gy, dq, base + i * D, c0, w, a, p);
            for (int j = 0; j < L; j++) keyRow(k, v, dk, dv, null, 0, base + j * D, c0, w, a, kmax, p);
        });
    }

    /** Twin of {@code EaSeriesKernels.causalBackward} (work: [2, B, L, D], denominators then shifts). */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk,
                                      float[] dv, float[] work, int B, int L, int D, int p, CpuPool pool,
                                      boolean vector) {
        float[] a = coefficients(p);
        float kmax = EaMath.keyClamp(p);
        int shifts = B * L * D;
        CpuVectorMath.segments(pool, B, D, vector, 3L * B * L * D * (p + 1), (b, c0, c1) -> {
            Scratch w = new Scratch(c0, c1, p, vector, true);
            int base = b * L * D;
            for (int i = 0; i < L; i++) causalQueryRow(q, k, v, y, gy, dq, work, shifts, base + i * D, c0, w, a,
                    kmax, p);
            for (int j = L - 1; j >= 0; j--) {
                int row = base + j * D;
                collectRow(q, y, gy, work, shifts, row, j < L - 1 ? D : 0, c0, w, a, p);
                keyRow(k, v, dk, dv, work, shifts, row, c0, w, a, kmax, p);
            }
        });
    }

    // ---------------------------------------------------------------- scratch

    /**
     * Per-chunk accumulators. Vector part, block t of VL channels: s_n at (t*2T + n)*VL, z_n at
     * (t*2T + T + n)*VL, m at t*VL (gs, gz likewise in g). Scalar tail, channel c: s_n at c*2T + n,
     * z_n at c*2T + T + n, m at c.
     */
    static final class Scratch {
        final int blocks;
        final int tail;
        final int terms;
        final float[] acc;
        final float[] m;
        final float[] g;
        final float[] pw;
        final float[] accT;
        final float[] mT;
        final float[] gT;
        final float[] pwT;
        final float[] e;
        final float[] kc;
        final float[] w0;
        final float[] y;
        final float[] den;

        Scratch(int c0, int c1, int p, boolean vector, boolean gradients) {
            terms = p + 1;
            blocks = vector ? (c1 - c0) / VL : 0;
            tail = (c1 - c0) - blocks * VL;
            acc = new float[blocks * 2 * terms * VL];
            m = new float[blocks * VL];
            Arrays.fill(m, Float.POSITIVE_INFINITY);
            g = gradients ? new float[acc.length] : null;
            pw = new float[blocks * terms * VL];
            accT = new float[tail * 2 * terms];
            mT = new float[tail];
            Arrays.fill(mT, Float.POSITIVE_INFINITY);
            gT = gradients ? new float[accT.length] : null;
            pwT = new float[terms];
            e = new float[blocks * VL];
            kc = new float[blocks * VL];
            w0 = new float[blocks * VL];
            y = gradients ? new float[blocks * VL] : null;
            den = gradients ? new float[blocks * VL] : null;
        }
    }

    static float[] coefficients(int p) {
        float[] a = new float[EaMath.MAX_TERMS];
        EaMath.coefficients(a, p);
        return a;
    }

    // ---------------------------------------------------------------- forward scan

    /**
     * Rows 0..L-1 of one segment (channels c0.., row offset base): shift, accumulate, and when {@code emit}
     * write y = ratio at each row (the causal forward). Accumulators continue from {@code w}.
     */
    static void scan(float[] q, float[] k, float[] v, float[] y, int L, int D, int p, int base, int c0, Scratch w,
                     float[] a, float kmax, boolean emit) {
        int T = p + 1;
        float qmax = fastQueryLimit(p);
        for (int i = 0; i < L; i++) {
            int row = base + i * D + c0;
            if (w.blocks > 0) {
                keyRow(k, row, w, kmax, p);
                if (emit) {
                    powerRow(q, row, w, qmax, p);
                    emitRow(q, v, y, row, w, a, p);
                } else {
                    accumulateRow(v, row, w, p);
                }
            }
            // scalar tail (the whole segment on the scalar path)
            int ct = w.blocks * VL;
            for (int c = 0; c < w.tail; c++) {
                int at = row + ct + c;
                int off = c * 2 * T;
                w.mT[c] = shiftDown(k[at], w.mT[c], w.accT, off, T, p);
                accumulate(k[at], v[at], w.mT[c], kmax, w.accT, off, T, p);
                if (emit) y[at] = ratio(q[at], w.accT, off, T, a, p);
            }
        }
    }

    /*
     * The row bodies below are split in small methods that take no vectors, so each compiles with the
     * Vector API fully inlined (one big method hits C2's inlining node limit and then boxes vectors).
     * Per-lane values pass between them through the scratch rows e, kc, w0.
     */

    /**
     * For every block of one row: lower the shift to min(m, k^2) (rescaling the sums of lanes whose key is a
     * new minimum, rare after the first rows), then e = e^{m - k^2} and the clamped key kc into scratch.
     */
    static void keyRow(float[] k, int row, Scratch w, float kmax, int p) {
        float[] mm = w.m;
        for (int t = 0; t < w.blocks; t++) {
            int mo = t * VL;
            FloatVector kv = FloatVector.fromArray(S, k, row + mo);
            FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
            FloatVector m = FloatVector.fromArray(S, mm, mo);
            if (k2.compare(VectorOperators.LT, m).anyTrue()) {
                rescale(k2.sub(m).min(0f), w.acc, t * 2 * (p + 1) * VL, p);
                m = m.min(k2);
                m.intoArray(mm, mo);
            }
            CpuVectorMath.exp(m.sub(k2)).intoArray(w.e, mo);
            kv.max(-kmax).min(kmax).intoArray(w.kc, mo);
        }
    }

    /** Multiplies one block's 2(p+1) sums by e^{d} (d <= 0; 0 leaves a lane unchanged). */
    static void rescale(FloatVector d, float[] acc, int so, int p) {
        FloatVector f = CpuVectorMath.exp(d);
        for (int n = 0; n < 2 * (p + 1); n++) {
            FloatVector.fromArray(S, acc, so + n * VL).mul(f).intoArray(acc, so + n * VL);
        }
    }

    /** For every block of one row: w0 = powerBase(q) into scratch, or NaN when some |q| > qmax (slow path). */
    static void powerRow(float[] q, int row, Scratch w, float qmax, int p) {
        for (int t = 0; t < w.blocks; t++) {
            FloatVector qv = FloatVector.fromArray(S, q, row + t * VL);
            FloatVector qa = qv.abs();
            if (qa.compare(VectorOperators.LE, qmax).allTrue()) {
                // powerBase, written out: this body is inlined into scan, where a call could miss C2's node budget
                FloatVector one = qv.broadcast(1f);
                FloatVector pow = one;
                FloatVector b = qv;
                for (int e = p; e > 0; e >>= 1) {
                    if ((e & 1) != 0) pow = pow.mul(b);
                    b = b.mul(b);
                }
                one.div(pow).blend(one, qa.compare(VectorOperators.LE, 1f)).intoArray(w.w0, t * VL);
            } else {
                w.w0[t * VL] = Float.NaN;
            }
        }
    }

    /** For every block of one row: s_n += kc^n e v, z_n += kc^n e (e, kc from keyRow). */
    static void accumulateRow(float[] v, int row, Scratch w, int p) {
        int T = p + 1;
        float[] acc = w.acc;
        for (int t = 0; t < w.blocks; t++) {
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            FloatVector vv = FloatVector.fromArray(S, v, row + t * VL);
            FloatVector x = FloatVector.fromArray(S, w.e, t * VL);
            FloatVector kc = FloatVector.fromArray(S, w.kc, t * VL);
            for (int n = 0; n < T; n++) {
                x.fma(vv, FloatVector.fromArray(S, acc, so + n * VL)).intoArray(acc, so + n * VL);
                x.add(FloatVector.fromArray(S, acc, zo + n * VL)).intoArray(acc, zo + n * VL);
                x = x.mul(kc);
            }
        }
    }

    /**
     * For every block of one causal row: accumulate, then y = sum a_n w_n s_n / sum a_n w_n z_n with
     * w_n = w0 q^n (EaMath.ratio's scaling); blocks flagged by powerRow take ratioSlow.
     */
    static void emitRow(float[] q, float[] v, float[] y, int row, Scratch w, float[] a, int p) {
        int T = p + 1;
        float[] acc = w.acc;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector x = FloatVector.fromArray(S, w.e, t * VL);
            FloatVector kc = FloatVector.fromArray(S, w.kc, t * VL);
            FloatVector qv = FloatVector.fromArray(S, q, at);
            if (Float.isNaN(w.w0[t * VL])) {
                for (int n = 0; n < T; n++) {
                    x.fma(vv, FloatVector.fromArray(S, acc, so + n * VL)).intoArray(acc, so + n * VL);
                    x.add(FloatVector.fromArray(S, acc, zo + n * VL)).intoArray(acc, zo + n * VL);
                    x = x.mul(kc);
                }
                ratioSlow(qv, acc, so, zo, a, p).intoArray(y, at);
                continue;
            }
            FloatVector wn = FloatVector.fromArray(S, w.w0, t * VL);
            FloatVector num = qv.broadcast(0f), den = num;
            for (int n = 0; n < T; n++) {
                FloatVector s = x.fma(vv, FloatVector.fromArray(S, acc, so + n * VL));
                FloatVector z = x.add(FloatVector.fromArray(S, acc, zo + n * VL));
                s.intoArray(acc, so + n * VL);
                z.intoArray(acc, zo + n * VL);
                FloatVector u = wn.mul(a[n]);
                num = u.fma(s, num);
                den = u.fma(z, den);
                x = x.mul(kc);
                wn = wn.mul(qv);
            }
            num.div(den.max(EaMath.DEN_FLOOR)).intoArray(y, at);
        }
    }

    /** Non-causal map pass: y = ratio(q) for one row from the finished sums. */
    static void ratioRow(float[] q, float[] y, int rowBase, int c0, Scratch w, float[] a, int p) {
        int T = p + 1;
        float qmax = fastQueryLimit(p);
        float[] acc = w.acc;
        int row = rowBase + c0;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            FloatVector qv = FloatVector.fromArray(S, q, at);
            if (!qv.abs().compare(VectorOperators.LE, qmax).allTrue()) {
                ratioSlow(qv, acc, so, zo, a, p).intoArray(y, at);
                continue;
            }
            FloatVector wn = powerBase(qv, p);
            FloatVector num = qv.broadcast(0f), den = num;
            for (int n = 0; n < T; n++) {
                FloatVector u = wn.mul(a[n]);
                num = u.fma(FloatVector.fromArray(S, acc, so + n * VL), num);
                den = u.fma(FloatVector.fromArray(S, acc, zo + n * VL), den);
                wn = wn.mul(qv);
            }
            num.div(den.max(EaMath.DEN_FLOOR)).intoArray(y, at);
        }
        int ct = w.blocks * VL;
        for (int c = 0; c < w.tail; c++) {
            int at = row + ct + c;
            y[at] = ratio(q[at], w.accT, c * 2 * T, T, a, p);
        }
    }

    /**
     * Largest |q| for the one-pass evaluation: there the scaled powers q^(n-p) of |q| > 1 are formed as
     * q^-p * q^n, which needs q^p (and q^-p) representable: |q|^p <= 2^64.
     */
    static float fastQueryLimit(int p) {
        return (float) Math.pow(2.0, 64.0 / p);
    }

    /** 1 where |q| <= 1, q^-p elsewhere: w_0 of the scaled powers w_n = w_0 q^n (valid for |q| <= fastQueryLimit). */
    static FloatVector powerBase(FloatVector qv, int p) {
        FloatVector one = qv.broadcast(1f);
        FloatVector pow = one;
        FloatVector b = qv;
        for (int e = p; e > 0; e >>= 1) {
            if ((e & 1) != 0) pow = pow.mul(b);
            b = b.mul(b);
        }
        return one.div(pow).blend(one, qv.abs().compare(VectorOperators.LE, 1f));
    }

    /** EaMath.ratio lane-wise for any q: Horner in q where |q| <= 1 and in 1/q elsewhere, then the blend. */
    static FloatVector ratioSlow(FloatVector qv, float[] acc, int so, int zo, float[] a, int p) {
        VectorMask<Float> small = qv.abs().compare(VectorOperators.LE, 1f);
        FloatVector r = qv.broadcast(1f).div(qv);
        FloatVector numS = qv.broadcast(0f), denS = numS, numL = numS, denL = numS;
        for (int n = p; n >= 0; n--) {
            float an = a[n];
            numS = numS.fma(qv, FloatVector.fromArray(S, acc, so + n * VL).mul(an));
            denS = denS.fma(qv, FloatVector.fromArray(S, acc, zo + n * VL).mul(an));
        }
        for (int n = 0; n <= p; n++) {
            float an = a[n];
            numL = numL.fma(r, FloatVector.fromArray(S, acc, so + n * VL).mul(an));
            denL = denL.fma(r, FloatVector.fromArray(S, acc, zo + n * VL).mul(an));
        }
        FloatVector num = numL.blend(numS, small);
        FloatVector den = denL.blend(denS, small).max(EaMath.DEN_FLOOR);
        return num.div(den);
    }

    // ---------------------------------------------------------------- backward pieces

    /** For every block of one row: the scaled powers of q (EaMath.queryPowers) into w.pw at (t*T + n)*VL. */
    static void powersRow(float[] q, int row, Scratch w, int p) {
        int T = p + 1;
        float qmax = fastQueryLimit(p);
        for (int t = 0; t < w.blocks; t++) {
            int po = t * T * VL;
            FloatVector qv = FloatVector.fromArray(S, q, row + t * VL);
            FloatVector qa = qv.abs();
            if (!qa.compare(VectorOperators.LE, qmax).allTrue()) {
                powersSlow(q, row + t * VL, w.pw, po, p);
                continue;
            }
            // powerBase, written out (see powerRow)
            FloatVector one = qv.broadcast(1f);
            FloatVector pow = one;
            FloatVector b = qv;
            for (int e = p; e > 0; e >>= 1) {
                if ((e & 1) != 0) pow = pow.mul(b);
                b = b.mul(b);
            }
            FloatVector wn = one.div(pow).blend(one, qa.compare(VectorOperators.LE, 1f));
            for (int n = 0; n < T; n++) {
                wn.intoArray(w.pw, po + n * VL);
                wn = wn.mul(qv);
            }
        }
    }

    /** EaMath.queryPowers lane-wise for any q: q^n ascending, then q^(n-p) = (1/q)^(p-n) where |q| > 1. */
    static void powersSlow(float[] q, int at, float[] pw, int po, int p) {
        FloatVector qv = FloatVector.fromArray(S, q, at);
        VectorMask<Float> large = qv.abs().compare(VectorOperators.GT, 1f);
        FloatVector one = qv.broadcast(1f);
        FloatVector x = one;
        FloatVector r = one.div(qv);
        for (int n = 0; n <= p; n++) {
            x.intoArray(pw, po + n * VL);
            x = x.mul(qv);
        }
        FloatVector xr = one;
        for (int n = p; n >= 0; n--) {
            FloatVector.fromArray(S, pw, po + n * VL).blend(xr, large).intoArray(pw, po + n * VL);
            xr = xr.mul(r);
        }
    }

    /** Non-causal: for every block of one row, y and den (floored) from the finished sums and w.pw. */
    static void ratioDenRow(Scratch w, float[] a, int p) {
        int T = p + 1;
        float[] acc = w.acc;
        for (int t = 0; t < w.blocks; t++) {
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            int po = t * T * VL;
            FloatVector num = FloatVector.zero(S), den = num;
            for (int n = 0; n < T; n++) {
                FloatVector u = FloatVector.fromArray(S, w.pw, po + n * VL).mul(a[n]);
                num = u.fma(FloatVector.fromArray(S, acc, so + n * VL), num);
                den = u.fma(FloatVector.fromArray(S, acc, zo + n * VL), den);
            }
            den = den.max(EaMath.DEN_FLOOR);
            den.intoArray(w.den, t * VL);
            num.div(den).intoArray(w.y, t * VL);
        }
    }

    /**
     * Causal forward-scan row of the backward: accumulate (e, kc from keyRow), den from w.pw, floored, into
     * w.den and work; the shift into work.
     */
    static void causalAccumulateDenRow(float[] v, float[] work, int shifts, int row, Scratch w, float[] a, int p) {
        int T = p + 1;
        float[] acc = w.acc;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            int po = t * T * VL;
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector x = FloatVector.fromArray(S, w.e, t * VL);
            FloatVector kc = FloatVector.fromArray(S, w.kc, t * VL);
            FloatVector den = FloatVector.zero(S);
            for (int n = 0; n < T; n++) {
                x.fma(vv, FloatVector.fromArray(S, acc, so + n * VL)).intoArray(acc, so + n * VL);
                FloatVector z = x.add(FloatVector.fromArray(S, acc, zo + n * VL));
                z.intoArray(acc, zo + n * VL);
                den = FloatVector.fromArray(S, w.pw, po + n * VL).mul(a[n]).fma(z, den);
                x = x.mul(kc);
            }
            den = den.max(EaMath.DEN_FLOOR);
            den.intoArray(w.den, t * VL);
            den.intoArray(work, at);
            FloatVector.fromArray(S, w.m, t * VL).intoArray(work, shifts + at);
        }
    }

    /**
     * For every block of one row: dq = g * sum_n n a_n q^(n-1) (s_n - y z_n) / den (scaled: / (q den) with
     * q^(n-p) where |q| > 1), y at ys[ysBase + t*VL], den from w.den, powers from w.pw; when {@code collect}
     * also gs_n += a_n pw_n g / den, gz_n -= that * y.
     */
    static void dqRow(float[] q, float[] gy, float[] ys, int ysBase, float[] dq, int row, Scratch w, float[] a, int p,
                      boolean collect) {
        int T = p + 1;
        float[] acc = w.acc;
        float[] gg = w.g;
        float[] pw = w.pw;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            int po = t * T * VL;
            FloatVector qv = FloatVector.fromArray(S, q, at);
            FloatVector g = FloatVector.fromArray(S, gy, at);
            FloatVector yv = FloatVector.fromArray(S, ys, ysBase + t * VL);
            FloatVector den = FloatVector.fromArray(S, w.den, t * VL);
            VectorMask<Float> small = qv.abs().compare(VectorOperators.LE, 1f);
            FloatVector sum = FloatVector.zero(S);
            FloatVector gn = g.div(den);
            FloatVector prev = FloatVector.fromArray(S, pw, po);
            if (collect) {
                FloatVector u = prev.mul(a[0]).mul(gn);
                u.add(FloatVector.fromArray(S, gg, so)).intoArray(gg, so);
                u.neg().fma(yv, FloatVector.fromArray(S, gg, zo)).intoArray(gg, zo);
            }
            for (int n = 1; n < T; n++) {
                FloatVector cur = FloatVector.fromArray(S, pw, po + n * VL);
                FloatVector d = yv.neg().fma(FloatVector.fromArray(S, acc, zo + n * VL),
                        FloatVector.fromArray(S, acc, so + n * VL));
                sum = cur.blend(prev, small).mul(n * a[n]).fma(d, sum);
                if (collect) {
                    FloatVector u = cur.mul(a[n]).mul(gn);
                    u.add(FloatVector.fromArray(S, gg, so + n * VL)).intoArray(gg, so + n * VL);
                    u.neg().fma(yv, FloatVector.fromArray(S, gg, zo + n * VL)).intoArray(gg, zo + n * VL);
                }
                prev = cur;
            }
            g.mul(sum).div(den.mul(qv.blend(1f, small))).intoArray(dq, at);
        }
    }

    /** Non-causal row i: y, den, dq, and the output gradients collected into gs, gz. */
    static void queryRow(float[] q, float[] gy, float[] dq, int rowBase, int c0, Scratch w, float[] a, int p) {
        int T = p + 1;
        int row = rowBase + c0;
        if (w.blocks > 0) {
            powersRow(q, row, w, p);
            ratioDenRow(w, a, p);
            dqRow(q, gy, w.y, 0, dq, row, w, a, p, true);
        }
        int ct = w.blocks * VL;
        for (int c = 0; c < w.tail; c++) {
            int at = row + ct + c;
            int off = c * 2 * T;
            float den = denominator(q[at], w.accT, off + T, a, p);
            float yi = ratio(q[at], w.accT, off, T, a, p);
            dq[at] = queryGradient(q[at], gy[at], yi, den, w.accT, off, T, a, w.pwT, p);
            collect(gy[at], yi, den, a, w.pwT, w.gT, off, T, p);
        }
    }

    /** Causal forward-scan row of the backward: shift, accumulate, den, dq; stores den and m into work. */
    static void causalQueryRow(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] work,
                               int shifts, int rowBase, int c0, Scratch w, float[] a, float kmax, int p) {
        int T = p + 1;
        int row = rowBase + c0;
        if (w.blocks > 0) {
            keyRow(k, row, w, kmax, p);
            powersRow(q, row, w, p);
            causalAccumulateDenRow(v, work, shifts, row, w, a, p);
            dqRow(q, gy, y, row, dq, row, w, a, p, false);
        }
        int ct = w.blocks * VL;
        for (int c = 0; c < w.tail; c++) {
            int at = row + ct + c;
            int off = c * 2 * T;
            w.mT[c] = shiftDown(k[at], w.mT[c], w.accT, off, T, p);
            accumulate(k[at], v[at], w.mT[c], kmax, w.accT, off, T, p);
            float den = denominator(q[at], w.accT, off + T, a, p);
            dq[at] = queryGradient(q[at], gy[at], y[at], den, w.accT, off, T, a, w.pwT, p);
            work[at] = den;
            work[shifts + at] = w.mT[c];
        }
    }

    /** Causal reverse scan: rescale every block's gs, gz by e^{m_{j+1} - m_j} where the shift changed. */
    static void rescaleGradientRow(float[] work, int shifts, int row, int next, Scratch w, int p) {
        for (int t = 0; t < w.blocks; t++) {
            int at = shifts + row + t * VL;
            FloatVector mj = FloatVector.fromArray(S, work, at);
            FloatVector mn = FloatVector.fromArray(S, work, at + next);
            if (mn.compare(VectorOperators.NE, mj).anyTrue()) rescale(mn.sub(mj), w.g, t * 2 * (p + 1) * VL, p);
        }
    }

    /** Causal reverse scan: for every block, gs_n += a_n pw_n g / den, gz_n -= that * y (den from work). */
    static void collectVectorRow(float[] y, float[] gy, float[] work, int row, Scratch w, float[] a, int p) {
        int T = p + 1;
        float[] gg = w.g;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            int po = t * T * VL;
            FloatVector gn = FloatVector.fromArray(S, gy, at).div(FloatVector.fromArray(S, work, at));
            FloatVector yv = FloatVector.fromArray(S, y, at);
            for (int n = 0; n < T; n++) {
                FloatVector u = FloatVector.fromArray(S, w.pw, po + n * VL).mul(a[n]).mul(gn);
                u.add(FloatVector.fromArray(S, gg, so + n * VL)).intoArray(gg, so + n * VL);
                u.neg().fma(yv, FloatVector.fromArray(S, gg, zo + n * VL)).intoArray(gg, zo + n * VL);
            }
        }
    }

    /**
     * Causal reverse-scan row j: rescale gs, gz by e^{m_{j+1} - m_j} (next = D, or 0 on the last row) and
     * collect this row's output gradients.
     */
    static void collectRow(float[] q, float[] y, float[] gy, float[] work, int shifts, int rowBase, int next,
                           int c0, Scratch w, float[] a, int p) {
        int T = p + 1;
        int row = rowBase + c0;
        if (w.blocks > 0) {
            if (next != 0) rescaleGradientRow(work, shifts, row, next, w, p);
            powersRow(q, row, w, p);
            collectVectorRow(y, gy, work, row, w, a, p);
        }
        int ct = w.blocks * VL;
        for (int c = 0; c < w.tail; c++) {
            int at = row + ct + c;
            int off = c * 2 * T;
            if (next != 0) {
                float f = (float) Math.exp(work[shifts + at + next] - work[shifts + at]);
                for (int n = 0; n <= p; n++) {
                    w.gT[off + n] *= f;
                    w.gT[off + T + n] *= f;
                }
            }
            EaMath.queryPowers(q[at], w.pwT, p);
            collect(gy[at], y[at], work[at], a, w.pwT, w.gT, off, T, p);
        }
    }

    /** For every block of one row: e = e^{m - k^2} into w.e, m at ms[msBase + t*VL]. */
    static void weightRow(float[] k, float[] ms, int msBase, int row, Scratch w) {
        for (int t = 0; t < w.blocks; t++) {
            FloatVector kv = FloatVector.fromArray(S, k, row + t * VL);
            FloatVector m = FloatVector.fromArray(S, ms, msBase + t * VL);
            CpuVectorMath.exp(m.sub(kv.mul(kv).min(Float.MAX_VALUE))).intoArray(w.e, t * VL);
        }
    }

    /** For every block of one row: dv = sum_n gs_n kc^n e, dk = sum_n (gs_n v + gz_n) d(kc^n e)/dk. */
    static void keyGradientRow(float[] k, float[] v, float[] dk, float[] dv, int row, Scratch w, float kmax, int p) {
        int T = p + 1;
        float[] gg = w.g;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector x = FloatVector.fromArray(S, w.e, t * VL);
            FloatVector kc = kv.max(-kmax).min(kmax);
            FloatVector inside = kv.broadcast(1f).blend(0f, kv.abs().compare(VectorOperators.GT, kmax));
            FloatVector k2m = kv.mul(-2f);
            FloatVector prev = FloatVector.zero(S);
            FloatVector gv = prev, gk = prev;
            for (int n = 0; n < T; n++) {
                FloatVector gs = FloatVector.fromArray(S, gg, so + n * VL);
                FloatVector gz = FloatVector.fromArray(S, gg, zo + n * VL);
                gv = gs.fma(x, gv);
                FloatVector dw = x.fma(k2m, prev.mul(inside).mul((float) n));
                gk = gs.fma(vv, gz).fma(dw, gk);
                prev = x;
                x = x.mul(kc);
            }
            gv.intoArray(dv, at);
            gk.intoArray(dk, at);
        }
    }

    /**
     * Key row j: dv = sum_n gs_n kc^n e, dk = sum_n (gs_n v + gz_n) d(kc^n e)/dk with e = e^{m - k^2}; m from
     * work (causal, work != null) or the segment's final shift.
     */
    static void keyRow(float[] k, float[] v, float[] dk, float[] dv, float[] work, int shifts, int rowBase, int c0,
                       Scratch w, float[] a, float kmax, int p) {
        int T = p + 1;
        int row = rowBase + c0;
        if (w.blocks > 0) {
            if (work != null) weightRow(k, work, shifts + row, row, w);
            else weightRow(k, w.m, 0, row, w);
            keyGradientRow(k, v, dk, dv, row, w, kmax, p);
        }
        int ct = w.blocks * VL;
        for (int c = 0; c < w.tail; c++) {
            int at = row + ct + c;
            float m = work != null ? work[shifts + at] : w.mT[c];
            float e = (float) Math.exp(m - EaMath.keySquare(k[at]));
            keyValueGradient(k[at], v[at], e, kmax, w.gT, c * 2 * T, T, dk, dv, at, p);
        }
    }

    // ---------------------------------------------------------------- scalar tail (the reference's helpers)

    /*
     * The scalar tail keeps a channel's sums in one array: s_n at off + n, z_n at off + T + n (gradients
     * likewise in gT); these wrappers call the reference helpers of EaSeriesKernels and EaMath with that layout.
     */

    static float shiftDown(float kv, float m, float[] acc, int off, int T, int p) {
        return EaSeriesKernels.shiftDown(kv, m, acc, off, acc, off + T, p);
    }

    static void accumulate(float kv, float vv, float m, float kmax, float[] acc, int off, int T, int p) {
        EaSeriesKernels.accumulate(kv, vv, m, kmax, acc, off, acc, off + T, p);
    }

    static float ratio(float q, float[] acc, int off, int T, float[] a, int p) {
        return EaMath.ratio(q, acc, off, acc, off + T, 1, a, p);
    }

    static float denominator(float q, float[] acc, int zoff, float[] a, int p) {
        return EaMath.denominator(q, acc, zoff, 1, a, p);
    }

    static float queryGradient(float qv, float g, float yv, float den, float[] acc, int off, int T, float[] a,
                               float[] pw, int p) {
        return EaSeriesKernels.queryGradient(qv, g, yv, den, acc, off, acc, off + T, a, pw, p);
    }

    static void collect(float g, float yv, float den, float[] a, float[] pw, float[] gacc, int off, int T, int p) {
        EaSeriesKernels.collectOutputGradient(g, yv, den, a, pw, gacc, off, gacc, off + T, p);
    }

    static void keyValueGradient(float kv, float vv, float e, float kmax, float[] gacc, int off, int T, float[] dk,
                                 float[] dv, int at, int p) {
        EaSeriesKernels.keyValueGradient(kv, vv, e, kmax, gacc, off, gacc, off + T, dk, dv, at, p);
    }
}
