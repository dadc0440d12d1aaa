package dev.ea4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link CpuGemm}: C[4, NR] (+)= Ap[kc, 4]^T Bp[kc, NR], one FMA per (row, vector, p), with
 * NR = NV vectors per row.
 * <ul>
 *   <li>AVX2 and narrower: 4 x 2 vectors. Eight accumulators fit AVX2's 16 registers; a 6 x 2 tile spilled one to
 *       the stack every p and ran at about 60 % of this one.</li>
 *   <li>512-bit vectors (AVX-512, 32 registers): 4 x 4, 16 accumulators and 8 loads per 16 FMAs, 1.1-1.25x the
 *       4 x 2 tile on a Zen 5 (an 8 x 3 tile ran 10x slower there; docs/performance.md).</li>
 * </ul>
 */
final class GemmMicro {

    /** The species, read from a static final so C2 sees a constant. */
    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;
    /** Rows of the tile. */
    static final int MR = 4;
    /** Vectors per row of the tile. */
    static final int NV = S != null && S.length() >= 16 ? 4 : 2;
    /** Whether the tile is 4 x 4 vectors (constant, so C2 drops the other half). */
    private static final boolean FOUR = NV == 4;
    /** Columns of the tile. */
    static final int NR = S == null ? 0 : NV * S.length();

    private GemmMicro() {}

