package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.cpu.CpuVectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Non-causal reduce over a chunk of rows: a_n S_n += a_n kc^n e^{m - k^2} v, a_n Z_n += a_n kc^n e^{m - k^2},
 * continuing the sums and the running-min shift in the state ({@link Slots}); after the last row m is the
 * channel's min k^2, as in the reference. Also the recurrent prefill (the same sums over a prompt).
 */
final class Reduce {

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private Reduce() {}

    /** EA-6 over {@code rows} rows of one block from at0, rows {@code D} apart; state at st[so..]. */
    static void vector6(float[] k, float[] v, int at0, int D, int rows, float kmax, float[] st, int so) {
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(6) * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so + Slots.s(0) * VL);
        FloatVector s1 = FloatVector.fromArray(S, st, so + Slots.s(1) * VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + Slots.s(2) * VL);
        FloatVector s3 = FloatVector.fromArray(S, st, so + Slots.s(3) * VL);
        FloatVector s4 = FloatVector.fromArray(S, st, so + Slots.s(4) * VL);
        FloatVector s5 = FloatVector.fromArray(S, st, so + Slots.s(5) * VL);
        FloatVector s6 = FloatVector.fromArray(S, st, so + Slots.s(6) * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + Slots.z(0, 6) * VL);
        FloatVector z1 = FloatVector.fromArray(S, st, so + Slots.z(1, 6) * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + Slots.z(2, 6) * VL);
        FloatVector z3 = FloatVector.fromArray(S, st, so + Slots.z(3, 6) * VL);
        FloatVector z4 = FloatVector.fromArray(S, st, so + Slots.z(4, 6) * VL);
        FloatVector z5 = FloatVector.fromArray(S, st, so + Slots.z(5, 6) * VL);
        FloatVector z6 = FloatVector.fromArray(S, st, so + Slots.z(6, 6) * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector k2 = kv.mul(kv), kc = kv;
            if (kv.abs().compare(VectorOperators.GT, kmax).anyTrue()) {
                // rare, keys past the clamp (only there can k^2 overflow): compare and blend, as min/max keep
                // Java's NaN rules at ~5 instructions each (C2 does not inline a helper into kernels this size)
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kc = kv.blend(kmax, kv.compare(VectorOperators.GT, kmax));
                kc = kc.blend(-kmax, kc.compare(VectorOperators.LT, -kmax));
            }
            FloatVector d = k2.sub(m);
            // one exp: the rescale factor of lanes with a new minimum (weight 1), the weight of the others
            FloatVector x = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            if (lower.anyTrue()) {
                FloatVector f = x.blend(ONE, lower.not());
                s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f); s3 = s3.mul(f);
                s4 = s4.mul(f); s5 = s5.mul(f); s6 = s6.mul(f);
                z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f); z3 = z3.mul(f);
                z4 = z4.mul(f); z5 = z5.mul(f); z6 = z6.mul(f);
                m = m.min(k2);
                x = x.blend(ONE, lower);
            }
            FloatVector vv = FloatVector.fromArray(S, v, at);
            z0 = z0.add(x); s0 = x.fma(vv, s0);
            x = x.mul(kc.mul(2f));
            z1 = z1.add(x); s1 = x.fma(vv, s1);
            x = x.mul(kc);
            z2 = z2.add(x); s2 = x.fma(vv, s2);
            x = x.mul(kc.mul(2f / 3f));
            z3 = z3.add(x); s3 = x.fma(vv, s3);
            x = x.mul(kc.mul(0.5f));
            z4 = z4.add(x); s4 = x.fma(vv, s4);
            x = x.mul(kc.mul(0.4f));
            z5 = z5.add(x); s5 = x.fma(vv, s5);
            x = x.mul(kc.mul(1f / 3f));
            z6 = z6.add(x); s6 = x.fma(vv, s6);
        }
        m.intoArray(st, so + Slots.m(6) * VL);
        s0.intoArray(st, so + Slots.s(0) * VL); s1.intoArray(st, so + Slots.s(1) * VL);
        s2.intoArray(st, so + Slots.s(2) * VL); s3.intoArray(st, so + Slots.s(3) * VL);
        s4.intoArray(st, so + Slots.s(4) * VL); s5.intoArray(st, so + Slots.s(5) * VL);
        s6.intoArray(st, so + Slots.s(6) * VL);
        z0.intoArray(st, so + Slots.z(0, 6) * VL); z1.intoArray(st, so + Slots.z(1, 6) * VL);
        z2.intoArray(st, so + Slots.z(2, 6) * VL); z3.intoArray(st, so + Slots.z(3, 6) * VL);
        z4.intoArray(st, so + Slots.z(4, 6) * VL); z5.intoArray(st, so + Slots.z(5, 6) * VL);
        z6.intoArray(st, so + Slots.z(6, 6) * VL);
    }

    /** EA-2 as {@link #vector6}. */
    static void vector2(float[] k, float[] v, int at0, int D, int rows, float kmax, float[] st, int so) {
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(2) * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so + Slots.s(0) * VL);
        FloatVector s1 = FloatVector.fromArray(S, st, so + Slots.s(1) * VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + Slots.s(2) * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + Slots.z(0, 2) * VL);
        FloatVector z1 = FloatVector.fromArray(S, st, so + Slots.z(1, 2) * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + Slots.z(2, 2) * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector k2 = kv.mul(kv), kc = kv;
            if (kv.abs().compare(VectorOperators.GT, kmax).anyTrue()) {
                // rare, keys past the clamp (only there can k^2 overflow): compare and blend, as min/max keep
                // Java's NaN rules at ~5 instructions each (C2 does not inline a helper into kernels this size)
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kc = kv.blend(kmax, kv.compare(VectorOperators.GT, kmax));
                kc = kc.blend(-kmax, kc.compare(VectorOperators.LT, -kmax));
            }
            FloatVector d = k2.sub(m);
            FloatVector x = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            if (lower.anyTrue()) {
                FloatVector f = x.blend(ONE, lower.not());
                s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f);
                z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f);
                m = m.min(k2);
                x = x.blend(ONE, lower);
            }
            FloatVector vv = FloatVector.fromArray(S, v, at);
            z0 = z0.add(x); s0 = x.fma(vv, s0);
            x = x.mul(kc.mul(2f));
            z1 = z1.add(x); s1 = x.fma(vv, s1);
            x = x.mul(kc);
            z2 = z2.add(x); s2 = x.fma(vv, s2);
        }
        m.intoArray(st, so + Slots.m(2) * VL);
        s0.intoArray(st, so + Slots.s(0) * VL); s1.intoArray(st, so + Slots.s(1) * VL);
        s2.intoArray(st, so + Slots.s(2) * VL);
        z0.intoArray(st, so + Slots.z(0, 2) * VL); z1.intoArray(st, so + Slots.z(1, 2) * VL);
        z2.intoArray(st, so + Slots.z(2, 2) * VL);
    }

    /** Any even p as {@link #vector6}, the sums kept in the state array (L1) instead of registers. */
    static void vectorAny(float[] k, float[] v, int at0, int D, int rows, float kmax, float[] st, int so, int p) {
        int T = p + 1;
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(p) * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
            FloatVector d = k2.sub(m);
            FloatVector x = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            if (lower.anyTrue()) {
                FloatVector f = x.blend(ONE, lower.not());
                for (int i = 0; i < 2 * T; i++) {
                    FloatVector.fromArray(S, st, so + i * VL).mul(f).intoArray(st, so + i * VL);
                }
                m = m.blend(k2, lower);
                x = x.blend(ONE, lower);
            }
            FloatVector kc = kv.max(-kmax).min(kmax), vv = FloatVector.fromArray(S, v, at);
            for (int n = 0; n <= p; n++) {
                int os = so + Slots.s(n) * VL, oz = so + Slots.z(n, p) * VL;
                FloatVector.fromArray(S, st, oz).add(x).intoArray(st, oz);
                x.fma(vv, FloatVector.fromArray(S, st, os)).intoArray(st, os);
                x = x.mul(kc.mul(2f / (n + 1)));
            }
        }
        m.intoArray(st, so + Slots.m(p) * VL);
    }

    /** Scalar twin, any even p: one channel, rows {@code D} apart from at0, state at st[so..] (stride 1). */
    static void scalar(float[] k, float[] v, int at0, int D, int rows, float kmax, float[] st, int so, int p) {
        float m = st[so + Slots.m(p)];
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            float k2 = Lane.keySquare(k[at]);
            m = Lane.shift(k2, m, st, so, p);
            Lane.add(Lane.exp(m - k2), Lane.clamp(k[at], kmax), v[at], st, so, p);
        }
        st[so + Slots.m(p)] = m;
    }
}
