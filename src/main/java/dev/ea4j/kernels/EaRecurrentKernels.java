package dev.ea4j.kernels;

/**
 * Recurrent (inference) form of causal EA-p (Eqs. 7-16). State per sequence and channel: s, z: [B, D, p+1]
 * (numerator and denominator accumulators, scaled by e^{m}) and m: [B, D] (the running min of k^2 used as
 * a stable shift; starts at +infinity for an empty state, see {@link #reset}).
 */
public final class EaRecurrentKernels {

    private EaRecurrentKernels() {}

    /** Empties the state: s = z = 0, m = +inf. s, z: [B, D, p+1]; m: [B, D]. */
    public static void reset(float[] s, float[] z, float[] m, int B, int D, int p) {
        // TODO(skeleton)
    }

    /** Adds token (k, v) to the state and emits y for query q. q, k, v, y: [B, D]; s, z: [B, D, p+1]; m: [B, D]. */
    public static void step(float[] q, float[] k, float[] v, float[] y, float[] s, float[] z, float[] m,
                            int B, int D, int p) {
        // TODO(skeleton)
    }

    /** Adds a whole prompt to the state without emitting outputs. k, v: [B, L, D]; s, z: [B, D, p+1]; m: [B, D]. */
    public static void prefill(float[] k, float[] v, float[] s, float[] z, float[] m, int B, int L, int D, int p) {
        // TODO(skeleton)
    }
}
