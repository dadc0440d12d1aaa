package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.kernels.EaMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Second pass of the non-causal backward, over a chunk of rows with the finished sums of {@link Reduce}: y_i and
 * den_i, dq_i = u_i sum_n n (a_n S_n - y_i a_n Z_n) q_i^(n-1) with u_i = gy_i / den_i (in 1/q, divided by q, where
 * |q| > 1), and the gradients reaching S_n and Z_n summed over the rows: GS_n += u_i w_n, GZ_n -= u_i y_i w_n
 * (w_n = q^n, or q^(n-p) where |q| > 1), in the gradient state.
 */
final class QueryMap {

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private QueryMap() {}

    /** EA-6 over {@code rows} rows of one block from at0, rows {@code D} apart; sums at st[so..], gradients g[go..]. */
    static void vector6(float[] q, float[] gy, float[] dq, int at0, int D, int rows, float[] st, int so, float[] g,
                        int go) {
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
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
            FloatVector rq = ONE.div(qv);
            FloatVector w = qv.blend(rq, big);
            FloatVector hs = s6.blend(s0, big), hz = z6.blend(z0, big);
            hs = hs.fma(w, s5.blend(s1, big)); hz = hz.fma(w, z5.blend(z1, big));
            hs = hs.fma(w, s4.blend(s2, big)); hz = hz.fma(w, z4.blend(z2, big));
            hs = hs.fma(w, s3); hz = hz.fma(w, z3);
            hs = hs.fma(w, s2.blend(s4, big)); hz = hz.fma(w, z2.blend(z4, big));
            hs = hs.fma(w, s1.blend(s5, big)); hz = hz.fma(w, z1.blend(z5, big));
            hs = hs.fma(w, s0.blend(s6, big)); hz = hz.fma(w, z0.blend(z6, big));
            hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
            FloatVector yv = hs.div(hz), ny = yv.neg();
            FloatVector c1 = z1.fma(ny, s1), c2 = z2.fma(ny, s2).mul(2f), c3 = z3.fma(ny, s3).mul(3f);
            FloatVector c4 = z4.fma(ny, s4).mul(4f), c5 = z5.fma(ny, s5).mul(5f), c6 = z6.fma(ny, s6).mul(6f);
            FloatVector h = c6.blend(c1, big);
            h = h.fma(w, c5.blend(c2, big));
            h = h.fma(w, c4.blend(c3, big));
            h = h.fma(w, c3.blend(c4, big));
            h = h.fma(w, c2.blend(c5, big));
            h = h.fma(w, c1.blend(c6, big));
            FloatVector u = FloatVector.fromArray(S, gy, at).div(hz);
            u.mul(h).mul(ONE.blend(rq, big)).intoArray(dq, at);
            FloatVector w2 = w.mul(w), w3 = w2.mul(w), w4 = w3.mul(w), w5 = w4.mul(w), w6 = w5.mul(w);
            FloatVector nuy = u.mul(yv).neg();
            FloatVector p0 = ONE.blend(w6, big), p1 = w.blend(w5, big), p2 = w2.blend(w4, big);
            FloatVector p4 = w4.blend(w2, big), p5 = w5.blend(w, big), p6 = w6.blend(ONE, big);
            a0 = p0.fma(u, a0); b0 = p0.fma(nuy, b0);
            a1 = p1.fma(u, a1); b1 = p1.fma(nuy, b1);
            a2 = p2.fma(u, a2); b2 = p2.fma(nuy, b2);
            a3 = w3.fma(u, a3); b3 = w3.fma(nuy, b3);
            a4 = p4.fma(u, a4); b4 = p4.fma(nuy, b4);
            a5 = p5.fma(u, a5); b5 = p5.fma(nuy, b5);
            a6 = p6.fma(u, a6); b6 = p6.fma(nuy, b6);
        }
        a0.intoArray(g, go + Slots.s(0) * VL); a1.intoArray(g, go + Slots.s(1) * VL);
        a2.intoArray(g, go + Slots.s(2) * VL); a3.intoArray(g, go + Slots.s(3) * VL);
        a4.intoArray(g, go + Slots.s(4) * VL); a5.intoArray(g, go + Slots.s(5) * VL);
        a6.intoArray(g, go + Slots.s(6) * VL);
        b0.intoArray(g, go + Slots.z(0, 6) * VL); b1.intoArray(g, go + Slots.z(1, 6) * VL);
        b2.intoArray(g, go + Slots.z(2, 6) * VL); b3.intoArray(g, go + Slots.z(3, 6) * VL);
        b4.intoArray(g, go + Slots.z(4, 6) * VL); b5.intoArray(g, go + Slots.z(5, 6) * VL);
        b6.intoArray(g, go + Slots.z(6, 6) * VL);
    }

    /** EA-2 as {@link #vector6}. */
    static void vector2(float[] q, float[] gy, float[] dq, int at0, int D, int rows, float[] st, int so, float[] g,
                        int go) {
        FloatVector s0 = FloatVector.fromArray(S, st, so + Slots.s(0) * VL);
        FloatVector s1 = FloatVector.fromArray(S, st, so + Slots.s(1) * VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + Slots.s(2) * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + Slots.z(0, 2) * VL);
        FloatVector z1 = FloatVector.fromArray(S, st, so + Slots.z(1, 2) * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + Slots.z(2, 2) * VL);
        FloatVector a0 = FloatVector.fromArray(S, g, go + Slots.s(0) * VL);
        FloatVector a1 = FloatVector.fromArray(S, g, go + Slots.s(1) * VL);
        FloatVector a2 = FloatVector.fromArray(S, g, go + Slots.s(2) * VL);
        FloatVector b0 = FloatVector.fromArray(S, g, go + Slots.z(0, 2) * VL);
        FloatVector b1 = FloatVector.fromArray(S, g, go + Slots.z(1, 2) * VL);
        FloatVector b2 = FloatVector.fromArray(S, g, go + Slots.z(2, 2) * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
            FloatVector rq = ONE.div(qv);
            FloatVector w = qv.blend(rq, big);
            FloatVector hs = s2.blend(s0, big), hz = z2.blend(z0, big);
            hs = hs.fma(w, s1); hz = hz.fma(w, z1);
            hs = hs.fma(w, s0.blend(s2, big)); hz = hz.fma(w, z0.blend(z2, big));
            hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
            FloatVector yv = hs.div(hz), ny = yv.neg();
            FloatVector c1 = z1.fma(ny, s1), c2 = z2.fma(ny, s2).mul(2f);
            FloatVector h = c2.blend(c1, big).fma(w, c1.blend(c2, big));
            FloatVector u = FloatVector.fromArray(S, gy, at).div(hz);
            u.mul(h).mul(ONE.blend(rq, big)).intoArray(dq, at);
            FloatVector w2 = w.mul(w);
            FloatVector nuy = u.mul(yv).neg();
            FloatVector p0 = ONE.blend(w2, big), p2 = w2.blend(ONE, big);
            a0 = p0.fma(u, a0); b0 = p0.fma(nuy, b0);
            a1 = w.fma(u, a1); b1 = w.fma(nuy, b1);
            a2 = p2.fma(u, a2); b2 = p2.fma(nuy, b2);
        }
        a0.intoArray(g, go + Slots.s(0) * VL); a1.intoArray(g, go + Slots.s(1) * VL);
        a2.intoArray(g, go + Slots.s(2) * VL);
        b0.intoArray(g, go + Slots.z(0, 2) * VL); b1.intoArray(g, go + Slots.z(1, 2) * VL);
        b2.intoArray(g, go + Slots.z(2, 2) * VL);
    }

    /** Any even p as {@link #vector6}, sums and gradient sums in the state arrays. */
    static void vectorAny(float[] q, float[] gy, float[] dq, int at0, int D, int rows, float[] st, int so, float[] g,
                          int go, int p) {
        int zo = so + Slots.z(0, p) * VL;
        float[] pw = new float[(p + 1) * VL], cs = new float[(p + 1) * VL];
        for (int r = 0, at = at0; r < rows; r++, at += D) {
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
            FloatVector yv = hs.div(hz), ny = yv.neg();
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
            u.mul(h).mul(ONE.blend(rq, big)).intoArray(dq, at);
            FloatVector nuy = u.mul(yv).neg();
            // gradients reaching S_n, Z_n: w_n = w^n, or w^(p-n) in big lanes
            FloatVector wk = ONE;
            for (int n = 0; n <= p; n++) {
                wk.intoArray(pw, n * VL);
                wk = wk.mul(w);
            }
            for (int n = 0; n <= p; n++) {
                FloatVector pn = FloatVector.fromArray(S, pw, n * VL)
                        .blend(FloatVector.fromArray(S, pw, (p - n) * VL), big);
                int os = go + Slots.s(n) * VL, oz = go + Slots.z(n, p) * VL;
                pn.fma(u, FloatVector.fromArray(S, g, os)).intoArray(g, os);
                pn.fma(nuy, FloatVector.fromArray(S, g, oz)).intoArray(g, oz);
            }
        }
    }


    /** Scalar twin, any even p: one channel; sums at st[so..], gradients at g[go..] (stride 1); pw: scratch [p+1]. */
    static void scalar(float[] q, float[] gy, float[] dq, int at0, int D, int rows, float[] st, int so, float[] g,
                       int go, float[] pw, int p) {
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            float den = Lane.denominator(q[at], st, so, p);
            float y = Lane.ratio(q[at], st, so, p);
            float u = gy[at] / den;
            dq[at] = Lane.queryGradient(q[at], u, y, st, so, p);
            Lane.collect(q[at], u, -(u * y), g, go, pw, p);
        }
    }
}
