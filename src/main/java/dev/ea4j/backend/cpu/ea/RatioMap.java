package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.kernels.EaMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/** Non-causal map over a chunk of rows: y = sum_n a_n S_n w^n / max(sum_n a_n Z_n w^n, DEN_FLOOR), finished sums. */
final class RatioMap {

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private RatioMap() {}

    /** EA-6 over {@code rows} rows of one block from at0, rows {@code D} apart; sums at st[so..]. */
    static void vector6(float[] q, float[] y, int at0, int D, int rows, float[] st, int so) {
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
            hs.div(hz).intoArray(y, at);
        }
    }

    /** EA-2 as {@link #vector6}. */
    static void vector2(float[] q, float[] y, int at0, int D, int rows, float[] st, int so) {
        FloatVector s0 = FloatVector.fromArray(S, st, so + Slots.s(0) * VL);
        FloatVector s1 = FloatVector.fromArray(S, st, so + Slots.s(1) * VL);
        FloatVector s2 = FloatVector.fromArray(S, st, so + Slots.s(2) * VL);
        FloatVector z0 = FloatVector.fromArray(S, st, so + Slots.z(0, 2) * VL);
        FloatVector z1 = FloatVector.fromArray(S, st, so + Slots.z(1, 2) * VL);
        FloatVector z2 = FloatVector.fromArray(S, st, so + Slots.z(2, 2) * VL);
        for (int r = 0, at = at0; r < rows; r++, at += D) {
            FloatVector qv = FloatVector.fromArray(S, q, at);
            VectorMask<Float> big = qv.abs().compare(VectorOperators.GT, 1f);
            FloatVector w = qv.blend(ONE.div(qv), big);
            FloatVector hs = s2.blend(s0, big), hz = z2.blend(z0, big);
            hs = hs.fma(w, s1); hz = hz.fma(w, z1);
            hs = hs.fma(w, s0.blend(s2, big)); hz = hz.fma(w, z0.blend(z2, big));
            hz = hz.blend(EaMath.DEN_FLOOR, hz.compare(VectorOperators.LT, EaMath.DEN_FLOOR));
            hs.div(hz).intoArray(y, at);
        }
    }

    /** Any even p as {@link #vector6}, the sums read from the state array. */
    static void vectorAny(float[] q, float[] y, int at0, int D, int rows, float[] st, int so, int p) {
        int zo = so + Slots.z(0, p) * VL;
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
            hs.div(hz).intoArray(y, at);
        }
    }

    /** Scalar twin, any even p: one channel, rows {@code D} apart from at0, sums at st[so..] (stride 1). */
    static void scalar(float[] q, float[] y, int at0, int D, int rows, float[] st, int so, int p) {
        for (int r = 0, at = at0; r < rows; r++, at += D) y[at] = Lane.ratio(q[at], st, so, p);
    }
}
