package dev.ea4j.backend.cpu;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.kernels.EaMath;
import java.util.Arrays;
import java.util.Map;
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

    static void register(Map<String, CpuKernel> m) {
        m.put("EaSeriesKernels.forward", (a, pool) -> forward((float[]) a[0], (float[]) a[1], (float[]) a[2],
                (float[]) a[3], (Integer) a[4], (Integer) a[5], (Integer) a[6], (Integer) a[7], pool,
                VectorConfig.vectorized()));
        m.put("EaSeriesKernels.causalForward", (a, pool) -> causalForward((float[]) a[0], (float[]) a[1],
                (float[]) a[2], (float[]) a[3], (Integer) a[4], (Integer) a[5], (Integer) a[6], (Integer) a[7], pool,
                VectorConfig.vectorized()));
        m.put("EaSeriesKernels.backward", (a, pool) -> backward((float[]) a[0], (float[]) a[1], (float[]) a[2],
                (float[]) a[3], (float[]) a[4], (float[]) a[5], (float[]) a[6], (Integer) a[7], (Integer) a[8],
                (Integer) a[9], (Integer) a[10], pool, VectorConfig.vectorized()));
        m.put("EaSeriesKernels.causalBackward", (a, pool) -> causalBackward((float[]) a[0], (float[]) a[1],
                (float[]) a[2], (float[]) a[3], (float[]) a[4], (float[]) a[5], (float[]) a[6], (float[]) a[7],
                (float[]) a[8], (Integer) a[9], (Integer) a[10], (Integer) a[11], (Integer) a[12], pool,
                VectorConfig.vectorized()));
    }

    // ---------------------------------------------------------------- entry points

    /** Twin of {@code EaSeriesKernels.forward}. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p, CpuPool pool,
                               boolean vector) {
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

        Scratch(int c0, int c1, int p, boolean vector, boolean gradients) {
            terms = p + 1;
            blocks = vector ? (c1 - c0) / VL : 0;
            tail = (c1 - c0) - blocks * VL;
            acc = new float[blocks * 2 * terms * VL];
            m = new float[blocks * VL];
            Arrays.fill(m, Float.POSITIVE_INFINITY);
            g = gradients ? new float[acc.length] : null;
            pw = new float[terms * VL];
            accT = new float[tail * 2 * terms];
            mT = new float[tail];
            Arrays.fill(mT, Float.POSITIVE_INFINITY);
            gT = gradients ? new float[accT.length] : null;
            pwT = new float[terms];
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
        float[] acc = w.acc;
        float[] mm = w.m;
        for (int i = 0; i < L; i++) {
            int row = base + i * D + c0;
            for (int t = 0; t < w.blocks; t++) {
                int at = row + t * VL;
                int so = t * 2 * T * VL;
                int zo = so + T * VL;
                FloatVector kv = FloatVector.fromArray(S, k, at);
                FloatVector vv = FloatVector.fromArray(S, v, at);
                FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
                FloatVector m = FloatVector.fromArray(S, mm, t * VL);
                VectorMask<Float> lower = k2.compare(VectorOperators.LT, m);
                if (lower.anyTrue()) {
                    FloatVector f = CpuVectorMath.exp(k2.sub(m).min(0f));
                    for (int n = 0; n < T; n++) {
                        FloatVector.fromArray(S, acc, so + n * VL).mul(f).intoArray(acc, so + n * VL);
                        FloatVector.fromArray(S, acc, zo + n * VL).mul(f).intoArray(acc, zo + n * VL);
                    }
                    m = m.min(k2);
                    m.intoArray(mm, t * VL);
                }
                FloatVector x = CpuVectorMath.exp(m.sub(k2));
                FloatVector kc = kv.max(-kmax).min(kmax);
                if (!emit) {
                    for (int n = 0; n < T; n++) {
                        x.fma(vv, FloatVector.fromArray(S, acc, so + n * VL)).intoArray(acc, so + n * VL);
                        x.add(FloatVector.fromArray(S, acc, zo + n * VL)).intoArray(acc, zo + n * VL);
                        x = x.mul(kc);
                    }
                    continue;
                }
                // emit: y = sum a_n q^n s_n / sum a_n q^n z_n, in 1/q where |q| > 1 (EaMath.ratio)
                FloatVector qv = FloatVector.fromArray(S, q, at);
                VectorMask<Float> small = qv.abs().compare(VectorOperators.LE, 1f);
                FloatVector r = qv.broadcast(1f).div(qv);
                FloatVector qp = qv.broadcast(1f);
                FloatVector numS = qv.broadcast(0f), denS = numS, numL = numS, denL = numS;
                for (int n = 0; n < T; n++) {
                    FloatVector s = x.fma(vv, FloatVector.fromArray(S, acc, so + n * VL));
                    FloatVector z = x.add(FloatVector.fromArray(S, acc, zo + n * VL));
                    s.intoArray(acc, so + n * VL);
                    z.intoArray(acc, zo + n * VL);
                    float an = a[n];
                    FloatVector wq = qp.mul(an);
                    numS = wq.fma(s, numS);
                    denS = wq.fma(z, denS);
                    numL = numL.fma(r, s.mul(an));
                    denL = denL.fma(r, z.mul(an));
                    x = x.mul(kc);
                    qp = qp.mul(qv);
                }
                FloatVector num = numL.blend(numS, small);
                FloatVector den = denL.blend(denS, small).max(EaMath.DEN_FLOOR);
                num.div(den).intoArray(y, at);
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

    /** Non-causal map pass: y = ratio(q) for one row from the finished sums. */
    static void ratioRow(float[] q, float[] y, int rowBase, int c0, Scratch w, float[] a, int p) {
        int T = p + 1;
        float[] acc = w.acc;
        int row = rowBase + c0;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> small = qv.abs().compare(VectorOperators.LE, 1f);
            FloatVector r = qv.broadcast(1f).div(qv);
            FloatVector qp = qv.broadcast(1f);
            FloatVector numS = qv.broadcast(0f), denS = numS, numL = numS, denL = numS;
            for (int n = 0; n < T; n++) {
                FloatVector s = FloatVector.fromArray(S, acc, so + n * VL);
                FloatVector z = FloatVector.fromArray(S, acc, zo + n * VL);
                float an = a[n];
                FloatVector wq = qp.mul(an);
                numS = wq.fma(s, numS);
                denS = wq.fma(z, denS);
                numL = numL.fma(r, s.mul(an));
                denL = denL.fma(r, z.mul(an));
                qp = qp.mul(qv);
            }
            FloatVector num = numL.blend(numS, small);
            FloatVector den = denL.blend(denS, small).max(EaMath.DEN_FLOOR);
            num.div(den).intoArray(y, at);
        }
        int ct = w.blocks * VL;
        for (int c = 0; c < w.tail; c++) {
            int at = row + ct + c;
            y[at] = ratio(q[at], w.accT, c * 2 * T, T, a, p);
        }
    }

    // ---------------------------------------------------------------- backward pieces

    /**
     * Vector powers of q in EaMath's scaling into pw (pw_n at n*VL): q^n where |q| <= 1, else q^(n-p).
     */
    static void queryPowers(FloatVector qv, VectorMask<Float> small, float[] pw, int p) {
        FloatVector one = qv.broadcast(1f);
        FloatVector x = one;
        FloatVector r = one.div(qv);
        FloatVector xr = one;
        for (int n = 0; n <= p; n++) {
            x.intoArray(pw, n * VL);
            x = x.mul(qv);
        }
        for (int n = p; n >= 0; n--) {
            FloatVector.fromArray(S, pw, n * VL).blend(xr, small.not()).intoArray(pw, n * VL);
            xr = xr.mul(r);
        }
    }

    /**
     * Non-causal row i: den and y from the sums, dq, and the output gradients collected into gs, gz
     * (the reference's queryGradient and collectOutputGradient).
     */
    static void queryRow(float[] q, float[] gy, float[] dq, int rowBase, int c0, Scratch w, float[] a, int p) {
        int T = p + 1;
        float[] acc = w.acc;
        float[] gg = w.g;
        float[] pw = w.pw;
        int row = rowBase + c0;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            FloatVector qv = FloatVector.fromArray(S, q, at);
            FloatVector g = FloatVector.fromArray(S, gy, at);
            VectorMask<Float> small = qv.abs().compare(VectorOperators.LE, 1f);
            queryPowers(qv, small, pw, p);
            FloatVector num = qv.broadcast(0f), den = num;
            for (int n = 0; n < T; n++) {
                FloatVector u = FloatVector.fromArray(S, pw, n * VL).mul(a[n]);
                num = u.fma(FloatVector.fromArray(S, acc, so + n * VL), num);
                den = u.fma(FloatVector.fromArray(S, acc, zo + n * VL), den);
            }
            den = den.max(EaMath.DEN_FLOOR);
            FloatVector yv = num.div(den);
            dqAndCollect(qv, g, yv, den, small, so, zo, at, dq, acc, gg, pw, a, p, true);
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

    /**
     * dq = g * sum_n n a_n q^(n-1) (s_n - y z_n) / den (scaled: / (q den) with q^(n-p) where |q| > 1), and
     * when {@code collect} gs_n += a_n pw_n g / den, gz_n -= that * y. pw must hold queryPowers(q).
     */
    static void dqAndCollect(FloatVector qv, FloatVector g, FloatVector yv, FloatVector den, VectorMask<Float> small,
                             int so, int zo, int at, float[] dq, float[] acc, float[] gg, float[] pw, float[] a,
                             int p, boolean collect) {
        int T = p + 1;
        FloatVector sum = qv.broadcast(0f);
        FloatVector gn = g.div(den);
        FloatVector prev = FloatVector.fromArray(S, pw, 0);
        if (collect) {
            FloatVector u = prev.mul(a[0]).mul(gn);
            u.add(FloatVector.fromArray(S, gg, so)).intoArray(gg, so);
            u.mul(yv).neg().add(FloatVector.fromArray(S, gg, zo)).intoArray(gg, zo);
        }
        for (int n = 1; n < T; n++) {
            FloatVector cur = FloatVector.fromArray(S, pw, n * VL);
            FloatVector d = yv.neg().fma(FloatVector.fromArray(S, acc, zo + n * VL),
                    FloatVector.fromArray(S, acc, so + n * VL));
            sum = cur.blend(prev, small).mul(n * a[n]).fma(d, sum);
            if (collect) {
                FloatVector u = cur.mul(a[n]).mul(gn);
                u.add(FloatVector.fromArray(S, gg, so + n * VL)).intoArray(gg, so + n * VL);
                u.mul(yv).neg().add(FloatVector.fromArray(S, gg, zo + n * VL)).intoArray(gg, zo + n * VL);
            }
            prev = cur;
        }
        FloatVector scale = den.mul(qv.blend(1f, small));
        g.mul(sum).div(scale).intoArray(dq, at);
    }

    /** Causal forward-scan row of the backward: shift, accumulate, den, dq; stores den and m into work. */
    static void causalQueryRow(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] work,
                               int shifts, int rowBase, int c0, Scratch w, float[] a, float kmax, int p) {
        int T = p + 1;
        float[] acc = w.acc;
        float[] mm = w.m;
        float[] pw = w.pw;
        int row = rowBase + c0;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
            FloatVector m = FloatVector.fromArray(S, mm, t * VL);
            VectorMask<Float> lower = k2.compare(VectorOperators.LT, m);
            if (lower.anyTrue()) {
                FloatVector f = CpuVectorMath.exp(k2.sub(m).min(0f));
                for (int n = 0; n < T; n++) {
                    FloatVector.fromArray(S, acc, so + n * VL).mul(f).intoArray(acc, so + n * VL);
                    FloatVector.fromArray(S, acc, zo + n * VL).mul(f).intoArray(acc, zo + n * VL);
                }
                m = m.min(k2);
                m.intoArray(mm, t * VL);
            }
            FloatVector x = CpuVectorMath.exp(m.sub(k2));
            FloatVector kc = kv.max(-kmax).min(kmax);
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> small = qv.abs().compare(VectorOperators.LE, 1f);
            queryPowers(qv, small, pw, p);
            FloatVector den = qv.broadcast(0f);
            for (int n = 0; n < T; n++) {
                x.fma(vv, FloatVector.fromArray(S, acc, so + n * VL)).intoArray(acc, so + n * VL);
                FloatVector z = x.add(FloatVector.fromArray(S, acc, zo + n * VL));
                z.intoArray(acc, zo + n * VL);
                den = FloatVector.fromArray(S, pw, n * VL).mul(a[n]).fma(z, den);
                x = x.mul(kc);
            }
            den = den.max(EaMath.DEN_FLOOR);
            dqAndCollect(qv, FloatVector.fromArray(S, gy, at), FloatVector.fromArray(S, y, at), den, small, so, zo,
                    at, dq, acc, null, pw, a, p, false);
            den.intoArray(work, at);
            m.intoArray(work, shifts + at);
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

    /**
     * Causal reverse-scan row j: rescale gs, gz by e^{m_{j+1} - m_j} (next = D, or 0 on the last row) and
     * collect this row's output gradients.
     */
    static void collectRow(float[] q, float[] y, float[] gy, float[] work, int shifts, int rowBase, int next,
                           int c0, Scratch w, float[] a, int p) {
        int T = p + 1;
        float[] gg = w.g;
        float[] pw = w.pw;
        int row = rowBase + c0;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            if (next != 0) {
                FloatVector mj = FloatVector.fromArray(S, work, shifts + at);
                FloatVector mn = FloatVector.fromArray(S, work, shifts + at + next);
                if (mn.compare(VectorOperators.NE, mj).anyTrue()) {
                    FloatVector f = CpuVectorMath.exp(mn.sub(mj));
                    for (int n = 0; n < T; n++) {
                        FloatVector.fromArray(S, gg, so + n * VL).mul(f).intoArray(gg, so + n * VL);
                        FloatVector.fromArray(S, gg, zo + n * VL).mul(f).intoArray(gg, zo + n * VL);
                    }
                }
            }
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> small = qv.abs().compare(VectorOperators.LE, 1f);
            queryPowers(qv, small, pw, p);
            FloatVector gn = FloatVector.fromArray(S, gy, at).div(FloatVector.fromArray(S, work, at));
            FloatVector yv = FloatVector.fromArray(S, y, at);
            for (int n = 0; n < T; n++) {
                FloatVector u = FloatVector.fromArray(S, pw, n * VL).mul(a[n]).mul(gn);
                u.add(FloatVector.fromArray(S, gg, so + n * VL)).intoArray(gg, so + n * VL);
                u.mul(yv).neg().add(FloatVector.fromArray(S, gg, zo + n * VL)).intoArray(gg, zo + n * VL);
            }
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

    /**
     * Key row j: dv = sum_n gs_n kc^n e, dk = sum_n (gs_n v + gz_n) d(kc^n e)/dk with e = e^{m - k^2}; m from
     * work (causal, work != null) or the segment's final shift.
     */
    static void keyRow(float[] k, float[] v, float[] dk, float[] dv, float[] work, int shifts, int rowBase, int c0,
                       Scratch w, float[] a, float kmax, int p) {
        int T = p + 1;
        float[] gg = w.g;
        int row = rowBase + c0;
        for (int t = 0; t < w.blocks; t++) {
            int at = row + t * VL;
            int so = t * 2 * T * VL;
            int zo = so + T * VL;
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector m = work != null ? FloatVector.fromArray(S, work, shifts + at)
                    : FloatVector.fromArray(S, w.m, t * VL);
            FloatVector x = CpuVectorMath.exp(m.sub(kv.mul(kv).min(Float.MAX_VALUE)));
            FloatVector kc = kv.max(-kmax).min(kmax);
            FloatVector inside = kv.broadcast(1f).blend(0f, kv.abs().compare(VectorOperators.GT, kmax));
            FloatVector k2m = kv.mul(-2f);
            FloatVector prev = kv.broadcast(0f);
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
        int ct = w.blocks * VL;
        for (int c = 0; c < w.tail; c++) {
            int at = row + ct + c;
            float m = work != null ? work[shifts + at] : w.mT[c];
            float e = (float) Math.exp(m - EaMath.keySquare(k[at]));
            keyValueGradient(k[at], v[at], e, kmax, w.gT, c * 2 * T, T, dk, dv, at, p);
        }
    }

    // ---------------------------------------------------------------- scalar pieces (as the reference)

    static float shiftDown(float kv, float m, float[] acc, int off, int T, int p) {
        float k2 = EaMath.keySquare(kv);
        if (k2 < m) {
            float f = (float) Math.exp(k2 - m);
            for (int n = 0; n <= p; n++) {
                acc[off + n] *= f;
                acc[off + T + n] *= f;
            }
            return k2;
        }
        return m;
    }

    static void accumulate(float kv, float vv, float m, float kmax, float[] acc, int off, int T, int p) {
        float x = (float) Math.exp(m - EaMath.keySquare(kv));
        float kc = Math.max(-kmax, Math.min(kmax, kv));
        for (int n = 0; n <= p; n++) {
            acc[off + T + n] += x;
            acc[off + n] += x * vv;
            x *= kc;
        }
    }

    /** EaMath.ratio with s at off + n and z at off + T + n. */
    static float ratio(float q, float[] acc, int off, int T, float[] a, int p) {
        float num = 0f;
        float den = 0f;
        if (Math.abs(q) <= 1f) {
            for (int n = p; n >= 0; n--) {
                num = num * q + a[n] * acc[off + n];
                den = den * q + a[n] * acc[off + T + n];
            }
        } else {
            float r = 1f / q;
            for (int n = 0; n <= p; n++) {
                num = num * r + a[n] * acc[off + n];
                den = den * r + a[n] * acc[off + T + n];
            }
        }
        return num / Math.max(den, EaMath.DEN_FLOOR);
    }

    static float denominator(float q, float[] acc, int zoff, float[] a, int p) {
        return EaMath.denominator(q, acc, zoff, 1, a, p);
    }

    static float queryGradient(float qv, float g, float yv, float den, float[] acc, int off, int T, float[] a,
                               float[] pw, int p) {
        EaMath.queryPowers(qv, pw, p);
        float sum = 0f;
        if (Math.abs(qv) <= 1f) {
            for (int n = 1; n <= p; n++) sum += n * a[n] * pw[n - 1] * (acc[off + n] - yv * acc[off + T + n]);
            return g * sum / den;
        }
        for (int n = 1; n <= p; n++) sum += n * a[n] * pw[n] * (acc[off + n] - yv * acc[off + T + n]);
        return g * sum / (qv * den);
    }

    static void collect(float g, float yv, float den, float[] a, float[] pw, float[] gacc, int off, int T, int p) {
        float gn = g / den;
        for (int n = 0; n <= p; n++) {
            float u = a[n] * pw[n] * gn;
            gacc[off + n] += u;
            gacc[off + T + n] -= u * yv;
        }
    }

    static void keyValueGradient(float kv, float vv, float e, float kmax, float[] gacc, int off, int T, float[] dk,
                                 float[] dv, int at, int p) {
        float kc = Math.max(-kmax, Math.min(kmax, kv));
        float inside = Math.abs(kv) <= kmax ? 1f : 0f;
        float prev = 0f;
        float x = e;
        float gv = 0f;
        float gk = 0f;
        for (int n = 0; n <= p; n++) {
            gv += gacc[off + n] * x;
            gk += (gacc[off + n] * vv + gacc[off + T + n]) * (n * prev * inside - 2f * kv * x);
            prev = x;
            x *= kc;
        }
        dv[at] = gv;
        dk[at] = gk;
    }
}
