package dev.ea4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link CpuGemm}: C[4, NR] (+)= Ap[kc, 4]^T Bp[kc, NR], NR = two vectors, with 4 x 2 vectors
 * of accumulators, one FMA per (row, vector, p). Eight accumulators stay in registers on AVX2 (16 registers; a 6 x 2
 * tile spilled one to the stack every p and ran at about 60 % of this one). The same tile serves 512-bit vectors:
 * an 8 x 3 tile written for AVX-512 ran at 23-27 GFLOP/s on a Zen 5 against 290-330 for this one
 * (docs/performance.md).
 */
final class GemmMicro {

    /** The species, read from a static final so C2 sees a constant. */
    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;
    /** Rows of the tile. */
    static final int MR = 4;
    /** Vectors per row of the tile. */
    static final int NV = 2;
    /** Columns of the tile. */
    static final int NR = S == null ? 0 : NV * S.length();

    private GemmMicro() {}

    /**
     * dst[d + r * ldd + jj] = (accumulate ? dst[...] : 0) + sum_p ap[aOff + p * MR + r] * bp[bOff + p * NR + jj]
     * for r < MR, jj < NR.
     */
    static void tile(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] dst, int d, int ldd,
                     boolean accumulate) {
        int L = S.length();
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int ao = aOff + p * 4, bo = bOff + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        int r1 = d + ldd, r2 = r1 + ldd, r3 = r2 + ldd;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, dst, d)); c01 = c01.add(FloatVector.fromArray(S, dst, d + L));
            c10 = c10.add(FloatVector.fromArray(S, dst, r1)); c11 = c11.add(FloatVector.fromArray(S, dst, r1 + L));
            c20 = c20.add(FloatVector.fromArray(S, dst, r2)); c21 = c21.add(FloatVector.fromArray(S, dst, r2 + L));
            c30 = c30.add(FloatVector.fromArray(S, dst, r3)); c31 = c31.add(FloatVector.fromArray(S, dst, r3 + L));
        }
        c00.intoArray(dst, d); c01.intoArray(dst, d + L);
        c10.intoArray(dst, r1); c11.intoArray(dst, r1 + L);
        c20.intoArray(dst, r2); c21.intoArray(dst, r2 + L);
        c30.intoArray(dst, r3); c31.intoArray(dst, r3 + L);
    }

    /**
     * As {@link #tile} with A read in place: A[r, p] = a[aOff + r * lda + p] (rows of a
     * row-major [M, K] operand), so no packing is needed.
     */
    static void tileRows(float[] a, int aOff, int lda, float[] bp, int bOff, int kc, float[] dst, int d, int ldd,
                         boolean accumulate) {
        int L = S.length();
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a1 = aOff + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[aOff + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        int r1 = d + ldd, r2 = r1 + ldd, r3 = r2 + ldd;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, dst, d)); c01 = c01.add(FloatVector.fromArray(S, dst, d + L));
            c10 = c10.add(FloatVector.fromArray(S, dst, r1)); c11 = c11.add(FloatVector.fromArray(S, dst, r1 + L));
            c20 = c20.add(FloatVector.fromArray(S, dst, r2)); c21 = c21.add(FloatVector.fromArray(S, dst, r2 + L));
            c30 = c30.add(FloatVector.fromArray(S, dst, r3)); c31 = c31.add(FloatVector.fromArray(S, dst, r3 + L));
        }
        c00.intoArray(dst, d); c01.intoArray(dst, d + L);
        c10.intoArray(dst, r1); c11.intoArray(dst, r1 + L);
        c20.intoArray(dst, r2); c21.intoArray(dst, r2 + L);
        c30.intoArray(dst, r3); c31.intoArray(dst, r3 + L);
    }
}
