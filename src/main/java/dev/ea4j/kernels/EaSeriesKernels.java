package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * EA-series attention (Feng 2025, Eqs. 5-6), the reference twins. Per channel c, with even degree p and
 * a_n = 2^n/n!: y_ic = sum_n a_n q_ic^n S_nc / sum_n a_n q_ic^n Z_nc, S_nc = sum_j k_jc^n e^{-k_jc^2} v_jc,
 * Z_nc = sum_j k_jc^n e^{-k_jc^2}; sums over all j (non-causal) or j <= i (causal). All arrays
 * {@code [B, L, D]} row-major. For stability the weights are shifted by m = min_j k_j^2 (running min
 * when causal), which cancels in the ratio; see {@link EaMath} and docs/numerics.md.
 */
public final class EaSeriesKernels {

    private EaSeriesKernels() {}

    /** Non-causal EA-p forward: y = EA_p(q, k, v). q, k, v, y: [B, L, D]. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int base = (bc / D) * L * D + bc % D;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            EaMath.clear(s, z, p);
            EaMath.coefficients(a, p);
            float m = minKeySquare(k, base, L, D);
            for (int j = 0; j < L; j++) {
                int at = base + j * D;
                accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
            }
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                y[at] = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
            }
        }
    }

    /** Causal EA-p forward (prefix sums over j <= i). q, k, v, y: [B, L, D]. */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int base = (bc / D) * L * D + bc % D;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            EaMath.clear(s, z, p);
            EaMath.coefficients(a, p);
            float m = Float.POSITIVE_INFINITY;
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                m = shiftDown(k[at], m, s, 0, z, 0, p);
                accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
                y[at] = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
            }
        }
    }

    /** Non-causal EA-p backward: dq, dk, dv from gy, recomputing the sums. All [B, L, D]. */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int base = (bc / D) * L * D + bc % D;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            float[] gs = new float[EaMath.MAX_TERMS];
            float[] gz = new float[EaMath.MAX_TERMS];
            float[] pw = new float[EaMath.MAX_TERMS];
            EaMath.clear(s, z, p);
            EaMath.clear(gs, gz, p);
            EaMath.coefficients(a, p);
            float m = minKeySquare(k, base, L, D);
            for (int j = 0; j < L; j++) {
                int at = base + j * D;
                accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
            }
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                float den = EaMath.denominator(q[at], z, 0, 1, a, p);
                float yi = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
                dq[at] = queryGradient(q[at], gy[at], yi, den, s, 0, z, 0, a, pw, p);
                collectOutputGradient(gy[at], yi, den, a, pw, gs, 0, gz, 0, p);
            }
            for (int j = 0; j < L; j++) {
                int at = base + j * D;
                float e = TornadoMath.exp(m - EaMath.keySquare(k[at]));
                keyValueGradient(k[at], v[at], e, kmax, gs, 0, gz, 0, dk, dv, at, p);
            }
        }
    }

    /**
     * Causal EA-p backward: dq, dk, dv from gy and the forward output y. work: [2, B, L, D] scratch
     * (denominators, then shifts). All others [B, L, D].
     */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk,
                                      float[] dv, float[] work, int B, int L, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        int shifts = B * L * D;
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int base = (bc / D) * L * D + bc % D;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            float[] gs = new float[EaMath.MAX_TERMS];
            float[] gz = new float[EaMath.MAX_TERMS];
            float[] pw = new float[EaMath.MAX_TERMS];
            EaMath.clear(s, z, p);
            EaMath.clear(gs, gz, p);
            EaMath.coefficients(a, p);
            // forward scan: prefix sums give dq; keep each step's denominator and shift
            float m = Float.POSITIVE_INFINITY;
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                m = shiftDown(k[at], m, s, 0, z, 0, p);
                accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
                float den = EaMath.denominator(q[at], z, 0, 1, a, p);
                dq[at] = queryGradient(q[at], gy[at], y[at], den, s, 0, z, 0, a, pw, p);
                work[at] = den;
                work[shifts + at] = m;
            }
            // reverse scan: suffix sums of the output gradients give dk, dv
            for (int j = L - 1; j >= 0; j--) {
                int at = base + j * D;
                float mj = work[shifts + at];
                if (j < L - 1) {
                    float f = TornadoMath.exp(work[shifts + at + D] - mj);
                    for (int n = 0; n <= p; n++) {
                        gs[n] *= f;
                        gz[n] *= f;
                    }
                }
                EaMath.queryPowers(q[at], pw, p);
                collectOutputGradient(gy[at], y[at], work[at], a, pw, gs, 0, gz, 0, p);
                float e = TornadoMath.exp(mj - EaMath.keySquare(k[at]));
                keyValueGradient(k[at], v[at], e, kmax, gs, 0, gz, 0, dk, dv, at, p);
            }
        }
    }

    /** min_j k_j^2 over one channel (stride D). */
    static float minKeySquare(float[] k, int base, int L, int D) {
        float m = Float.POSITIVE_INFINITY;
        for (int j = 0; j < L; j++) m = Math.min(m, EaMath.keySquare(k[base + j * D]));
        return m;
    }

    /*
     * Per-channel helpers, shared with the recurrent kernels and the cpu twins' scalar tails. The Taylor
     * sums of a channel live at s[sOff + n] and z[zOff + n] (n = 0..p), in one array or two.
     */

    /** Lowers the running shift m to k^2 when k^2 is smaller, rescaling s and z by e^{k^2 - m}; returns the new m. */
    public static float shiftDown(float kv, float m, float[] s, int sOff, float[] z, int zOff, int p) {
        float k2 = EaMath.keySquare(kv);
        if (k2 < m) {
            float f = TornadoMath.exp(k2 - m);
            for (int n = 0; n <= p; n++) {
                s[sOff + n] *= f;
                z[zOff + n] *= f;
            }
            return k2;
        }
        return m;
    }

    /** s_n += kc^n e v, z_n += kc^n e with e = e^{m - k^2}, kc = k clamped to +-kmax; n = 0..p. */
    public static void accumulate(float kv, float vv, float m, float kmax, float[] s, int sOff, float[] z, int zOff,
                                  int p) {
        float x = TornadoMath.exp(m - EaMath.keySquare(kv));
        float kc = Math.max(-kmax, Math.min(kmax, kv));
        for (int n = 0; n <= p; n++) {
            z[zOff + n] += x;
            s[sOff + n] += x * vv;
            x *= kc;
        }
    }

    /** d y / d q times g, with y = N/M: g * sum_n a_n n q^{n-1} (s_n - y z_n) / M, in EaMath's scaling. */
    public static float queryGradient(float qv, float g, float yv, float den, float[] s, int sOff, float[] z, int zOff,
                                      float[] a, float[] pw, int p) {
        EaMath.queryPowers(qv, pw, p);
        float acc = 0f;
        if (Math.abs(qv) <= 1f) {
            for (int n = 1; n <= p; n++) acc += n * a[n] * pw[n - 1] * (s[sOff + n] - yv * z[zOff + n]);
            return g * acc / den;
        }
        for (int n = 1; n <= p; n++) acc += n * a[n] * pw[n] * (s[sOff + n] - yv * z[zOff + n]);
        return g * acc / (qv * den);
    }

    /** gs_n += a_n q^n g / M, gz_n -= a_n q^n g y / M (the gradients reaching s_n and z_n); pw from queryPowers. */
    public static void collectOutputGradient(float g, float yv, float den, float[] a, float[] pw, float[] gs, int gsOff,
                                             float[] gz, int gzOff, int p) {
        float gn = g / den;
        for (int n = 0; n <= p; n++) {
            float u = a[n] * pw[n] * gn;
            gs[gsOff + n] += u;
            gz[gzOff + n] -= u * yv;
        }
    }

    /** dv = sum_n gs_n kc^n e; dk = sum_n (gs_n v + gz_n) d(kc^n e)/dk, written at index at. */
    public static void keyValueGradient(float kv, float vv, float e, float kmax, float[] gs, int gsOff, float[] gz,
                                        int gzOff, float[] dk, float[] dv, int at, int p) {
        float kc = Math.max(-kmax, Math.min(kmax, kv));
        float inside = Math.abs(kv) <= kmax ? 1f : 0f;
        float prev = 0f;
        float x = e;
        float gv = 0f;
        float gk = 0f;
        for (int n = 0; n <= p; n++) {
            gv += gs[gsOff + n] * x;
            gk += (gs[gsOff + n] * vv + gz[gzOff + n]) * (n * prev * inside - 2f * kv * x);
            prev = x;
            x *= kc;
        }
        dv[at] = gv;
        dk[at] = gk;
    }
}