    /**
     * dst[d + r * ldd + jj] = (accumulate ? dst[...] : 0) + sum_p ap[aOff + p * MR + r] * bp[bOff + p * NR + jj]
     * for r < MR, jj < NR.
     */
    static void tile(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] dst, int d, int ldd, boolean accumulate) {
        int L = S.length();
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
        FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
        FloatVector b2 = z, b3 = z;
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + L);
            if (FOUR) {
                b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
                b3 = FloatVector.fromArray(S, bp, bo + 3 * L);
            }
            FloatVector x = FloatVector.broadcast(S, ap[aOff + p * 4]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            if (FOUR) { c02 = x.fma(b2, c02); c03 = x.fma(b3, c03); }
            x = FloatVector.broadcast(S, ap[aOff + p * 4 + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            if (FOUR) { c12 = x.fma(b2, c12); c13 = x.fma(b3, c13); }
            x = FloatVector.broadcast(S, ap[aOff + p * 4 + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            if (FOUR) { c22 = x.fma(b2, c22); c23 = x.fma(b3, c23); }
            x = FloatVector.broadcast(S, ap[aOff + p * 4 + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            if (FOUR) { c32 = x.fma(b2, c32); c33 = x.fma(b3, c33); }
        }
        // stores written out: a helper taking the vectors was not inlined and boxed them (6x slower)
        int o0 = d;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, dst, o0)); c01 = c01.add(FloatVector.fromArray(S, dst, o0 + L));
            if (FOUR) { c02 = c02.add(FloatVector.fromArray(S, dst, o0 + 2 * L)); c03 = c03.add(FloatVector.fromArray(S, dst, o0 + 3 * L)); }
        }
        c00.intoArray(dst, o0); c01.intoArray(dst, o0 + L);
        if (FOUR) { c02.intoArray(dst, o0 + 2 * L); c03.intoArray(dst, o0 + 3 * L); }
        int o1 = d + 1 * ldd;
        if (accumulate) {
            c10 = c10.add(FloatVector.fromArray(S, dst, o1)); c11 = c11.add(FloatVector.fromArray(S, dst, o1 + L));
            if (FOUR) { c12 = c12.add(FloatVector.fromArray(S, dst, o1 + 2 * L)); c13 = c13.add(FloatVector.fromArray(S, dst, o1 + 3 * L)); }
        }
        c10.intoArray(dst, o1); c11.intoArray(dst, o1 + L);
        if (FOUR) { c12.intoArray(dst, o1 + 2 * L); c13.intoArray(dst, o1 + 3 * L); }
        int o2 = d + 2 * ldd;
        if (accumulate) {
            c20 = c20.add(FloatVector.fromArray(S, dst, o2)); c21 = c21.add(FloatVector.fromArray(S, dst, o2 + L));
            if (FOUR) { c22 = c22.add(FloatVector.fromArray(S, dst, o2 + 2 * L)); c23 = c23.add(FloatVector.fromArray(S, dst, o2 + 3 * L)); }
        }
        c20.intoArray(dst, o2); c21.intoArray(dst, o2 + L);
        if (FOUR) { c22.intoArray(dst, o2 + 2 * L); c23.intoArray(dst, o2 + 3 * L); }
        int o3 = d + 3 * ldd;
        if (accumulate) {
            c30 = c30.add(FloatVector.fromArray(S, dst, o3)); c31 = c31.add(FloatVector.fromArray(S, dst, o3 + L));
            if (FOUR) { c32 = c32.add(FloatVector.fromArray(S, dst, o3 + 2 * L)); c33 = c33.add(FloatVector.fromArray(S, dst, o3 + 3 * L)); }
        }
        c30.intoArray(dst, o3); c31.intoArray(dst, o3 + L);
        if (FOUR) { c32.intoArray(dst, o3 + 2 * L); c33.intoArray(dst, o3 + 3 * L); }
    }

    /**
     * As {@link #tile} with A read in place: A[r, p] = a[aOff + r * lda + p] (rows of a row-major [M, K] operand), so
     * no packing is needed. (One method with both strides as arguments ran 10 % slower.)
     */
    static void tileRows(float[] a, int aOff, int lda, float[] bp, int bOff, int kc, float[] dst, int d, int ldd,
                         boolean accumulate) {
        int L = S.length();
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
        FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
        FloatVector b2 = z, b3 = z;
        int a1 = aOff + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + L);
            if (FOUR) {
                b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
                b3 = FloatVector.fromArray(S, bp, bo + 3 * L);
            }
            FloatVector x = FloatVector.broadcast(S, a[aOff + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            if (FOUR) { c02 = x.fma(b2, c02); c03 = x.fma(b3, c03); }
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            if (FOUR) { c12 = x.fma(b2, c12); c13 = x.fma(b3, c13); }
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            if (FOUR) { c22 = x.fma(b2, c22); c23 = x.fma(b3, c23); }
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            if (FOUR) { c32 = x.fma(b2, c32); c33 = x.fma(b3, c33); }
        }
        // stores written out: a helper taking the vectors was not inlined and boxed them (6x slower)
        int o0 = d;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, dst, o0)); c01 = c01.add(FloatVector.fromArray(S, dst, o0 + L));
            if (FOUR) { c02 = c02.add(FloatVector.fromArray(S, dst, o0 + 2 * L)); c03 = c03.add(FloatVector.fromArray(S, dst, o0 + 3 * L)); }
        }
        c00.intoArray(dst, o0); c01.intoArray(dst, o0 + L);
        if (FOUR) { c02.intoArray(dst, o0 + 2 * L); c03.intoArray(dst, o0 + 3 * L); }
        int o1 = d + 1 * ldd;
        if (accumulate) {
            c10 = c10.add(FloatVector.fromArray(S, dst, o1)); c11 = c11.add(FloatVector.fromArray(S, dst, o1 + L));
            if (FOUR) { c12 = c12.add(FloatVector.fromArray(S, dst, o1 + 2 * L)); c13 = c13.add(FloatVector.fromArray(S, dst, o1 + 3 * L)); }
        }
        c10.intoArray(dst, o1); c11.intoArray(dst, o1 + L);
        if (FOUR) { c12.intoArray(dst, o1 + 2 * L); c13.intoArray(dst, o1 + 3 * L); }
        int o2 = d + 2 * ldd;
        if (accumulate) {
            c20 = c20.add(FloatVector.fromArray(S, dst, o2)); c21 = c21.add(FloatVector.fromArray(S, dst, o2 + L));
            if (FOUR) { c22 = c22.add(FloatVector.fromArray(S, dst, o2 + 2 * L)); c23 = c23.add(FloatVector.fromArray(S, dst, o2 + 3 * L)); }
        }
        c20.intoArray(dst, o2); c21.intoArray(dst, o2 + L);
        if (FOUR) { c22.intoArray(dst, o2 + 2 * L); c23.intoArray(dst, o2 + 3 * L); }
        int o3 = d + 3 * ldd;
        if (accumulate) {
            c30 = c30.add(FloatVector.fromArray(S, dst, o3)); c31 = c31.add(FloatVector.fromArray(S, dst, o3 + L));
            if (FOUR) { c32 = c32.add(FloatVector.fromArray(S, dst, o3 + 2 * L)); c33 = c33.add(FloatVector.fromArray(S, dst, o3 + 3 * L)); }
        }
        c30.intoArray(dst, o3); c31.intoArray(dst, o3 + L);
        if (FOUR) { c32.intoArray(dst, o3 + 2 * L); c33.intoArray(dst, o3 + 3 * L); }
    }
}
