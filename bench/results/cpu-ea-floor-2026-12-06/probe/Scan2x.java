package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.cpu.CpuVectorMath;
import dev.ea4j.kernels.EaMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/** Probe: EA-2 causal scan over two adjacent blocks at once (state at so and so + size). */
final class Scan2x {
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    static void vector2(float[] q, float[] k, float[] v, int at0, int D, float[] y, int yAt0, int yD, int rows,
                        float kmax, float[] st, int so, int so2) {
        FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(2) * VL);
        FloatVector s0 = FloatVector.fromArray(S, st, so + Slots.s(0) * VL);
        FloatVector s1 = FloatVector.fromArray(S, st, so + Slots.s(1) * VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + Slots.s(2) * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + Slots.z(0, 2) * VL);
        FloatVector z1 = FloatVector.fromArray(S, st, so + Slots.z(1, 2) * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + Slots.z(2, 2) * VL);
        FloatVector M = FloatVector.fromArray(S, st, so2 + Slots.m(2) * VL);
        FloatVector S0 = FloatVector.fromArray(S, st, so2 + Slots.s(0) * VL);
        FloatVector S1 = FloatVector.fromArray(S, st, so2 + Slots.s(1) * VL);
        FloatVector S2 = FloatVector.fromArray(S, st, so2 + Slots.s(2) * VL);
        FloatVector Z0 = FloatVector.fromArray(S, st, so2 + Slots.z(0, 2) * VL);
        FloatVector Z1 = FloatVector.fromArray(S, st, so2 + Slots.z(1, 2) * VL);
        FloatVector Z2 = FloatVector.fromArray(S, st, so2 + Slots.z(2, 2) * VL);
        FloatVector x = FloatVector.broadcast(S, 1f), kc = x, f = x;
        FloatVector X = FloatVector.broadcast(S, 1f), KC = X, F = X;
        boolean rescale = false, RESCALE = false;
        for (int r = -1, at = at0 - D, yat = yAt0 - yD; r < rows; r++, at += D, yat += yD) {
            int an = r + 1 < rows ? at + D : at;
            FloatVector kn = FloatVector.fromArray(S, k, an);
            FloatVector KN = FloatVector.fromArray(S, k, an + VL);
            FloatVector k2 = kn.mul(kn), kcNext = kn;
            FloatVector K2 = KN.mul(KN), KCNext = KN;
            if (kn.abs().compare(VectorOperators.GT, kmax).or(KN.abs().compare(VectorOperators.GT, kmax)).anyTrue()) {
                k2 = k2.blend(Float.MAX_VALUE, k2.compare(VectorOperators.GT, Float.MAX_VALUE));
                kcNext = kn.blend(kmax, kn.compare(VectorOperators.GT, kmax));
                kcNext = kcNext.blend(-kmax, kcNext.compare(VectorOperators.LT, -kmax));
                K2 = K2.blend(Float.MAX_VALUE, K2.compare(VectorOperators.GT, Float.MAX_VALUE));
                KCNext = KN.blend(kmax, KN.compare(VectorOperators.GT, kmax));
                KCNext = KCNext.blend(-kmax, KCNext.compare(VectorOperators.LT, -kmax));
            }
            FloatVector d = k2.sub(m), DD = K2.sub(M);
            FloatVector g = CpuVectorMath.exp(d.abs().neg());
            FloatVector G;
            {
                FloatVector xx = DD.abs().neg();
                VectorMask<Float> tiny = xx.compare(VectorOperators.LT, -87.6f);
                FloatVector xc = xx.blend(-87.6f, tiny);
                FloatVector t = xc.fma(1.44269504088896341f, 12582912f);
                FloatVector nn = t.sub(12582912f);
                FloatVector rr = nn.fma(xx.broadcast(-0.693359375f), xc);
                rr = nn.fma(xx.broadcast(2.12194440e-4f), rr);
                FloatVector poly = rr.fma(1.9875691500E-4f, 1.3981999507E-3f);
                poly = poly.fma(rr, xx.broadcast(8.3334519073E-3f));
                poly = poly.fma(rr, xx.broadcast(4.1665795894E-2f));
                poly = poly.fma(rr, xx.broadcast(1.6666665459E-1f));
                poly = poly.fma(rr, xx.broadcast(5.0000001201E-1f));
                poly = poly.fma(rr.mul(rr), rr).add(1f);
                FloatVector scale = ((jdk.incubator.vector.IntVector) t.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23)
                        .add(0x3F800000).reinterpretAsFloats();
                G = poly.mul(scale).blend(0f, tiny);
            }
            VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
            VectorMask<Float> LOWER = DD.compare(VectorOperators.LT, 0f);
            boolean rescaleNext = lower.anyTrue(), RESCALENext = LOWER.anyTrue();
            FloatVector fNext = g.blend(ONE, lower.not()), FNext = G.blend(ONE, LOWER.not());
            FloatVector xNext = g.blend(ONE, lower), XNext = G.blend(ONE, LOWER);
            m = m.blend(k2, lower);
            M = M.blend(K2, LOWER);
            if (r >= 0) {
                if (rescale) {
                    s0 = s0.mul(f); s1 = s1.mul(f); s2 = s2.mul(f);
                    z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f);
                }
                if (RESCALE) {
                    S0 = S0.mul(F); S1 = S1.mul(F); S2 = S2.mul(F);
                    Z0 = Z0.mul(F); Z1 = Z1.mul(F); Z2 = Z2.mul(F);
                }
                FloatVector vv = FloatVector.fromArray(S, v, at), VV = FloatVector.fromArray(S, v, at + VL);
                z0 = z0.add(x); s0 = x.fma(vv, s0);
                Z0 = Z0.add(X); S0 = X.fma(VV, S0);
                x = x.mul(kc.mul(2f)); X = X.mul(KC.mul(2f));
                z1 = z1.add(x); s1 = x.fma(vv, s1);
                Z1 = Z1.add(X); S1 = X.fma(VV, S1);
                x = x.mul(kc); X = X.mul(KC);
                z2 = z2.add(x); s2 = x.fma(vv, s2);
                Z2 = Z2.add(X); S2 = X.fma(VV, S2);
                FloatVector qv = FloatVector.fromArray(S, q, at), QV = FloatVector.fromArray(S, q, at + VL);
                VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
                VectorMask<Float> BIG = QV.abs().compare(VectorOperators.GT, 1f);
                FloatVector w = qv.blend(ONE.div(qv), big), W = QV.blend(ONE.div(QV), BIG);
                FloatVector hs = s2.blend(s0, big), hz = z2.blend(z0, big);
                FloatVector HS = S2.blend(S0, BIG), HZ = Z2.blend(Z0, BIG);
                hs = hs.fma(w, s1); hz = hz.fma(w, z1);
                HS = HS.fma(W, S1); HZ = HZ.fma(W, Z1);
                hs = hs.fma(w, s0.blend(s2, big)); hz = hz.fma(w, z0.blend(z2, big));
                HS = HS.fma(W, S0.blend(S2, BIG)); HZ = HZ.fma(W, Z0.blend(Z2, BIG));
                hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
                HZ = HZ.blend(EaMath.DEN_FLOOR, HZ.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
                hs.div(hz).intoArray(y, yat);
                HS.div(HZ).intoArray(y, yat + VL);
            }
            x = xNext; kc = kcNext; f = fNext; rescale = rescaleNext;
            X = XNext; KC = KCNext; F = FNext; RESCALE = RESCALENext;
        }
        m.intoArray(st, so + Slots.m(2) * VL);
        s0.intoArray(st, so + Slots.s(0) * VL); s1.intoArray(st, so + Slots.s(1) * VL);
        s2.intoArray(st, so + Slots.s(2) * VL);
        z0.intoArray(st, so + Slots.z(0, 2) * VL); z1.intoArray(st, so + Slots.z(1, 2) * VL);
        z2.intoArray(st, so + Slots.z(2, 2) * VL);
        M.intoArray(st, so2 + Slots.m(2) * VL);
        S0.intoArray(st, so2 + Slots.s(0) * VL); S1.intoArray(st, so2 + Slots.s(1) * VL);
        S2.intoArray(st, so2 + Slots.s(2) * VL);
        Z0.intoArray(st, so2 + Slots.z(0, 2) * VL); Z1.intoArray(st, so2 + Slots.z(1, 2) * VL);
        Z2.intoArray(st, so2 + Slots.z(2, 2) * VL);
    }
}
