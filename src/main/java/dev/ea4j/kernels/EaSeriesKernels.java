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

    /**
     * Rows between the checkpoints of the prefix state that {@link #causalTrainingForward} saves; the backward
     * replays one span at a time, so its per-row values for a span stay in L1. 64 was the best chunk of the cpu
     * backward (Zen 5, EA-6, L = 4096, D = 768, ms per call: 16 rows 8.1-11.1, 64 rows 7.6-8.1, 256 rows 7.7-8.0).
     */
    public static final int CHECKPOINT_ROWS = 64;

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

    /** Checkpoints per sequence of L rows: one before every {@link #CHECKPOINT_ROWS}-th row, ceil(L / 64). */
    public static int checkpoints(int L) {
        return (L + CHECKPOINT_ROWS - 1) / CHECKPOINT_ROWS;
    }

    /** Floats of {@link #causalTrainingForward}'s saved: B * checkpoints(L) * sumSlots(p) * D. */
    public static long savedFloats(int B, int L, int D, int p) {
        return (long) B * checkpoints(L) * sumSlots(p) * D;
    }

    /** Floats the training forward keeps for the backward: {@link #savedFloats} when causal, else the sums. */
    public static long savedFloats(int B, int L, int D, int p, boolean causal) {
        return causal ? savedFloats(B, L, D, p) : (long) B * sumSlots(p) * D;
    }

    /**
     * Causal EA-p forward for training: y as {@link #causalForward}, and checkpoints of the prefix state from which
     * {@link #causalBackward} replays each span of {@link #CHECKPOINT_ROWS} rows instead of storing per-row values.
     * saved: [B, {@link #checkpoints}(L), {@link #sumSlots}(p), D], checkpoint t = the state before row 64 t in
     * {@link #trainingForward}'s layout (S_n, Z_n without a_n, then the shift; empty: zeros and +inf). Others
     * [B, L, D].
     */
    public static void causalTrainingForward(float[] q, float[] k, float[] v, float[] y, float[] saved, int B, int L,
                                             int D, int p) {
        float kmax = EaMath.keyClamp(p);
        int T = sumSlots(p), nc = checkpoints(L);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int b = bc / D, c = bc % D, base = b * L * D + c;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            EaMath.clear(s, z, p);
            EaMath.coefficients(a, p);
            float m = Float.POSITIVE_INFINITY;
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                if (i % CHECKPOINT_ROWS == 0) {
                    int row = (b * nc + i / CHECKPOINT_ROWS) * T;
                    for (int n = 0; n <= p; n++) {
                        saved[(row + n) * D + c] = s[n];
                        saved[(row + p + 1 + n) * D + c] = z[n];
                    }
                    saved[(row + 2 * p + 2) * D + c] = m;
                }
                m = EaSeriesSteps.shiftDown(k[at], m, s, 0, z, 0, p);
                EaSeriesSteps.accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
                y[at] = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
            }
        }
    }

    /**
     * Causal EA-p backward: dq, dk, dv from gy and {@link #causalTrainingForward}'s checkpoints, spans of
     * {@link #CHECKPOINT_ROWS} rows last to first: replay the span forward from its checkpoint (y_i, the
     * denominator, the shift and the key weight of each row; dq_i = gy_i dy_i/dq_i), then scan it in reverse adding
     * row i's gradients to suffix sums over i >= j of those reaching S_n, Z_n, which give dk_j, dv_j. Others
     * [B, L, D].
     */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] gy, float[] saved, float[] dq,
                                      float[] dk, float[] dv, int B, int L, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        int T = sumSlots(p), nc = checkpoints(L);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int b = bc / D, c = bc % D, base = b * L * D + c;
            float[] a = new float[EaMath.MAX_TERMS];
            float[] s = new float[EaMath.MAX_TERMS];
            float[] z = new float[EaMath.MAX_TERMS];
            float[] gs = new float[EaMath.MAX_TERMS];
            float[] gz = new float[EaMath.MAX_TERMS];
            float[] pw = new float[EaMath.MAX_TERMS];
            float[] ys = new float[CHECKPOINT_ROWS];
            float[] dens = new float[CHECKPOINT_ROWS];
            float[] shifts = new float[CHECKPOINT_ROWS];
            float[] weights = new float[CHECKPOINT_ROWS];
            EaMath.clear(gs, gz, p);
            EaMath.coefficients(a, p);
            float mNext = 0f;
            for (int t = nc - 1; t >= 0; t--) {
                int i0 = t * CHECKPOINT_ROWS, i1 = Math.min(L, i0 + CHECKPOINT_ROWS), row = (b * nc + t) * T;
                for (int n = 0; n <= p; n++) {
                    s[n] = saved[(row + n) * D + c];
                    z[n] = saved[(row + p + 1 + n) * D + c];
                }
                float m = saved[(row + 2 * p + 2) * D + c];
                for (int i = i0; i < i1; i++) {
                    int at = base + i * D;
                    m = EaSeriesSteps.shiftDown(k[at], m, s, 0, z, 0, p);
                    EaSeriesSteps.accumulate(k[at], v[at], m, kmax, s, 0, z, 0, p);
                    float yi = EaMath.ratio(q[at], s, 0, z, 0, 1, a, p);
                    float den = EaMath.denominator(q[at], z, 0, 1, a, p);
                    dq[at] = EaSeriesSteps.queryGradient(q[at], gy[at], yi, den, s, 0, z, 0, a, pw, p);
                    ys[i - i0] = yi;
                    dens[i - i0] = den;
                    shifts[i - i0] = m;
                    weights[i - i0] = TornadoMath.exp(m - EaMath.keySquare(k[at]));
                }
                for (int j = i1 - 1; j >= i0; j--) {
                    int at = base + j * D, r = j - i0;
                    if (j < L - 1) {
                        float f = TornadoMath.exp(mNext - shifts[r]);
                        for (int n = 0; n <= p; n++) {
                            gs[n] *= f;
                            gz[n] *= f;
                        }
                    }
                    mNext = shifts[r];
                    EaMath.queryPowers(q[at], pw, p);
                    EaSeriesSteps.collectOutputGradient(gy[at], ys[r], dens[r], a, pw, gs, 0, gz, 0, p);
                    EaSeriesSteps.keyValueGradient(k[at], v[at], weights[r], kmax, gs, 0, gz, 0, dk, dv, at, p);
                }
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
