package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.DropoutKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code cpu} twin of {@link DropoutKernels#dropout}: the same counter hash computed for a vector of indices at
 * once (integer lanes as wide as the float ones), the range split over the pool; {@code vector = false} runs the
 * scalar loop.
 */
final class CpuDropout {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;
    private static final VectorSpecies<Integer> I = S == null ? null : IntVector.SPECIES_PREFERRED.withShape(S.vectorShape());

    private CpuDropout() {}

    static void register(TwinTable<CpuPool> t) {
        t.add(DropoutKernels::dropout, pool -> (x, y, control, salt, n) ->
                dropout(x, y, control, salt, n, pool, VectorConfig.vectorized()));
    }

    /** y_i = keep_i x_i 2^24 / (2^24 - t), as {@link DropoutKernels#dropout}. */
    static void dropout(float[] x, float[] y, int[] control, int salt, int n, CpuPool pool, boolean vector) {
        int threshold = control[0];
        float scale = (float) DropoutKernels.ONE / (float) (DropoutKernels.ONE - threshold);
        int site = DropoutKernels.mix(control[1] + salt * 0x9E3779B9);
        int grain = vector ? VectorConfig.lanes() : 1;
        pool.parallelFor(n, grain, (from, to) -> {
            int i = from;
            if (vector) i = vectorRange(x, y, site, threshold, scale, from, to);
            for (; i < to; i++) {
                y[i] = (DropoutKernels.mix(site ^ i) >>> 8) >= threshold ? x[i] * scale : 0f;
            }
        });
    }

    private static int vectorRange(float[] x, float[] y, int site, int threshold, float scale, int from, int to) {
        IntVector lane = IntVector.zero(I).addIndex(1);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            IntVector h = lane.add(i).lanewise(VectorOperators.XOR, site);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
            VectorMask<Float> keep = h.lanewise(VectorOperators.LSHR, 8).compare(VectorOperators.GE, threshold).cast(S);
            FloatVector.fromArray(S, x, i).mul(scale).blend(0f, keep.not()).intoArray(y, i);
        }
        return i;
    }
}
