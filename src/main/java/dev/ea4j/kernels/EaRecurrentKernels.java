package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Recurrent (inference) form of causal EA-p (Eqs. 7-16). State per sequence and channel: s, z: [B, D, p+1]
 * (numerator and denominator accumulators, scaled by e^{m}) and m: [B, D] (the running min of k^2, a
 * stable shift that cancels in the ratio; +infinity for an empty state, see {@link #reset}).
 */
public final class EaRecurrentKernels {

    private EaRecurrentKernels() {}

    /** Empties the state: s = z = 0, m = +inf. s, z: [B, D, p+1]; m: [B, D]. */
    public static void reset(float[] s, float[] z, float[] m, int B, int D, int p) {
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            m[bc] = Float.POSITIVE_INFINITY;
            for (int n = 0; n <= p; n++) {
                s[bc * (p + 1) + n] = 0f;
                z[bc * (p + 1) + n] = 0f;
            }
        }
    }

    /**
     * Adds token (k, v) to the state and emits y for query q. q, k, v, y: [B, D]; s, z: [B, D, p+1]; m: [B, D].
     * (Not named {@code step}: TornadoVM names the OpenCL kernel after the method, and OpenCL C has a built-in step.)
     */
    public static void decodeStep(float[] q, float[] k, float[] v, float[] y, float[] s, float[] z, float[] m,
                            int B, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            float[] a = new float[EaMath.MAX_TERMS];
            EaMath.coefficients(a, p);
            int off = bc * (p + 1);
            m[bc] = EaSeriesSteps.shiftDown(k[bc], m[bc], s, off, z, off, p);
            EaSeriesSteps.accumulate(k[bc], v[bc], m[bc], kmax, s, off, z, off, p);
            y[bc] = EaMath.ratio(q[bc], s, off, z, off, 1, a, p);
        }
    }

    /** Adds a whole prompt to the state without emitting outputs. k, v: [B, L, D]; s, z: [B, D, p+1]; m: [B, D]. */
    public static void prefill(float[] k, float[] v, float[] s, float[] z, float[] m, int B, int L, int D, int p) {
        float kmax = EaMath.keyClamp(p);
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int base = (bc / D) * L * D + bc % D;
            int off = bc * (p + 1);
            for (int i = 0; i < L; i++) {
                int at = base + i * D;
                m[bc] = EaSeriesSteps.shiftDown(k[at], m[bc], s, off, z, off, p);
                EaSeriesSteps.accumulate(k[at], v[at], m[bc], kmax, s, off, z, off, p);
            }
        }
    }
}
