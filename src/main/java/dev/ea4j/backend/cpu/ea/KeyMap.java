package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.cpu.CpuVectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Third pass of the non-causal backward, over a chunk of rows: dv_j = sum_n GS_n x_n and
 * dk_j = 2 (inside sum_n F_n x_(n-1) - k_j sum_n F_n x_n) with x_n = a_n kc^n e^{m - k_j^2} (m the channel's
 * shift from {@link Reduce}), F_n = GS_n v_j + GZ_n, GS and GZ the finished sums of {@link QueryMap}.
 */
final class KeyMap {

    private KeyMap() {}

    /** EA-6 over {@code rows} rows of one block from at0, rows {@code D} apart;
    shift at st[so..], gradients g[go..]. */;
    static void vector6(float[] k, float[] v, float[] dk, float[] dv, int at0, int D, int rows, float kmax, float[] st,
                        int so, float[] g, int go) {
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(6) * VL);
        FloatVector a0 = FloatVector.fromArray(S, g, go + Slots.s(0) * VL);
        FloatVector a1 = FloatVector.fromArray(S, g, go + Slots.s(1) * VL);
        FloatVector a2 = FloatVector.fromArray(S, g, go + Slots.s(2) * VL);
        FloatVector a3 = FloatVector.fromArray(S, g, go + Slots.s(3) * VL);
        FloatVector a4 = FloatVector.fromArray(S, g, go + Slots.s(4) * VL);
        FloatVector a5 = FloatVector.fromArray(S, g, go + Slots.s(5) * VL);
        FloatVector a6 = FloatVector.fromArray(S, g, go + Slots.s(6) * VL);
        FloatVector b0 = FloatVector.fromArray(S, g, go + Slots.z(0, 6) * VL);
        FloatVector b1 = FloatVector.fromArray(S, g, go + Slots.z(1, 6) * VL);
        FloatVector b2 = FloatVector.fromArray(S, g, go + Slots.z(2, 6) * VL);
        FloatVector b3 = FloatVector.fromArray(S, g, go + Slots.z(3, 6) * VL);
        FloatVector b4 = FloatVector.fromArray(S, g, go + Slots.z(4, 6) * VL);
        FloatVector b5 = FloatVector.fromArray(S, g, go + Slots.z(5, 6) * VL);
        FloatVector b6 = FloatVector.fromArray(S, g, go + Slots.z(6, 6) * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector k2 = kv.mul(kv), kc = kv;
            VectorMask<Float> outside = kv.abs().compare(VectorOperators.GT, kmax);
            if (outside.anyTrue()) {
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kc = kv.blend(kmax, kv.compare(VectorOperators.GT, kmax));
                kc = kc.blend(-kmax, kc.compare(VectorOperators.LT, -kmax));
            }
            FloatVector x0 = CpuVectorMath.exp(m.sub(k2));
            FloatVector vv = FloatVector.fromArray(S, v, at);
            // term by term, x_n = x_(n-1) kc 2/n: few live vectors (AVX2 has 16 registers)
            FloatVector f = a0.fma(vv, b0);
            FloatVector gv = a0.mul(x0), s1 = f.mul(x0);
            FloatVector x = x0.mul(kc.mul(2f));
            f = a1.fma(vv, b1);
            FloatVector s2 = f.mul(x0);
            gv = a1.fma(x, gv); s1 = f.fma(x, s1);
            FloatVector xp = x;
            x = x.mul(kc);
            f = a2.fma(vv, b2);
            gv = a2.fma(x, gv); s1 = f.fma(x, s1); s2 = f.fma(xp, s2);
            xp = x;
            x = x.mul(kc.mul(2f / 3f));
            f = a3.fma(vv, b3);
            gv = a3.fma(x, gv); s1 = f.fma(x, s1); s2 = f.fma(xp, s2);
            xp = x;
            x = x.mul(kc.mul(0.5f));
            f = a4.fma(vv, b4);
            gv = a4.fma(x, gv); s1 = f.fma(x, s1); s2 = f.fma(xp, s2);
            xp = x;
            x = x.mul(kc.mul(0.4f));
            f = a5.fma(vv, b5);
            gv = a5.fma(x, gv); s1 = f.fma(x, s1); s2 = f.fma(xp, s2);
            xp = x;
            x = x.mul(kc.mul(1f / 3f));
            f = a6.fma(vv, b6);
            gv = a6.fma(x, gv); s1 = f.fma(x, s1); s2 = f.fma(xp, s2);
            gv.intoArray(dv, at);
            kv.neg().fma(s1, s2.blend(0f, outside)).mul(2f).intoArray(dk, at);
        }
    }

    /** EA-2 as {@link #vector6}. */
    static void vector2(float[] k, float[] v, float[] dk, float[] dv, int at0, int D, int rows, float kmax, float[] st,
                        int so, float[] g, int go) {
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(2) * VL);
        FloatVector a0 = FloatVector.fromArray(S, g, go + Slots.s(0) * VL);
        FloatVector a1 = FloatVector.fromArray(S, g, go + Slots.s(1) * VL);
        FloatVector a2 = FloatVector.fromArray(S, g, go + Slots.s(2) * VL);
        FloatVector b0 = FloatVector.fromArray(S, g, go + Slots.z(0, 2) * VL);
        FloatVector b1 = FloatVector.fromArray(S, g, go + Slots.z(1, 2) * VL);
        FloatVector b2 = FloatVector.fromArray(S, g, go + Slots.z(2, 2) * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector k2 = kv.mul(kv), kc = kv;
            VectorMask<Float> outside = kv.abs().compare(VectorOperators.GT, kmax);
            if (outside.anyTrue()) {
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kc = kv.blend(kmax, kv.compare(VectorOperators.GT, kmax));
                kc = kc.blend(-kmax, kc.compare(VectorOperators.LT, -kmax));
            }
            FloatVector x0 = CpuVectorMath.exp(m.sub(k2));
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector x1 = x0.mul(kc.mul(2f)), x2 = x1.mul(kc);
            FloatVector f0 = a0.fma(vv, b0), f1 = a1.fma(vv, b1), f2 = a2.fma(vv, b2);
            FloatVector gv = a2.fma(x2, a1.fma(x1, a0.mul(x0)));
            FloatVector s1 = f2.fma(x2, f1.fma(x1, f0.mul(x0)));
            FloatVector s2 = f2.fma(x1, f1.mul(x0));
            gv.intoArray(dv, at);
            kv.neg().fma(s1, s2.blend(0f, outside)).mul(2f).intoArray(dk, at);
        }
    }

    /** Any even p as {@link #vector6}, the gradient sums read from the state array. */
    static void vectorAny(float[] k, float[] v, float[] dk, float[] dv, int at0, int D, int rows, float kmax,
                          float[] st, int so, float[] g, int go, int p) {
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(p) * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            VectorMask<Float> outside = kv.abs().compare(VectorOperators.GT, kmax);
            FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE), kc = kv.max(-kmax).min(kmax);
            FloatVector x = CpuVectorMath.exp(m.sub(k2));
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector gv = FloatVector.zero(S), s1 = gv, s2 = gv, xp = gv;
            for (int n = 0; n <= p; n++) {
                FloatVector gs = FloatVector.fromArray(S, g, go + Slots.s(n) * VL);
                FloatVector f = gs.fma(vv, FloatVector.fromArray(S, g, go + Slots.z(n, p) * VL));
                gv = gs.fma(x, gv);
                s1 = f.fma(x, s1);
                if (n > 0) s2 = f.fma(xp, s2);
                xp = x;
                x = x.mul(kc.mul(2f / (n + 1)));
            }
            gv.intoArray(dv, at);
            kv.neg().fma(s1, s2.blend(0f, outside)).mul(2f).intoArray(dk, at);
        }
    }

    /** Scalar twin, any even p: one channel; shift at st[so..], gradients at g[go..] (stride 1). */
    static void scalar(float[] k, float[] v, float[] dk, float[] dv, int at0, int D, int rows, float kmax, float[] st,
                       int so, float[] g, int go, int p) {
        float m = st[so + Slots.m(p)];
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            Lane.keyGradient(k[at], v[at], Lane.exp(m - Lane.keySquare(k[at])), kmax, g, go, dk, dv, at, p);
        }
    }
}
