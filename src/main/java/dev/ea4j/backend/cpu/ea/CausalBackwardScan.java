package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The causal backward's reverse half: one span of rows of a block, last to first, from what {@link CausalReplay}
 * stashed of each row (u_i = gy_i / M_i, -u_i y_i, the shift m_i and the key weight e^{m_i - k_i^2}): suffix sums
 * of the gradients reaching S_n and Z_n,
 * GS_n(j) = sum_{i >= j} u_i w_n(q_i) e^{m_i - m_j} and GZ_n(j) = -sum_{i >= j} u_i y_i w_n(q_i) e^{m_i - m_j} with
 * u_i = gy_i / M_i (w_n = q^n, or q^(n-p) where |q| > 1), rescaled by e^{m_{j+1} - m_j} where the shift changed;
 * then dv_j = sum_n GS_n x_n and dk_j = 2 (inside sum_n F_n x_(n-1) - k_j sum_n F_n x_n) with
 * x_n = a_n kc^n e^{m_j - k_j^2}, F_n = GS_n v_j + GZ_n.
 * The gradient state ({@link Slots}) holds GS, GZ and the shift of the row added last (-inf before any).
 */
final class CausalBackwardScan {

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private CausalBackwardScan() {}

    /**
     * EA-6 over rows {@code rows-1 .. 0} of one block from at0, rows {@code D} apart, with their stash; gradient
     * state at g[go..].
     */
    static void vector6(float[] q, float[] k, float[] v, float[] stash, float[] dk, float[] dv, int at0, int D,
                        int rows, float kmax, float[] g, int go) {
        int P = CausalReplay.plane(VL);
        FloatVector mn = FloatVector.fromArray(S, g, go + Slots.m(6) * VL);
        float[] tmp = new float[2 * VL];
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
        for (int r = rows - 1, at = at0 + r * D, lo = r * VL; r >= 0; r--, at -= D, lo -= VL) {
            // key weight e = e^{m_j - k^2} (stashed), and the clamped key
            FloatVector mj = FloatVector.fromArray(S, stash, 2 * P + lo);
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector kc = kv;
            VectorMask<Float> outside = kv.abs().compare(VectorOperators.GT, kmax);
            if (outside.anyTrue()) {
                kc = kv.blend(kmax, kv.compare(VectorOperators.GT, kmax));
                kc = kc.blend(-kmax, kc.compare(VectorOperators.LT, -kmax));
            }
            FloatVector e = FloatVector.fromArray(S, stash, 3 * P + lo);
            // rescale the suffix sums to this row's shift (rare: only after a row that set a new minimum)
            if (mn.compare(VectorOperators.NE, mj).anyTrue()) {
                mn.intoArray(tmp, 0);
                mj.intoArray(tmp, VL);
                factors(tmp);
                FloatVector f = FloatVector.fromArray(S, tmp, 0);
                a0 = a0.mul(f); a1 = a1.mul(f); a2 = a2.mul(f); a3 = a3.mul(f);
                a4 = a4.mul(f); a5 = a5.mul(f); a6 = a6.mul(f);
                b0 = b0.mul(f); b1 = b1.mul(f); b2 = b2.mul(f); b3 = b3.mul(f);
                b4 = b4.mul(f); b5 = b5.mul(f); b6 = b6.mul(f);
            }
            mn = mj;
            // collect row j: GS_n += u w_n, GZ_n -= u y w_n
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
            FloatVector w1 = qv.blend(ONE.div(qv), big);
            FloatVector w2 = w1.mul(w1), w3 = w2.mul(w1), w4 = w3.mul(w1), w5 = w4.mul(w1), w6 = w5.mul(w1);
            FloatVector u = FloatVector.fromArray(S, stash, lo);
            FloatVector nuy = FloatVector.fromArray(S, stash, P + lo);
            FloatVector p0 = ONE.blend(w6, big), p1 = w1.blend(w5, big), p2 = w2.blend(w4, big);
            FloatVector p4 = w4.blend(w2, big), p5 = w5.blend(w1, big), p6 = w6.blend(ONE, big);
            a0 = p0.fma(u, a0); b0 = p0.fma(nuy, b0);
            a1 = p1.fma(u, a1); b1 = p1.fma(nuy, b1);
            a2 = p2.fma(u, a2); b2 = p2.fma(nuy, b2);
            a3 = w3.fma(u, a3); b3 = w3.fma(nuy, b3);
            a4 = p4.fma(u, a4); b4 = p4.fma(nuy, b4);
            a5 = p5.fma(u, a5); b5 = p5.fma(nuy, b5);
            a6 = p6.fma(u, a6); b6 = p6.fma(nuy, b6);
            // dv, dk
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector x0 = e;
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
        mn.intoArray(g, go + Slots.m(6) * VL);
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
    static void vector2(float[] q, float[] k, float[] v, float[] stash, float[] dk, float[] dv, int at0, int D,
                        int rows, float kmax, float[] g, int go) {
        int P = CausalReplay.plane(VL);
        FloatVector mn = FloatVector.fromArray(S, g, go + Slots.m(2) * VL);
        float[] tmp = new float[2 * VL];
        FloatVector a0 = FloatVector.fromArray(S, g, go + Slots.s(0) * VL);
        FloatVector a1 = FloatVector.fromArray(S, g, go + Slots.s(1) * VL);
        FloatVector a2 = FloatVector.fromArray(S, g, go + Slots.s(2) * VL);
        FloatVector b0 = FloatVector.fromArray(S, g, go + Slots.z(0, 2) * VL);
        FloatVector b1 = FloatVector.fromArray(S, g, go + Slots.z(1, 2) * VL);
        FloatVector b2 = FloatVector.fromArray(S, g, go + Slots.z(2, 2) * VL);
        for (int r = rows - 1, at = at0 + r * D, lo = r * VL; r >= 0; r--, at -= D, lo -= VL) {
            FloatVector mj = FloatVector.fromArray(S, stash, 2 * P + lo);
            FloatVector kv = FloatVector.fromArray(S, k, at);
            FloatVector kc = kv;
            VectorMask<Float> outside = kv.abs().compare(VectorOperators.GT, kmax);
            if (outside.anyTrue()) {
                kc = kv.blend(kmax, kv.compare(VectorOperators.GT, kmax));
                kc = kc.blend(-kmax, kc.compare(VectorOperators.LT, -kmax));
            }
            FloatVector e = FloatVector.fromArray(S, stash, 3 * P + lo);
            if (mn.compare(VectorOperators.NE, mj).anyTrue()) {
                mn.intoArray(tmp, 0);
                mj.intoArray(tmp, VL);
                factors(tmp);
                FloatVector f = FloatVector.fromArray(S, tmp, 0);
                a0 = a0.mul(f); a1 = a1.mul(f); a2 = a2.mul(f);
                b0 = b0.mul(f); b1 = b1.mul(f); b2 = b2.mul(f);
            }
            mn = mj;
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
            FloatVector w1 = qv.blend(ONE.div(qv), big);
            FloatVector w2 = w1.mul(w1);
            FloatVector u = FloatVector.fromArray(S, stash, lo);
            FloatVector nuy = FloatVector.fromArray(S, stash, P + lo);
            FloatVector p0 = ONE.blend(w2, big), p2 = w2.blend(ONE, big);
            a0 = p0.fma(u, a0); b0 = p0.fma(nuy, b0);
            a1 = w1.fma(u, a1); b1 = w1.fma(nuy, b1);
            a2 = p2.fma(u, a2); b2 = p2.fma(nuy, b2);
            FloatVector vv = FloatVector.fromArray(S, v, at);
            FloatVector x0 = e, x1 = x0.mul(kc.mul(2f)), x2 = x1.mul(kc);
            FloatVector f0 = a0.fma(vv, b0), f1 = a1.fma(vv, b1), f2 = a2.fma(vv, b2);
            FloatVector gv = a2.fma(x2, a1.fma(x1, a0.mul(x0)));
            FloatVector s1 = f2.fma(x2, f1.fma(x1, f0.mul(x0)));
            FloatVector s2 = f2.fma(x1, f1.mul(x0));
            gv.intoArray(dv, at);
            kv.neg().fma(s1, s2.blend(0f, outside)).mul(2f).intoArray(dk, at);
        }
        mn.intoArray(g, go + Slots.m(2) * VL);
        a0.intoArray(g, go + Slots.s(0) * VL); a1.intoArray(g, go + Slots.s(1) * VL);
        a2.intoArray(g, go + Slots.s(2) * VL);
        b0.intoArray(g, go + Slots.z(0, 2) * VL); b1.intoArray(g, go + Slots.z(1, 2) * VL);
        b2.intoArray(g, go + Slots.z(2, 2) * VL);
    }

    /**
     * tmp[l] = e^{tmp[l] - tmp[VL + l]}: the rescale factors e^{m_(j+1) - m_j}, lane by lane (rare), outside the
     * vector loop's inlining budget (a second inlined vector exp pushed C2 past NodeCountInliningCutoff).
     */
    static void factors(float[] tmp) {
        for (int l = 0; l < VL; l++) tmp[l] = Lane.exp(tmp[l] - tmp[VL + l]);
    }

    /** Any even p as {@link #vector6}, the gradient sums kept in the state array (L1) instead of registers. */
    static void vectorAny(float[] q, float[] k, float[] v, float[] stash, float[] dk, float[] dv, int at0, int D,
                          int rows, float kmax, float[] g, int go, int p) {
        int T = p + 1, P = CausalReplay.plane(VL);
        FloatVector mn = FloatVector.fromArray(S, g, go + Slots.m(p) * VL);
        float[] tmp = new float[2 * VL], pw = new float[(p + 1) * VL];
        for (int r = rows - 1, at = at0 + r * D, lo = r * VL; r >= 0; r--, at -= D, lo -= VL) {
            FloatVector mj = FloatVector.fromArray(S, stash, 2 * P + lo);
            FloatVector kv = FloatVector.fromArray(S, k, at);
            VectorMask<Float> outside = kv.abs().compare(VectorOperators.GT, kmax);
            FloatVector kc = kv.max(-kmax).min(kmax);
            FloatVector x = FloatVector.fromArray(S, stash, 3 * P + lo);
            if (mn.compare(VectorOperators.NE, mj).anyTrue()) {
                mn.intoArray(tmp, 0);
                mj.intoArray(tmp, VL);
                factors(tmp);
                FloatVector f = FloatVector.fromArray(S, tmp, 0);
                for (int i = 0; i < 2 * T; i++) {
                    FloatVector.fromArray(S, g, go + i * VL).mul(f).intoArray(g, go + i * VL);
                }
            }
            mn = mj;
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
            FloatVector w = qv.blend(ONE.div(qv), big);
            FloatVector u = FloatVector.fromArray(S, stash, lo);
            FloatVector nuy = FloatVector.fromArray(S, stash, P + lo);
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
        mn.intoArray(g, go + Slots.m(p) * VL);
    }

    /**
     * Scalar twin, any even p: one channel, rows {@code rows-1 .. 0} from at0, rows {@code D} apart, with their
     * stash (one lane), gradient state at g[go..] (stride 1). pw: scratch [p+1].
     */
    static void scalar(float[] q, float[] k, float[] v, float[] stash, float[] dk, float[] dv, int at0, int D,
                       int rows, float kmax, float[] g, int go, float[] pw, int p) {
        int P = CausalReplay.plane(1);
        float mn = g[go + Slots.m(p)];
        for (int r = rows - 1, at = at0 + r * D; r >= 0; r--, at -= D) {
            float mj = stash[2 * P + r];
            if (mn != mj) {
                float f = Lane.exp(mn - mj);
                for (int i = 0; i < 2 * (p + 1); i++) g[go + i] *= f;
            }
            mn = mj;
            Lane.collect(q[at], stash[r], stash[P + r], g, go, pw, p);
            Lane.keyGradient(k[at], v[at], stash[3 * P + r], kmax, g, go, dk, dv, at, p);
        }
        g[go + Slots.m(p)] = mn;
    }
}
