package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * Not tasks: the per-channel steps of the EA-series kernels ({@link EaSeriesKernels}, {@link EaRecurrentKernels}),
 * shared with the cpu twins' scalar paths. A channel's Taylor sums live at s[sOff + n] and z[zOff + n] (n = 0..p),
 * in one array or two. Plain static methods (counted loops, Math, TornadoMath), so TornadoVM inlines them into the
 * kernels that call them.
 */
public final class EaSeriesSteps {

    private EaSeriesSteps() {}

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
