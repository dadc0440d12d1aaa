package dev.ea4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link CpuGemm}: C[MR, NR] (+)= Ap[kc, MR]^T Bp[kc, NR] with MR x NV vectors of
 * accumulators, one FMA per (row, vector, p). The tile is sized so that C2 keeps every accumulator in a
 * register: below 512-bit vectors (16 registers) 4 x 2 vectors (8 accumulators, 2 B vectors and the
 * broadcasts C2 hoists; a 6 x 2 tile spilled one accumulator to the stack every p and ran at about 60 % of
 * the 4 x 2 tile's speed on AVX2), at 512 bits (32 registers) 8 x 3 (24 + 3 + 1).
 */
final class GemmMicro {

    /** The species, read from a static final so C2 sees a constant. */
    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;
    /** True for 512-bit (or wider) vectors: the 8 x 3 tile; false: the 4 x 2 tile. */
    static final boolean WIDE = S != null && S.length() >= 16;
    /** Rows of the tile. */
    static final int MR = WIDE ? 8 : 4;
    /** Vectors per row of the tile. */
    static final int NV = WIDE ? 3 : 2;
    /** Columns of the tile. */
    static final int NR = S == null ? 0 : NV * S.length();

    private GemmMicro() {}

    /**
     * dst[d + r * ldd + jj] = (accumulate ? dst[...] : 0) + sum_p ap[aOff + p * MR + r] * bp[bOff + p * NR + jj]
     * for r < MR, jj < NR.
     */
    static void tile(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] dst, int d, int ldd,
                     boolean accumulate) {
        if (WIDE) tile8x3(ap, aOff, bp, bOff, kc, dst, d, ldd, accumulate);
        else tile4x2(ap, aOff, bp, bOff, kc, dst, d, ldd, accumulate);
    }

    private static void tile4x2(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] dst, int d, int ldd,
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
     * As {@link #tile} for the 4 x 2 tile with A read in place: A[r, p] = a[aOff + r * lda + p] (rows of a
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

    private static void tile8x3(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] dst, int d, int ldd,
                                boolean accumulate) {
        int L = S.length();
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00;
        FloatVector c70 = c00, c71 = c00, c72 = c00;
        for (int p = 0; p < kc; p++) {
            int ao = aOff + p * 8, bo = bOff + p * 3 * L;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = x.fma(b0, c60); c61 = x.fma(b1, c61); c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = x.fma(b0, c70); c71 = x.fma(b1, c71); c72 = x.fma(b2, c72);
        }
        store3(c00, c01, c02, dst, d, accumulate);
        store3(c10, c11, c12, dst, d + ldd, accumulate);
        store3(c20, c21, c22, dst, d + 2 * ldd, accumulate);
        store3(c30, c31, c32, dst, d + 3 * ldd, accumulate);
        store3(c40, c41, c42, dst, d + 4 * ldd, accumulate);
        store3(c50, c51, c52, dst, d + 5 * ldd, accumulate);
        store3(c60, c61, c62, dst, d + 6 * ldd, accumulate);
        store3(c70, c71, c72, dst, d + 7 * ldd, accumulate);
    }

    /** One row of three vectors to dst[o..o+3L), added to what is there when accumulating. */
    private static void store3(FloatVector v0, FloatVector v1, FloatVector v2, float[] dst, int o, boolean accumulate) {
        int L = S.length();
        if (accumulate) {
            v0 = v0.add(FloatVector.fromArray(S, dst, o));
            v1 = v1.add(FloatVector.fromArray(S, dst, o + L));
            v2 = v2.add(FloatVector.fromArray(S, dst, o + 2 * L));
        }
        v0.intoArray(dst, o);
        v1.intoArray(dst, o + L);
        v2.intoArray(dst, o + 2 * L);
    }
}
