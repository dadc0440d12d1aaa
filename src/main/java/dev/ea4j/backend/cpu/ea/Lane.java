package dev.ea4j.backend.cpu.ea;

import dev.ea4j.kernels.EaMath;

/**
 * The per-row steps of one channel in scalar form, on its state at {@code st[so..]} (slot stride 1, {@link Slots}):
 * the scalar twins of the scans are built from these. Same numerics as the vector kernels (docs/numerics.md):
 * running-min shift, clamped key, a_n folded into the sums (x_n = a_n kc^n e = x_{n-1} kc 2/n), Horner in w = q
 * where |q| <= 1 and in w = 1/q with reversed coefficients where |q| > 1, fused multiply-adds where the vector
 * kernels use them. Only the exp differs (Math.exp here, a polynomial there).
 */
final class Lane {

    private Lane() {}

    /** min(k^2, Float.MAX_VALUE). */
    static float keySquare(float k) {
        return Math.min(k * k, Float.MAX_VALUE);
    }

    /** k clamped to [-kmax, kmax]. */
    static float clamp(float k, float kmax) {
        return Math.max(-kmax, Math.min(kmax, k));
    }

    /** e^x in float. */
    static float exp(float x) {
        return (float) Math.exp(x);
    }

    /** When k2 < m: every sum times e^{k2 - m} and k2 returned as the new shift; else m. */
    static float shift(float k2, float m, float[] st, int so, int p) {
        if (!(k2 < m)) return m;
        float f = exp(k2 - m);
        for (int i = 0; i < 2 * (p + 1); i++) st[so + i] *= f;
        return k2;
    }

    /** a_n S_n += x_n v, a_n Z_n += x_n with x_n = a_n kc^n e, n = 0..p. */
    static void add(float e, float kc, float v, float[] st, int so, int p) {
        float x = e;
        for (int n = 0; n <= p; n++) {
            st[so + Slots.z(n, p)] += x;
            st[so + Slots.s(n)] = Math.fma(x, v, st[so + Slots.s(n)]);
            x *= kc * (2f / (n + 1));
        }
    }

    /** sum_n c_n w^n (small q) or sum_n c_n w^(p-n) (big q), c_n at st[off + n]. */
    static float horner(float w, boolean big, float[] st, int off, int p) {
        float h;
        if (big) {
            h = st[off];
            for (int n = 1; n <= p; n++) h = Math.fma(h, w, st[off + n]);
        } else {
            h = st[off + p];
            for (int n = p - 1; n >= 0; n--) h = Math.fma(h, w, st[off + n]);
        }
        return h;
    }

    /** The Horner variable: q, or 1/q where |q| > 1. */
    static float base(float q) {
        return Math.abs(q) > 1f ? 1f / q : q;
    }

    /** max(sum_n a_n Z_n w^.., DEN_FLOOR): the ratio's denominator in EaMath's scaling. */
    static float denominator(float q, float[] st, int so, int p) {
        return Math.max(horner(base(q), Math.abs(q) > 1f, st, so + Slots.z(0, p), p), EaMath.DEN_FLOOR);
    }

    /** y = sum_n a_n S_n w^.. / denominator. */
    static float ratio(float q, float[] st, int so, int p) {
        return horner(base(q), Math.abs(q) > 1f, st, so + Slots.s(0), p) / denominator(q, st, so, p);
    }

    /**
     * dq = u * sum_n n (a_n S_n - y a_n Z_n) q^(n-1) with u = g / den; where |q| > 1 the sum runs in 1/q scaled by
     * q^-p like den, and the result is divided by q.
     */
    static float queryGradient(float q, float u, float y, float[] st, int so, int p) {
        boolean big = Math.abs(q) > 1f;
        float w = base(q);
        float h;
        if (big) {
            h = term(1, y, st, so, p);
            for (int n = 2; n <= p; n++) h = Math.fma(h, w, term(n, y, st, so, p));
        } else {
            h = term(p, y, st, so, p);
            for (int n = p - 1; n >= 1; n--) h = Math.fma(h, w, term(n, y, st, so, p));
        }
        return u * h * (big ? w : 1f);
    }

    private static float term(int n, float y, float[] st, int so, int p) {
        return Math.fma(st[so + Slots.z(n, p)], -y, st[so + Slots.s(n)]) * n;
    }

    /**
     * The gradients reaching S_n and Z_n from one output: gs_n += u w_n, gz_n += nuy w_n (nuy = -u y), w_n = q^n,
     * or q^(n-p) where |q| > 1. pw: scratch [p+1].
     */
    static void collect(float q, float u, float nuy, float[] g, int go, float[] pw, int p) {
        boolean big = Math.abs(q) > 1f;
        float w = base(q);
        pw[0] = 1f;
        for (int n = 1; n <= p; n++) pw[n] = pw[n - 1] * w;
        for (int n = 0; n <= p; n++) {
            float x = big ? pw[p - n] : pw[n];
            g[go + Slots.s(n)] = Math.fma(x, u, g[go + Slots.s(n)]);
            g[go + Slots.z(n, p)] = Math.fma(x, nuy, g[go + Slots.z(n, p)]);
        }
    }

    /**
     * dv = sum_n gs_n x_n, dk = 2 (inside sum_n F_n x_(n-1) - k sum_n F_n x_n) with F_n = gs_n v + gz_n,
     * x_n = a_n kc^n e and inside = |k| <= kmax (d x_n / dk = 2 x_(n-1) inside - 2 k x_n); written at index at.
     */
    static void keyGradient(float k, float v, float e, float kmax, float[] g, int go, float[] dk, float[] dv, int at,
                            int p) {
        float kc = clamp(k, kmax);
        float x = e, prev = 0f, gv = 0f, a1 = 0f, a2 = 0f;
        for (int n = 0; n <= p; n++) {
            float gs = g[go + Slots.s(n)];
            float f = Math.fma(gs, v, g[go + Slots.z(n, p)]);
            gv = Math.fma(gs, x, gv);
            a1 = Math.fma(f, x, a1);
            if (n > 0) a2 = Math.fma(f, prev, a2);
            prev = x;
            x *= kc * (2f / (n + 1));
        }
        dv[at] = gv;
        dk[at] = Math.fma(-k, a1, Math.abs(k) <= kmax ? a2 : 0f) * 2f;
    }
}
