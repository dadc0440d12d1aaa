package dev.ea4j.backend.cpu;

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
     * Rows [i0, i0 + mc) x depth [p0, p0 + kc) of op(a) [M, K] into ap as mr-row panels [kc][mr]; rows past
     * mc are zero.
     */
    static void packA(int layout, float[] a, float[] ap, int i0, int mc, int p0, int kc, int M, int K, int mr) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = (ir / mr) * kc * mr;
            if (layout == TN) {
                // a: [K, M]; the panel's rows are contiguous in a
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * M + i0 + ir;
                    int dst = base + p * mr;
                    for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r];
                    for (int r = rows; r < mr; r++) ap[dst + r] = 0f;
                }
            } else {
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
}
