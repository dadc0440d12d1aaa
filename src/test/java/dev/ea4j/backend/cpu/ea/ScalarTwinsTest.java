package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.VL;
import static dev.ea4j.kernels.TestArrays.assertClose;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;

import dev.ea4j.kernels.EaMath;
import dev.ea4j.kernels.EaSeriesKernels;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every scan's scalar twin against its vector kernels (vector6, vector2, vectorAny for p = 4 and 8): one block of VL channels (rows [L, VL]) through the vector
 * kernel, each channel through the scalar twin, from the same state; outputs, work and final state compared. Keys
 * fall along the sequence (rescales), queries mix |q| <= 1 and |q| > 1, some keys lie beyond the clamp.
 */
class ScalarTwinsTest {

    static final int L = 77;
    static final double TOL = 2e-5;
    static final double GRAD_TOL = 1e-4;

    final float[] q, k, v, gy;

    ScalarTwinsTest() {
        int n = L * VL;
        q = VectorKernelsTest.mixedQueries(301, n);
        k = VectorKernelsTest.fallingKeys(302, 1, L, VL);
        v = normal(303, n, 1);
        gy = normal(304, n, 1);
        for (int i = 0; i < n; i += 23) k[i] = 3000f;
    }

    /** Channel l's slots of a vector block's state, as a scalar state (stride 1). */
    static float[] lane(float[] st, int l, int p) {
        float[] out = new float[Slots.count(p)];
        for (int i = 0; i < out.length; i++) out[i] = st[i * VL + l];
        return out;
    }

    /** The scalar states of all lanes, laid out as the vector block's (for comparison). */
    static float[] gather(float[][] lanes, int p) {
        float[] out = new float[Slots.count(p) * VL];
        for (int l = 0; l < VL; l++) for (int i = 0; i < Slots.count(p); i++) out[i * VL + l] = lanes[l][i];
        return out;
    }

