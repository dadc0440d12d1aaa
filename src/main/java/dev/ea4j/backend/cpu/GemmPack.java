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

    private GemmPack() {}

    /**
     * Column panels jp in [from, to) of op(b) [K, N] into bp: panel jp, depth p, lane jj at
     * (jp * K + p) * nr + jj; columns past N are zero.
     */
    static void packB(int layout, float[] b, float[] bp, int from, int to, int N, int K, int nr) {
        for (int jp = from; jp < to; jp++) {
            int j0 = jp * nr;
            int w = Math.min(nr, N - j0);
            int base = jp * K * nr;
            if (layout == NT) {
                // b: [N, K]; a run of nr rows read side by side, p outer so the writes are contiguous
                for (int p = 0; p < K; p++) {
                    int dst = base + p * nr;
                    int src = j0 * K + p;
                    for (int jj = 0; jj < w; jj++) bp[dst + jj] = b[src + jj * K];
                    for (int jj = w; jj < nr; jj++) bp[dst + jj] = 0f;
                }
            } else if (w == nr && S != null) {
                // b: [K, N], a full panel: nr / lanes vector copies per row (System.arraycopy costs more at this size)
                int L = S.length();
                for (int p = 0; p < K; p++) {
                    int dst = base + p * nr, src = p * N + j0;
                    for (int jj = 0; jj < nr; jj += L) FloatVector.fromArray(S, b, src + jj).intoArray(bp, dst + jj);
                }
            } else {
                // b: [K, N]
                for (int p = 0; p < K; p++) {
                    int dst = base + p * nr;
                    System.arraycopy(b, p * N + j0, bp, dst, w);
                    for (int jj = w; jj < nr; jj++) bp[dst + jj] = 0f;
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
     * Rows [i0, i0 + mc) x depth [p0, p0 + kc) of op(a) [M, K] into ap as mr-row panels [kc][mr] at
     * {@link #panelOffset}; rows past mc are zero.
     */
    static void packA(int layout, float[] a, float[] ap, int i0, int mc, int p0, int kc, int M, int K, int mr) {
        if (layout == TN) {
            // a: [K, M]; one contiguous run of mc values per p, dealt out to the panels
            for (int p = 0; p < kc; p++) {
                int src = (p0 + p) * M + i0;
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir);
                    int dst = panelOffset(ir / mr, kc, mr) + p * mr;
                    for (int r = 0; r < rows; r++) ap[dst + r] = a[src + ir + r];
                    for (int r = rows; r < mr; r++) ap[dst + r] = 0f;
                }
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = panelOffset(ir / mr, kc, mr);
            // a: [M, K]; read mr rows side by side, p outer so the writes are contiguous
            int src = (i0 + ir) * K + p0;
            for (int p = 0; p < kc; p++) {
                int dst = base + p * mr;
                for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r * K + p];
                for (int r = rows; r < mr; r++) ap[dst + r] = 0f;
            }
        }
    }
}
