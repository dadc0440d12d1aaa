package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.cpu.CpuVectorMath;
import dev.ea4j.kernels.EaMath;
import dev.ea4j.kernels.EaSeriesKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The causal backward's forward half: replays one span of rows of a block from its checkpoint as {@link CausalScan}
 * runs it (same pipelined stages A and B), writing dq_i = gy_i dy_i/dq_i with dy_i/dq_i = sum_n n (a_n S_n - y_i
 * a_n Z_n) q_i^(n-1) / M_i (in 1/q, divided by q, where |q| > 1), and for {@link CausalBackwardScan} four planes of
 * {@link #plane} floats in a stash, row r at r * lanes: u_i = gy_i / M_i, -u_i y_i, the shift m_i and the key weight
 * e^{m_i - k_i^2}. Same C2 caveat as {@link CausalScan}.
 */
final class CausalReplay {

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private CausalReplay() {}

    /** Floats per stash plane for {@code lanes} lanes: one span of {@link EaSeriesKernels#CHECKPOINT_ROWS} rows. */
    static int plane(int lanes) {
        return EaSeriesKernels.CHECKPOINT_ROWS * lanes;
    }

    /** A stash for {@code lanes} lanes. */
    static float[] stash(int lanes) {
        return new float[4 * plane(lanes)];
    }

    /**
     * EA-6 over {@code rows} (at most 64) rows of one block from at0, rows {@code D} apart, from the state at
     * st[so..] (left as after the last row).
     */
    static void vector6(float[] q, float[] k, float[] v, float[] gy, float[] dq, int at0, int D, int rows,
                        float kmax, float[] st, int so, float[] stash) {
        int P = plane(VL);
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
        FloatVector x = FloatVector.broadcast(S, 1f), kc = x, f = x;
        boolean rescale = false;
        for (int r = -1, at = at0 - D, lo = -VL; r < rows; r++, at += D, lo += VL) {
            // A, row r + 1 (as CausalScan)
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
            FloatVector mRow = m;
            m = m.blend(k2, lower);
            if (r >= 0) {
                // B, row r
                if (rescale) {
                    s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f); s3 = s3.mul(f);
                    s4 = s4.mul(f); s5 = s5.mul(f); s6 = s6.mul(f);
                    z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f); z3 = z3.mul(f);
                    z4 = z4.mul(f); z5 = z5.mul(f); z6 = z6.mul(f);
                }
                FloatVector vv = FloatVector.fromArray(S, v, at);
                x.intoArray(stash, 3 * P + lo);
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
                // C, row r: den, then the derivative's Horner over c_n = n (s_n - y z_n)
                FloatVector qv = FloatVector.fromArray(S, q, at);
                VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
                FloatVector w = qv.blend(ONE.div(qv), big);
                // Horner in w for both sums (as CausalScan) and for their derivatives in w, ds and dz
                FloatVector hs = s6.blend(s0, big), hz = z6.blend(z0, big), ds = hs, dz = hz;
                hs = hs.fma(w, s5.blend(s1, big)); hz = hz.fma(w, z5.blend(z1, big));
                ds = ds.fma(w, hs); dz = dz.fma(w, hz);
                hs = hs.fma(w, s4.blend(s2, big)); hz = hz.fma(w, z4.blend(z2, big));
                ds = ds.fma(w, hs); dz = dz.fma(w, hz);
                hs = hs.fma(w, s3); hz = hz.fma(w, z3);
                ds = ds.fma(w, hs); dz = dz.fma(w, hz);
                hs = hs.fma(w, s2.blend(s4, big)); hz = hz.fma(w, z2.blend(z4, big));
                ds = ds.fma(w, hs); dz = dz.fma(w, hz);
                hs = hs.fma(w, s1.blend(s5, big)); hz = hz.fma(w, z1.blend(z5, big));
                ds = ds.fma(w, hs); dz = dz.fma(w, hz);
                hs = hs.fma(w, s0.blend(s6, big)); hz = hz.fma(w, z0.blend(z6, big));
                FloatVector den = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
                FloatVector yv = hs.div(den);
                FloatVector ny = yv.neg();
                // F = sum_n c_n w^n with c_n = a_n (S_n - y Z_n): dy/dq = F'(q) / M, and in big lanes
                // sum_n n c_n q^(n-p) / (q M) = w (p F - w F'(w)) / M
                FloatVector fd = dz.fma(ny, ds), fw = hz.fma(ny, hs);
                FloatVector h = fd.blend(w.neg().fma(fd, fw.mul(6f)).mul(w), big);
                FloatVector u = FloatVector.fromArray(S, gy, at).div(den);
                h.mul(u).intoArray(dq, at);
                u.intoArray(stash, lo);
                u.mul(ny).intoArray(stash, P + lo);
                mRow.intoArray(stash, 2 * P + lo);
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

    /** EA-2 as {@link #vector6}. */
    static void vector2(float[] q, float[] k, float[] v, float[] gy, float[] dq, int at0, int D, int rows,
                        float kmax, float[] st, int so, float[] stash) {
        int P = plane(VL);
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(2) * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so + Slots.s(0) * VL);
        FloatVector s1 = FloatVector.fromArray(S, st, so + Slots.s(1) * VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + Slots.s(2) * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + Slots.z(0, 2) * VL);
        FloatVector z1 = FloatVector.fromArray(S, st, so + Slots.z(1, 2) * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + Slots.z(2, 2) * VL);
        FloatVector x = FloatVector.broadcast(S, 1f), kc = x, f = x;
        boolean rescale = false;
        for (int r = -1, at = at0 - D, lo = -VL; r < rows; r++, at += D, lo += VL) {
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
            FloatVector mRow = m;
            m = m.blend(k2, lower);
            if (r >= 0) {
                if (rescale) {
                    s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f);
                    z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f);
                }
                FloatVector vv = FloatVector.fromArray(S, v, at);
                x.intoArray(stash, 3 * P + lo);
                z0 = z0.add(x); s0 = x.fma(vv, s0);
                x = x.mul(kc.mul(2f));
                z1 = z1.add(x); s1 = x.fma(vv, s1);
                x = x.mul(kc);
                z2 = z2.add(x); s2 = x.fma(vv, s2);
                FloatVector qv = FloatVector.fromArray(S, q, at);
                VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
                FloatVector w = qv.blend(ONE.div(qv), big);
                FloatVector hs = s2.blend(s0, big), hz = z2.blend(z0, big), ds = hs, dz = hz;
                hs = hs.fma(w, s1); hz = hz.fma(w, z1);
                ds = ds.fma(w, hs); dz = dz.fma(w, hz);
                hs = hs.fma(w, s0.blend(s2, big)); hz = hz.fma(w, z0.blend(z2, big));
                FloatVector den = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
                FloatVector yv = hs.div(den);
                FloatVector ny = yv.neg();
                // as vector6: F'(q) / M, or w (p F - w F'(w)) / M in big lanes
                FloatVector fd = dz.fma(ny, ds), fw = hz.fma(ny, hs);
                FloatVector h = fd.blend(w.neg().fma(fd, fw.mul(2f)).mul(w), big);
                FloatVector u = FloatVector.fromArray(S, gy, at).div(den);
                h.mul(u).intoArray(dq, at);
                u.intoArray(stash, lo);
                u.mul(ny).intoArray(stash, P + lo);
                mRow.intoArray(stash, 2 * P + lo);
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
    static void vectorAny(float[] q, float[] k, float[] v, float[] gy, float[] dq, int at0, int D, int rows,
                          float kmax, float[] st, int so, float[] stash, int p) {
        int T = p + 1, zo = so + Slots.z(0, p) * VL, P = plane(VL);
        float[] cs = new float[(p + 1) * VL];
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(p) * VL);
        for (int r = 0, at = at0, lo = 0; r < rows; r++, at += D, lo += VL) {
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
            x.intoArray(stash, 3 * P + lo);
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
            FloatVector hz = FloatVector.fromArray(S, st, zo + p * VL).blend(FloatVector.fromArray(S, st, zo), big);
            for (int i = 1; i <= p; i++) {
                hz = hz.fma(w, FloatVector.fromArray(S, st, zo + (p - i) * VL)
                        .blend(FloatVector.fromArray(S, st, zo + i * VL), big));
            }
            hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
            FloatVector hs = FloatVector.fromArray(S, st, so + p * VL).blend(FloatVector.fromArray(S, st, so), big);
            for (int i = 1; i <= p; i++) {
                hs = hs.fma(w, FloatVector.fromArray(S, st, so + (p - i) * VL)
                        .blend(FloatVector.fromArray(S, st, so + i * VL), big));
            }
            FloatVector yv = hs.div(hz);
            FloatVector ny = yv.neg();
            // derivative Horner over c_n = n (s_n - y z_n), n = 1..p
            for (int n = 1; n <= p; n++) {
                FloatVector.fromArray(S, st, so + Slots.z(n, p) * VL)
                        .fma(ny, FloatVector.fromArray(S, st, so + Slots.s(n) * VL)).mul((float) n)
                        .intoArray(cs, n * VL);
            }
            FloatVector h = FloatVector.fromArray(S, cs, p * VL).blend(FloatVector.fromArray(S, cs, VL), big);
            for (int i = 1; i < p; i++) {
                FloatVector c = FloatVector.fromArray(S, cs, (p - i) * VL);
                h = h.fma(w, c.blend(FloatVector.fromArray(S, cs, (1 + i) * VL), big));
            }
            FloatVector u = FloatVector.fromArray(S, gy, at).div(hz);
            h.mul(ONE.blend(rq, big)).mul(u).intoArray(dq, at);
            u.intoArray(stash, lo);
            u.mul(ny).intoArray(stash, P + lo);
            m.intoArray(stash, 2 * P + lo);
        }
        m.intoArray(st, so + Slots.m(p) * VL);
    }


    /** Scalar twin, any even p: one channel, rows {@code D} apart from at0, state at st[so..] (stride 1). */
    static void scalar(float[] q, float[] k, float[] v, float[] gy, float[] dq, int at0, int D, int rows, float kmax,
                       float[] st, int so, float[] stash, int p) {
        int P = plane(1);
        float m = st[so + Slots.m(p)];
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            float k2 = Lane.keySquare(k[at]);
            m = Lane.shift(k2, m, st, so, p);
            float e = Lane.exp(m - k2);
            Lane.add(e, Lane.clamp(k[at], kmax), v[at], st, so, p);
            float u = gy[at] / Lane.denominator(q[at], st, so, p), yv = Lane.ratio(q[at], st, so, p);
            dq[at] = Lane.queryGradient(q[at], u, yv, st, so, p);
            stash[r] = u;
            stash[P + r] = -(u * yv);
            stash[2 * P + r] = m;
            stash[3 * P + r] = e;
        }
        st[so + Slots.m(p)] = m;
    }
}