    static float[] sums(float[] st, int p) {
        return java.util.Arrays.copyOf(st, Slots.m(p) * VL);
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {2, 4, 6, 8})
    void forwardScansMatchTheirVectorKernels(int p) {
        float kmax = EaMath.keyClamp(p);
        int n = L * VL;
        // reduce
        float[] st = Slots.fresh(1, VL, p, Float.POSITIVE_INFINITY);
        if (p == 6) Reduce.vector6(k, v, 0, VL, L, kmax, st, 0);
        else if (p == 2) Reduce.vector2(k, v, 0, VL, L, kmax, st, 0);
        else Reduce.vectorAny(k, v, 0, VL, L, kmax, st, 0, p);
        float[][] lanes = new float[VL][];
        for (int l = 0; l < VL; l++) {
            lanes[l] = Slots.fresh(1, 1, p, Float.POSITIVE_INFINITY);
            Reduce.scalar(k, v, l, VL, L, kmax, lanes[l], 0, p);
        }
        assertClose(st, gather(lanes, p), TOL, "Reduce p=" + p);
        // ratio map from the vector kernel's sums
        float[] yv = poisoned(n), ys = poisoned(n);
        if (p == 6) RatioMap.vector6(q, yv, 0, VL, L, st, 0);
        else if (p == 2) RatioMap.vector2(q, yv, 0, VL, L, st, 0);
        else RatioMap.vectorAny(q, yv, 0, VL, L, st, 0, p);
        for (int l = 0; l < VL; l++) RatioMap.scalar(q, ys, l, VL, L, lane(st, l, p), 0, p);
        assertClose(yv, ys, TOL, "RatioMap p=" + p);
        // causal scan
        float[] sc = Slots.fresh(1, VL, p, Float.POSITIVE_INFINITY);
        yv = poisoned(n);
        ys = poisoned(n);
        if (p == 6) CausalScan.vector6(q, k, v, 0, VL, yv, 0, VL, L, kmax, sc, 0);
        else if (p == 2) CausalScan.vector2(q, k, v, 0, VL, yv, 0, VL, L, kmax, sc, 0);
        else CausalScan.vectorAny(q, k, v, 0, VL, yv, 0, VL, L, kmax, sc, 0, p);
        for (int l = 0; l < VL; l++) {
            lanes[l] = Slots.fresh(1, 1, p, Float.POSITIVE_INFINITY);
            CausalScan.scalar(q, k, v, l, VL, ys, L, kmax, lanes[l], 0, p);
        }
        assertClose(yv, ys, TOL, "CausalScan y p=" + p);
        assertClose(sc, gather(lanes, p), TOL, "CausalScan state p=" + p);
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {2, 4, 6, 8})
    void backwardScansMatchTheirVectorKernels(int p) {
        float kmax = EaMath.keyClamp(p);
        int n = L * VL;
        // non-causal: query map and key map from the vector reduce's sums
        float[] st = Slots.fresh(1, VL, p, Float.POSITIVE_INFINITY);
        if (p == 6) Reduce.vector6(k, v, 0, VL, L, kmax, st, 0);
        else if (p == 2) Reduce.vector2(k, v, 0, VL, L, kmax, st, 0);
        else Reduce.vectorAny(k, v, 0, VL, L, kmax, st, 0, p);
        float[] g = Slots.fresh(1, VL, p, 0f);
        float[] dqv = poisoned(n), dqs = poisoned(n), pw = new float[p + 1];
        if (p == 6) QueryMap.vector6(q, gy, dqv, 0, VL, L, st, 0, g, 0);
        else if (p == 2) QueryMap.vector2(q, gy, dqv, 0, VL, L, st, 0, g, 0);
        else QueryMap.vectorAny(q, gy, dqv, 0, VL, L, st, 0, g, 0, p);
        float[][] lanes = new float[VL][];
        for (int l = 0; l < VL; l++) {
            lanes[l] = Slots.fresh(1, 1, p, 0f);
            QueryMap.scalar(q, gy, dqs, l, VL, L, lane(st, l, p), 0, lanes[l], 0, pw, p);
        }
        assertClose(dqv, dqs, GRAD_TOL, "QueryMap dq p=" + p);
        assertClose(sums(g, p), sums(gather(lanes, p), p), GRAD_TOL, "QueryMap sums p=" + p);
        float[] dkv = poisoned(n), dvv = poisoned(n), dks = poisoned(n), dvs = poisoned(n);
        if (p == 6) KeyMap.vector6(k, v, dkv, dvv, 0, VL, L, kmax, st, 0, g, 0);
        else if (p == 2) KeyMap.vector2(k, v, dkv, dvv, 0, VL, L, kmax, st, 0, g, 0);
        else KeyMap.vectorAny(k, v, dkv, dvv, 0, VL, L, kmax, st, 0, g, 0, p);
        for (int l = 0; l < VL; l++) KeyMap.scalar(k, v, dks, dvs, l, VL, L, kmax, lane(st, l, p), 0, lane(g, l, p), 0, p);
        assertClose(dkv, dks, GRAD_TOL, "KeyMap dk p=" + p);
        assertClose(dvv, dvs, GRAD_TOL, "KeyMap dv p=" + p);
        // causal: replay two spans (64 rows, then the rest) from the empty state, then scan them back, last first,
        // each lane's backward from the vector replay's stash
        int[] from = {0, EaSeriesKernels.CHECKPOINT_ROWS}, rows = {from[1], L - from[1]};
        float[][] stashV = {CausalReplay.stash(VL), CausalReplay.stash(VL)};
        float[] sc = Slots.fresh(1, VL, p, Float.POSITIVE_INFINITY);
        for (int l = 0; l < VL; l++) lanes[l] = Slots.fresh(1, 1, p, Float.POSITIVE_INFINITY);
        dqv = poisoned(n);
        dqs = poisoned(n);
        for (int t = 0; t < 2; t++) {
            int at0 = from[t] * VL;
            if (p == 6) CausalReplay.vector6(q, k, v, gy, dqv, at0, VL, rows[t], kmax, sc, 0, stashV[t]);
            else if (p == 2) CausalReplay.vector2(q, k, v, gy, dqv, at0, VL, rows[t], kmax, sc, 0, stashV[t]);
            else CausalReplay.vectorAny(q, k, v, gy, dqv, at0, VL, rows[t], kmax, sc, 0, stashV[t], p);
            for (int l = 0; l < VL; l++) {
                float[] stashS = CausalReplay.stash(1);
                CausalReplay.scalar(q, k, v, gy, dqs, at0 + l, VL, rows[t], kmax, lanes[l], 0, stashS, p);
                for (int plane = 0; plane < 4; plane++) {
                    float[] want = Arrays.copyOfRange(laneStash(stashV[t], l), plane * CausalReplay.plane(1),
                            plane * CausalReplay.plane(1) + rows[t]);
                    float[] got = Arrays.copyOfRange(stashS, plane * CausalReplay.plane(1),
                            plane * CausalReplay.plane(1) + rows[t]);
                    assertClose(want, got, plane < 2 ? GRAD_TOL : TOL,
                            "CausalReplay stash plane " + plane + " span " + t + " lane " + l + " p=" + p);
                }
            }
        }
        assertClose(dqv, dqs, GRAD_TOL, "CausalReplay dq p=" + p);
        assertClose(sc, gather(lanes, p), TOL, "CausalReplay state p=" + p);
        float[] gc = Slots.fresh(1, VL, p, Float.NEGATIVE_INFINITY);
        dkv = poisoned(n);
        dvv = poisoned(n);
        dks = poisoned(n);
        dvs = poisoned(n);
        for (int l = 0; l < VL; l++) lanes[l] = Slots.fresh(1, 1, p, Float.NEGATIVE_INFINITY);
        for (int t = 1; t >= 0; t--) {
            int at0 = from[t] * VL;
            if (p == 6) CausalBackwardScan.vector6(q, k, v, stashV[t], dkv, dvv, at0, VL, rows[t], kmax, gc, 0);
            else if (p == 2) CausalBackwardScan.vector2(q, k, v, stashV[t], dkv, dvv, at0, VL, rows[t], kmax, gc, 0);
            else CausalBackwardScan.vectorAny(q, k, v, stashV[t], dkv, dvv, at0, VL, rows[t], kmax, gc, 0, p);
            for (int l = 0; l < VL; l++) {
                CausalBackwardScan.scalar(q, k, v, laneStash(stashV[t], l), dks, dvs, at0 + l, VL, rows[t], kmax,
                        lanes[l], 0, pw, p);
            }
        }
        assertClose(dkv, dks, GRAD_TOL, "CausalBackwardScan dk p=" + p);
        assertClose(dvv, dvs, GRAD_TOL, "CausalBackwardScan dv p=" + p);
        assertClose(sums(gc, p), sums(gather(lanes, p), p), GRAD_TOL, "CausalBackwardScan sums p=" + p);
    }

    /** Lane l of a vector stash as a one-lane stash (row r of each plane at r). */
    private static float[] laneStash(float[] stash, int l) {
        float[] one = CausalReplay.stash(1);
        int from = CausalReplay.plane(VL), to = CausalReplay.plane(1);
        for (int plane = 0; plane < 4; plane++) {
            for (int r = 0; r < EaSeriesKernels.CHECKPOINT_ROWS; r++) one[plane * to + r] = stash[plane * from + r * VL + l];
        }
        return one;
    }
}
