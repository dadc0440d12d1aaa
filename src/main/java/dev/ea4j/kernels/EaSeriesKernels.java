package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * EA-series attention (Feng 2025, Eqs. 5-6), the reference twins. Per channel c, with even degree p and
 * a_n = 2^n/n!: y_ic = sum_n a_n q_ic^n S_nc / sum_n a_n q_ic^n Z_nc, S_nc = sum_j k_jc^n e^{-k_jc^2} v_jc,
 * Z_nc = sum_j k_jc^n e^{-k_jc^2}; sums over all j (non-causal) or j <= i (causal). All arrays
 * {@code [B, L, D]} row-major. For stability the weights are shifted by m = min_j k_j^2 (running min
 * when causal), which cancels in the ratio; see {@link EaMath} and docs/numerics.md. Every public method is a task;
 * the per-channel steps they share live in {@link EaSeriesSteps}.
 */
public final class EaSeriesKernels {

    /** Planes of [B, L, D] that {@link #causalTrainingForward} saves for {@link #causalBackward}. */
    public static final int SAVED_PLANES = 4;

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
                EaSeriesSteps.accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
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
                m = EaSeriesSteps.shiftDown(k[at], m, s, 0, z, 0, p);
                EaSeriesSteps.accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
                y[at] = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
            }
        }
    }

    /**
     * Non-causal EA-p forward for training: y as {@link #forward}, and the sums {@link #backward} needs, so that it
     * does not recompute them. sums: [B, {@link #sumSlots}(p), D]: S_0..S_p, Z_0..Z_p (without a_n, shifted by m),
     * then m = min_j k_j^2. Others [B, L, D].
     */
    public static void trainingForward(float[] q, float[] k, float[] v, float[] y, float[] sums, int B, int L, int D,
                                       int p) {
        float kmax = EaMath.keyClamp(p);
        int T = sumSlots(p);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int b = bc / D, c = bc % D, base = b * L * D + c;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            EaMath.clear(s, z, p);
            EaMath.coefficients(a, p);
            float m = minKeySquare(k, base, L, D);
            for (int j = 0; j < L; j++) {
                int at = base + j * D;
                EaSeriesSteps.accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
            }
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                y[at] = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
            }
            for (int n = 0; n <= p; n++) {
                sums[(b * T + n) * D + c] = s[n];
                sums[(b * T + p + 1 + n) * D + c] = z[n];
            }
            sums[(b * T + 2 * p + 2) * D + c] = m;
        }
    }

    /** Slots per channel of {@link #trainingForward}'s sums: S_0..S_p, Z_0..Z_p and the shift. */
    public static int sumSlots(int p) {
        return 2 * p + 3;
    }

    /**
     * Non-causal EA-p backward: dq, dk, dv from gy and {@link #trainingForward}'s sums [B, sumSlots(p), D]. Others
     * [B, L, D].
     */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] sums, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        int T = sumSlots(p);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int b = bc / D, c = bc % D, base = b * L * D + c;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            float[] gs = new float[EaMath.MAX_TERMS];
            float[] gz = new float[EaMath.MAX_TERMS];
            float[] pw = new float[EaMath.MAX_TERMS];
            EaMath.clear(gs, gz, p);
            EaMath.coefficients(a, p);
            for (int n = 0; n <= p; n++) {
                s[n] = sums[(b * T + n) * D + c];
                z[n] = sums[(b * T + p + 1 + n) * D + c];
            }
            float m = sums[(b * T + 2 * p + 2) * D + c];
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                float den = EaMath.denominator(q[at], z, 0, 1, a, p);
                float yi = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
                dq[at] = EaSeriesSteps.queryGradient(q[at], gy[at], yi, den, s, 0, z, 0, a, pw, p);
                EaSeriesSteps.collectOutputGradient(gy[at], yi, den, a, pw, gs, 0, gz, 0, p);
            }
            for (int j = 0; j < L; j++) {
                int at = base + j * D;
                float e = TornadoMath.exp(m - EaMath.keySquare(k[at]));
                EaSeriesSteps.keyValueGradient(k[at], v[at], e, kmax, gs, 0, gz, 0, dk, dv, at, p);
            }
        }
    }

    /**
     * Causal EA-p forward for training: y as {@link #causalForward}, and what {@link #causalBackward} needs of each
     * step, so that it never rescans the prefix sums. saved: [4, B, L, D]: dy_i/dq_i, the denominator
     * sum_n a_n q^n Z_n (in {@link EaMath#ratio}'s scaling, floored), the running shift m_i, and the key's weight
     * e^{m_i - k_i^2}. Others [B, L, D].
     */
    public static void causalTrainingForward(float[] q, float[] k, float[] v, float[] y, float[] saved, int B, int L,
                                             int D, int p) {
        float kmax = EaMath.keyClamp(p);
        int n = B * L * D;
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int base = (bc / D) * L * D + bc % D;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            float[] pw = new float[EaMath.MAX_TERMS];
            EaMath.clear(s, z, p);
            EaMath.coefficients(a, p);
            float m = Float.POSITIVE_INFINITY;
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                m = EaSeriesSteps.shiftDown(k[at], m, s, 0, z, 0, p);
                EaSeriesSteps.accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
                float yi = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
                float den = EaMath.denominator(q[at], z, 0, 1, a, p);
                y[at] = yi;
                saved[at] = EaSeriesSteps.queryGradient(q[at], 1f, yi, den, s, 0, z, 0, a, pw, p);
                saved[n + at] = den;
                saved[2 * n + at] = m;
                saved[3 * n + at] = TornadoMath.exp(m - EaMath.keySquare(k[at]));
            }
        }
    }

    /**
     * Causal EA-p backward: dq, dk, dv from gy, the forward output y and {@link #causalTrainingForward}'s saved
     * [4, B, L, D], in one reverse scan: dq_i = gy_i dy_i/dq_i, and suffix sums of the gradients reaching S_n, Z_n
     * give dk, dv. All others [B, L, D].
     */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] saved,
                                      float[] dq, float[] dk, float[] dv, int B, int L, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        int n = B * L * D;
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int base = (bc / D) * L * D + bc % D;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] gs = new float[EaMath.MAX_TERMS];
            float[] gz = new float[EaMath.MAX_TERMS];
            float[] pw = new float[EaMath.MAX_TERMS];
            EaMath.clear(gs, gz, p);
            EaMath.coefficients(a, p);
            for (int j = L - 1; j >= 0; j--) {
                int at = base + j * D;
                dq[at] = gy[at] * saved[at];
                float mj = saved[2 * n + at];
                if (j < L - 1) {
                    float f = TornadoMath.exp(saved[2 * n + at + D] - mj);
                    for (int t = 0; t <= p; t++) {
                        gs[t] *= f;
                        gz[t] *= f;
                    }
                }
                EaMath.queryPowers(q[at], pw, p);
                EaSeriesSteps.collectOutputGradient(gy[at], y[at], saved[n + at], a, pw, gs, 0, gz, 0, p);
                EaSeriesSteps.keyValueGradient(k[at], v[at], saved[3 * n + at], kmax, gs, 0, gz, 0, dk, dv, at, p);
            }
        }
    }

    /** min_j k_j^2 over one channel (stride D). */
    private static float minKeySquare(float[] k, int base, int L, int D) {
        float m = Float.POSITIVE_INFINITY;
        for (int j = 0; j < L; j++) m = Math.min(m, EaMath.keySquare(k[base + j * D]));
        return m;
    }
}
