package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.cpu.CpuVectorMath;
import dev.ea4j.kernels.EaMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Causal forward scan over a chunk of rows: y_i = sum_n a_n S_n(i) w^n / sum_n a_n Z_n(i) w^n with the prefix
 * sums S, Z continued from the state ({@link Slots}). The vector kernels keep a block's sums in registers and are
 * software-pipelined: iteration r computes the key weight of row r+1 (stage A: its exp is the longest chain) and
 * the sums and ratio of row r (stages B, C), so the two chains overlap; iteration -1 does only A, and past the last
 * row A re-reads that row, which leaves m unchanged. One exp serves both the rescale factor e^{k^2 - m_old} of
 * lanes with a new minimum (whose own weight is then 1) and the weight e^{m - k^2} of the others.
 *
 * <p>C2 compiles these loops well only while it inlines every call in them (past its node budget a refused
 * helper boxes its vectors, ~10x slower), so they call the Vector API directly; the one helper they call,
 * {@link CpuVectorMath#exp}, comes first. Check with -XX:+UnlockDiagnosticVMOptions
 * -XX:CompileCommand=PrintInlining,dev.ea4j.backend.cpu.ea.CausalScan::vector6 after a change.
 */
final class CausalScan {

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private CausalScan() {}

    /**
     * EA-6 over {@code rows} rows of one block: q, k, v from at0 with rows {@code D} apart (a panel or the
     * arrays), y to yAt0 with rows {@code yD} apart, state at st[so..].
     */
    static void vector6(float[] q, float[] k, float[] v, int at0, int D, float[] y, int yAt0, int yD, int rows,
                        float kmax, float[] st, int so) {
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
        // carried from stage A to the next iteration; built here, not taken from ONE, so that C2 keeps them in
        // registers (a phi with a constant object boxes)
        FloatVector x = FloatVector.broadcast(S, 1f), kc = x, f = x;
        boolean rescale = false;
        for (int r = -1, at = at0 - D, yat = yAt0 - yD; r < rows; r++, at += D, yat += yD) {
            // A, row r + 1
            FloatVector kn = FloatVector.fromArray(S, k, r + 1 < rows ? at + D : at);
            FloatVector k2 = kn.mul(kn), kcNext = kn;
            if (kn.abs().compare(VectorOperators.GT, kmax).anyTrue()) {
                // rare, keys past the clamp (only there can k^2 overflow): compare and blend, as min/max keep
                // Java's NaN rules at ~5 instructions each
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kcNext = kn.blend(kmax, kn.compare(VectorOperators.GT, kmax));
                kcNext = kcNext.blend(-kmax, kcNext.compare(VectorOperators.LT, -kmax));
            }
            FloatVector d = k2.sub(m);
            FloatVector g = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            boolean rescaleNext = lower.anyTrue();
            FloatVector fNext = g.blend(ONE, lower.not());
            FloatVector xNext = g.blend(ONE, lower);
            m = m.blend(k2, lower);
            if (r >= 0) {
                // B, row r: x_n = a_n kc^n e = x_{n-1} kc 2/n
                if (rescale) {
                    s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f); s3 = s3.mul(f);
                    s4 = s4.mul(f); s5 = s5.mul(f); s6 = s6.mul(f);
                    z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f); z3 = z3.mul(f);
                    z4 = z4.mul(f); z5 = z5.mul(f); z6 = z6.mul(f);
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
                // C, row r: Horner in w for both sums, coefficients reversed in big lanes
                FloatVector qv = FloatVector.fromArray(S, q, at);
                VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
                FloatVector w = qv.blend(ONE.div(qv), big);
                FloatVector hs = s6.blend(s0, big), hz = z6.blend(z0, big);
                hs = hs.fma(w, s5.blend(s1, big)); hz = hz.fma(w, z5.blend(z1, big));
                hs = hs.fma(w, s4.blend(s2, big)); hz = hz.fma(w, z4.blend(z2, big));
                hs = hs.fma(w, s3); hz = hz.fma(w, z3);
                hs = hs.fma(w, s2.blend(s4, big)); hz = hz.fma(w, z2.blend(z4, big));
                hs = hs.fma(w, s1.blend(s5, big)); hz = hz.fma(w, z1.blend(z5, big));
                hs = hs.fma(w, s0.blend(s6, big)); hz = hz.fma(w, z0.blend(z6, big));
                hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
                hs.div(hz).intoArray(y, yat);
            }
            x = xNext; kc = kcNext; f = fNext; rescale = rescaleNext;
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

    /** EA-2 as {@link #vector6}; stage A is vector6's, written out (a helper would return vectors, which boxes). */
    static void vector2(float[] q, float[] k, float[] v, int at0, int D, float[] y, int yAt0, int yD, int rows,
                        float kmax, float[] st, int so) {
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(2) * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so + Slots.s(0) * VL);
        FloatVector s1 = FloatVector.fromArray(S, st, so + Slots.s(1) * VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + Slots.s(2) * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + Slots.z(0, 2) * VL);
        FloatVector z1 = FloatVector.fromArray(S, st, so + Slots.z(1, 2) * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + Slots.z(2, 2) * VL);
        FloatVector x = FloatVector.broadcast(S, 1f), kc = x, f = x;
        boolean rescale = false;
        for (int r = -1, at = at0 - D, yat = yAt0 - yD; r < rows; r++, at += D, yat += yD) {
            FloatVector kn = FloatVector.fromArray(S, k, r + 1 < rows ? at + D : at);
            FloatVector k2 = kn.mul(kn), kcNext = kn;
            if (kn.abs().compare(VectorOperators.GT, kmax).anyTrue()) {
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kcNext = kn.blend(kmax, kn.compare(VectorOperators.GT, kmax));
                kcNext = kcNext.blend(-kmax, kcNext.compare(VectorOperators.LT, -kmax));
            }
            FloatVector d = k2.sub(m);
            FloatVector g = CpuVectorMath.exp(d.abs().neg());
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            boolean rescaleNext = lower.anyTrue();
            FloatVector fNext = g.blend(ONE, lower.not());
            FloatVector xNext = g.blend(ONE, lower);
            m = m.blend(k2, lower);
            if (r >= 0) {
                if (rescale) {
                    s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f);
                    z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f);
                }
                FloatVector vv = FloatVector.fromArray(S, v, at);
                z0 = z0.add(x); s0 = x.fma(vv, s0);
                x = x.mul(kc.mul(2f));
                z1 = z1.add(x); s1 = x.fma(vv, s1);
                x = x.mul(kc);
                z2 = z2.add(x); s2 = x.fma(vv, s2);
                FloatVector qv = FloatVector.fromArray(S, q, at);
                VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
                FloatVector w = qv.blend(ONE.div(qv), big);
                FloatVector hs = s2.blend(s0, big), hz = z2.blend(z0, big);
                hs = hs.fma(w, s1); hz = hz.fma(w, z1);
                hs = hs.fma(w, s0.blend(s2, big)); hz = hz.fma(w, z0.blend(z2, big));
                hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
                hs.div(hz).intoArray(y, yat);
            }
            x = xNext; kc = kcNext; f = fNext; rescale = rescaleNext;
        }
        m.intoArray(st, so + Slots.m(2) * VL);
        s0.intoArray(st, so + Slots.s(0) * VL); s1.intoArray(st, so + Slots.s(1) * VL);
        s2.intoArray(st, so + Slots.s(2) * VL);
        z0.intoArray(st, so + Slots.z(0, 2) * VL); z1.intoArray(st, so + Slots.z(1, 2) * VL);
        z2.intoArray(st, so + Slots.z(2, 2) * VL);
    }

    /** Any even p, not pipelined, the sums kept in the state array (L1) instead of registers. */
    static void vectorAny(float[] q, float[] k, float[] v, int at0, int D, float[] y, int yAt0, int yD, int rows,
                          float kmax, float[] st, int so, int p) {
        int T = p + 1, zo = so + Slots.z(0, p) * VL;
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(p) * VL);
        for (int r = 0, at = at0, yat = yAt0; r < rows; r++, at += D, yat += yD) {
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
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
            FloatVector rq = ONE.div(qv);
            FloatVector w = qv.blend(rq, big);
            FloatVector hs = FloatVector.fromArray(S, st, so + p * VL).blend(FloatVector.fromArray(S, st, so), big);
            for (int i = 1; i <= p; i++) {
                hs = hs.fma(w, FloatVector.fromArray(S, st, so + (p - i) * VL)
                        .blend(FloatVector.fromArray(S, st, so + i * VL), big));
            }
            FloatVector hz = FloatVector.fromArray(S, st, zo + p * VL).blend(FloatVector.fromArray(S, st, zo), big);
            for (int i = 1; i <= p; i++) {
                hz = hz.fma(w, FloatVector.fromArray(S, st, zo + (p - i) * VL)
                        .blend(FloatVector.fromArray(S, st, zo + i * VL), big));
            }
            hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
            hs.div(hz).intoArray(y, yat);
        }
        m.intoArray(st, so + Slots.m(p) * VL);
    }

    /** Scalar twin, any even p: one channel, rows {@code D} apart from at0, state at st[so..] (stride 1). */
    static void scalar(float[] q, float[] k, float[] v, int at0, int D, float[] y, int rows, float kmax, float[] st,
                       int so, int p) {
        float m = st[so + Slots.m(p)];
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            float k2 = Lane.keySquare(k[at]);
            m = Lane.shift(k2, m, st, so, p);
            Lane.add(Lane.exp(m - k2), Lane.clamp(k[at], kmax), v[at], st, so, p);
            y[at] = Lane.ratio(q[at], st, so, p);
        }
        st[so + Slots.m(p)] = m;
    }
}
