package dev.ea4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing of {@link CpuGemm}'s operands into the panel layouts {@link GemmMicro} streams, zero padded so edge
 * tiles run the full-size kernel. The layout only changes how an operand is read.
 */
final class GemmPack {

    /** c = a b: a [M, K], b [K, N]. */
    static final int NN = 0;
    /** c = a b^T: a [M, K], b [N, K]. */
    static final int NT = 1;
    /** c = a^T b: a [K, M], b [K, N]. */
    static final int TN = 2;

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;
    /** Four floats: one row panel's lanes at one depth when the tile has four rows. */
    private static final VectorSpecies<Float> Q = FloatVector.SPECIES_128;

    private GemmPack() {}

    /**
     * Depths p in [from, to) of a row-major b [K, N] (the NN and TN layouts), column panels [panelFrom, panelTo),
     * into bp as panels of depth {@code depth} starting at depth {@code base}: panel jp, depth p, lane jj at
     * ((jp - panelFrom) * depth + p - base) * nr + jj; columns past N are zero. Each p reads one row of b and deals
     * it out to the panels, so threads splitting p stream b front to back (a panel at a time read nr columns of
     * every row, a new page per row).
     */
    static void packB(float[] b, float[] bp, int from, int to, int base, int depth, int panelFrom, int panelTo,
                      int N, int nr) {
        int full = Math.min(N / nr, panelTo) * nr;
        int L = S == null ? nr : S.length();
        for (int p = from; p < to; p++) {
            int src = p * N, dst = (p - base) * nr;
            int j0 = panelFrom * nr;
            if (S != null && nr % L == 0) {
                // full panels: nr / lanes vector copies each (System.arraycopy costs more at this size)
                for (; j0 < full; j0 += nr, dst += depth * nr) {
                    for (int jj = 0; jj < nr; jj += L) FloatVector.fromArray(S, b, src + j0 + jj).intoArray(bp, dst + jj);
                }
            }
            for (; j0 < Math.min(N, panelTo * nr); j0 += nr, dst += depth * nr) {
                int w = Math.min(nr, N - j0);
                System.arraycopy(b, src + j0, bp, dst, w);
                for (int jj = w; jj < nr; jj++) bp[dst + jj] = 0f;
            }
        }
    }

    /** Depths packed per pass of {@link #packTransposedB}: one cache line of each row of b. */
    private static final int DEPTH_RUN = 16;

    /**
     * Column panels jp in [from, to) of op(b) = b^T, b [N, K] (the NT layout), into bp as {@link #packB} lays
     * them out. Each row of b is read a cache line at a time (DEPTH_RUN depths) and written down the panel: reading
     * the panel's nr rows side by side at one depth kept nr lines 4 KiB apart in one L1 set when K = 1024 and packed
     * at a third of this speed.
     */
    static void packTransposedB(float[] b, float[] bp, int from, int to, int N, int K, int nr) {
        for (int jp = from; jp < to; jp++) {
            int j0 = jp * nr;
            int w = Math.min(nr, N - j0);
            int base = jp * K * nr;
            for (int p0 = 0; p0 < K; p0 += DEPTH_RUN) {
                int run = Math.min(DEPTH_RUN, K - p0);
                for (int jj = 0; jj < nr; jj++) {
                    int dst = base + p0 * nr + jj;
                    if (jj < w) {
                        int src = (j0 + jj) * K + p0;
                        for (int l = 0; l < run; l++) bp[dst + l * nr] = b[src + l];
                    } else {
                        for (int l = 0; l < run; l++) bp[dst + l * nr] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Floats between consecutive packed A panels beyond their kc * mr values: a panel stride of a multiple of 4 KiB
     * would put every panel's row p in the same L1 set while packing.
     */
    static final int PANEL_PAD = 16;

    /** Offset of packed A panel {@code panel} of depth kc. */
    static int panelOffset(int panel, int kc, int mr) {
        return panel * (kc * mr + PANEL_PAD);
    }

    /**
     * Rows [i0, i0 + mc) x depth [p0, p0 + kc) of a row-major a [M, K] into ap as mr-row panels [kc][mr] at
     * {@link #panelOffset}; rows past mc are zero.
     */
    static void packA(float[] a, float[] ap, int i0, int mc, int p0, int kc, int K, int mr) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = panelOffset(ir / mr, kc, mr);
            // read mr rows side by side, p outer so the writes are contiguous
            int src = (i0 + ir) * K + p0;
            for (int p = 0; p < kc; p++) {
                int dst = base + p * mr;
                for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r * K + p];
                for (int r = rows; r < mr; r++) ap[dst + r] = 0f;
            }
        }
    }

    /**
     * Rows [i0, i0 + mc) x depth [p0, p0 + kc) of op(a) = a^T, a [K, M] (the TN layout), into ap as mr-row panels
     * [kc][mr] at {@link #panelOffset}; rows past mc are zero. Each depth reads mc consecutive floats of one row of a.
     */
    static void packTransposedA(float[] a, float[] ap, int i0, int mc, int p0, int kc, int M, int mr) {
        int full = mc / mr * mr;
        boolean quads = mr == 4;
        int stride = panelOffset(1, kc, mr);
        for (int p = 0; p < kc; p++) {
            int src = (p0 + p) * M + i0, dst = p * mr;
            int i = 0;
            if (quads) {
                for (; i < full; i += 4, dst += stride) FloatVector.fromArray(Q, a, src + i).intoArray(ap, dst);
            }
            for (; i < mc; i += mr, dst += stride) {
                int rows = Math.min(mr, mc - i);
                for (int r = 0; r < rows; r++) ap[dst + r] = a[src + i + r];
                for (int r = rows; r < mr; r++) ap[dst + r] = 0f;
            }
        }
    }
}
