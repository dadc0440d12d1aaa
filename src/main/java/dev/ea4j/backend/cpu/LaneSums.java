package dev.ea4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in a fixed order. {@code reduceLanes(ADD)} on floats may add in a different
 * order once the JIT intrinsifies it, so results would depend on how warm the code is; this pairwise tree
 * (lane i + lane i+h for h = VL/2, ..., 1) gives the same bits interpreted or compiled.
 */
final class LaneSums {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] HALVES = halves();

    private LaneSums() {}

    /** sum_i v[i] in a fixed pairwise order. */
    static float sum(FloatVector v) {
        if (v.species() != S) return sequential(v);
        FloatVector x = v;
        for (VectorShuffle<Float> h : HALVES) x = x.add(x.rearrange(h));
        return x.lane(0);
    }

    private static float sequential(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int n = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] out = new VectorShuffle[n];
        for (int i = 0, h = S.length() / 2; h >= 1; i++, h /= 2) out[i] = VectorShuffle.iota(S, h, 1, true);
        return out;
    }
}
