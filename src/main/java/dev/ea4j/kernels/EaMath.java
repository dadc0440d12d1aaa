package dev.ea4j.kernels;

/**
 * Scalar building blocks shared by the EA-series kernels and their twins: Taylor coefficients
 * a_n = 2^n/n!, the key clamp for powers, and the scale-free evaluation of
 * sum_n a_n q^n S_n / sum_n a_n q^n Z_n. Numerics: docs/numerics.md.
 */
public final class EaMath {

    /** Highest supported Taylor degree p (constant-size scratch in kernels is sized from it). */
    public static final int MAX_ORDER = 16;

    /** Scratch length for p+1 terms. */
    public static final int MAX_TERMS = MAX_ORDER + 1;

    /** Smallest denominator used: guards 0/0 when every weight underflows. */
    public static final float DEN_FLOOR = Float.MIN_NORMAL;

    private EaMath() {}

    /**
     * s[0..p] = z[0..p] = 0. Kernels call it on their scratch although Java zeroes new arrays: TornadoVM's private
     * arrays are not zeroed on the device.
     */
    public static void clear(float[] s, float[] z, int p) {
        for (int n = 0; n <= p; n++) {
            s[n] = 0f;
            z[n] = 0f;
        }
    }

    /** Fills a[0..p] with 2^n/n!. a: [>= p+1]. */
    public static void coefficients(float[] a, int p) {
        double c = 1.0;
        for (int n = 0; n <= p; n++) {
            a[n] = (float) c;
            c = c * 2.0 / (n + 1);
        }
    }

    /** log2 of the largest power k^p the accumulators take (headroom left for L * |v|: 2^68). */
    public static final int POWER_HEADROOM_BITS = 60;

    /** Largest |k| used in the powers k^n (so k^p <= 2^60); larger keys are clamped there. */
    public static float keyClamp(int p) {
        return (float) Math.pow(2.0, (double) POWER_HEADROOM_BITS / p);
    }

    /** k^2 capped at Float.MAX_VALUE, so huge keys never produce inf - inf in the shift. */
    public static float keySquare(float k) {
        return Math.min(k * k, Float.MAX_VALUE);
    }

    /**
     * sum_n a_n q^n s_n / sum_n a_n q^n z_n for n = 0..p, evaluated as a polynomial in q when |q| <= 1
     * and in 1/q (both sums divided by q^p) when |q| > 1, so no power of q overflows.
     * s is read at sOff + n * stride, z at zOff + n * stride.
     */
    public static float ratio(float q, float[] s, int sOff, float[] z, int zOff, int stride, float[] a, int p) {
        float num = 0f;
        float den = 0f;
        if (Math.abs(q) <= 1f) {
            for (int n = p; n >= 0; n--) {
                num = num * q + a[n] * s[sOff + n * stride];
                den = den * q + a[n] * z[zOff + n * stride];
            }
        } else {
            float r = 1f / q;
            for (int n = 0; n <= p; n++) {
                num = num * r + a[n] * s[sOff + n * stride];
                den = den * r + a[n] * z[zOff + n * stride];
            }
        }
        return num / Math.max(den, DEN_FLOOR);
    }

    /** The denominator of {@link #ratio} (scaled the same way), floored at {@link #DEN_FLOOR}. */
    public static float denominator(float q, float[] z, int offset, int stride, float[] a, int p) {
        float den = 0f;
        if (Math.abs(q) <= 1f) {
            for (int n = p; n >= 0; n--) den = den * q + a[n] * z[offset + n * stride];
        } else {
            float r = 1f / q;
            for (int n = 0; n <= p; n++) den = den * r + a[n] * z[offset + n * stride];
        }
        return Math.max(den, DEN_FLOOR);
    }

    /**
     * pw[n] = q^n when |q| <= 1, else q^(n-p): the powers of q in the same scaling as {@link #ratio}.
     * pw: [>= p+1].
     */
    public static void queryPowers(float q, float[] pw, int p) {
        if (Math.abs(q) <= 1f) {
            float x = 1f;
            for (int n = 0; n <= p; n++) {
                pw[n] = x;
                x *= q;
            }
        } else {
            float r = 1f / q;
            float x = 1f;
            for (int n = p; n >= 0; n--) {
                pw[n] = x;
                x *= r;
            }
        }
    }
}
