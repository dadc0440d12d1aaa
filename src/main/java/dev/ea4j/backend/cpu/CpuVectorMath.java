package dev.ea4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Shared pieces of the cpu twins: the float species the EA twins use, a polynomial vector exp for arguments
 * {@code <= 0} and a tanh built on it, and the split of a {@code [B, D]} parallel loop into per-batch channel
 * segments.
 *
 * <p>The cpu twins use {@link #exp} and {@link #tanh} instead of {@code lanewise(VectorOperators.EXP / TANH)}: once
 * C2 intrinsifies those they call a native math library whose last bits differ from the Java fallback that runs
 * before, so a result would depend on how warm the JIT is (one ulp, run to run). These are plain add, multiply and
 * fma, the same bits in every tier.
 */
public final class CpuVectorMath {

    /** The twins' species: the configured one, or the preferred one when a test asks for the vector path anyway. */
    public static final VectorSpecies<Float> S = VectorConfig.FLOATS != null ? VectorConfig.FLOATS : FloatVector.SPECIES_PREFERRED;

    /** Lanes of {@link #S}. */
    public static final int VL = S.length();

    /** Below this many scalar term-updates a call runs on the calling thread (a pool dispatch costs more). */
    static final long SERIAL_WORK = 1L << 17;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float LOWEST = -87.6f; // below: e^x is (sub)normal-tiny, returned as 0

    private CpuVectorMath() {}

    /**
     * e^x lane-wise for x <= 0 (Cephes expf: range reduction by ln 2, degree-7 polynomial, about 1 ulp);
     * x below -87.6 (and -inf) gives 0.
     */
    public static FloatVector exp(FloatVector x) {
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, LOWEST);
        FloatVector xc = x.blend(LOWEST, tiny); // not max(): Java's max needs ~5 AVX-512 instructions, this 2
        FloatVector t = xc.fma(LOG2E, MAGIC);
        FloatVector n = t.sub(MAGIC);
        FloatVector r = n.fma(x.broadcast(-LN2_HI), xc);
        r = n.fma(x.broadcast(-LN2_LO), r);
        FloatVector poly = r.fma(1.9875691500E-4f, 1.3981999507E-3f);
        poly = poly.fma(r, x.broadcast(8.3334519073E-3f));
        poly = poly.fma(r, x.broadcast(4.1665795894E-2f));
        poly = poly.fma(r, x.broadcast(1.6666665459E-1f));
        poly = poly.fma(r, x.broadcast(5.0000001201E-1f));
        poly = poly.fma(r.mul(r), r).add(1f);
        FloatVector scale = ((IntVector) t.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23)
                .add(0x3F800000).reinterpretAsFloats();
        return poly.mul(scale).blend(0f, tiny);
    }

    /**
     * tanh(u) lane-wise, as sign(u) (1 - e) / (1 + e) with e = e^{-2|u|} (so {@link #exp} sees only arguments
     * {@code <= 0}); within about 1e-7 of Math.tanh in absolute terms, +-1 for large |u|, NaN for NaN.
     */
    public static FloatVector tanh(FloatVector u) {
        FloatVector e = exp(u.abs().mul(-2f));
        FloatVector one = u.broadcast(1f);
        FloatVector t = one.sub(e).div(one.add(e));
        return t.blend(t.neg(), u.compare(VectorOperators.LT, 0f));
    }

    /** Body over the channels {@code [c0, c1)} of batch {@code b}. */
    @FunctionalInterface
    public interface Segment {
        /** Runs channels [c0, c1) of batch b. */
        void run(int b, int c0, int c1);
    }

    /**
     * Runs {@code body} over every (b, channel range) of a {@code [B, D]} loop, split into contiguous chunks
     * (bounds multiples of the vector length when {@code vector}); on the calling thread when {@code work}
     * (scalar term-updates) is small.
     */
    public static void segments(CpuPool pool, int B, int D, boolean vector, long work, Segment body) {
        int n = B * D;
        CpuPool.RangeBody range = (from, to) -> {
            for (int b = from / D; b * D < to; b++) {
                int c0 = Math.max(from, b * D) - b * D;
                int c1 = Math.min(to, (b + 1) * D) - b * D;
                if (c0 < c1) body.run(b, c0, c1);
            }
        };
        if (n <= 0) return;
        if (work < SERIAL_WORK || pool.threads() == 1) range.run(0, n);
        else pool.parallelFor(n, vector ? VL : 1, range);
    }
}
