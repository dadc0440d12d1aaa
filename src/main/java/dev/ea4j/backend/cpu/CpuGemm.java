package dev.ea4j.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * c[M, N] = op(a) op(b) on the Vector API, GotoBLAS-style: packed panels, cache blocking and a register tile
 * ({@link GemmMicro}); the layouts differ only in how {@link GemmPack} reads the operands.
 *
 * <pre>
 *   pack op(b) once per call into NR-wide column panels [K][NR]     (parallel over K, or panels for b^T)
 *   a^T (TN): pack it whole once per call into MR-row panels         (parallel over K: whole rows of a)
 *   per thread, over its rows (or, with few rows, its column panels):
 *     for each MC-row block, for each KC-deep slice of K:
 *       row-major a: read in place; its edge rows packed into [KC][MR]
 *       for each column panel (its [KC][NR] slice stays in L1), for each row panel:
 *         C[MR, NR] (+)= Ap^T Bp  straight into c; edge tiles go through a scratch tile
 * </pre>
 *
 * Packing buffers are reused per thread ({@link ThreadLocal}); a packed b or a^T above {@link #KEEP_B_FLOATS}
 * floats is allocated per call instead of being kept.
 */
final class CpuGemm {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;
    /** Rows per block of a thread's rows. */
    static final int MC = GemmMicro.MR * 32;
    /** Depth of a K slice: a column panel's [KC][NR] slice (32 KiB) stays in L1 (64-wide panels at 256 did not, 0.8x). */
    static final int KC = GemmMicro.NR >= 64 ? 128 : 256;
    /** Largest packed b kept between calls (32 MiB). */
    static final int KEEP_B_FLOATS = 8 << 20;

    /** Per-thread packing buffers. */
    private static final class Scratch {
        float[] ap = new float[GemmPack.panelOffset(1, KC, GemmMicro.MR)];
        final float[] tile = new float[GemmMicro.MR * GemmMicro.NR];
        float[] bp = new float[0];
        float[] atp = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private CpuGemm() {}

    /** c = op(a) op(b) for {@code layout} one of {@link GemmPack#NN}, {@link GemmPack#NT}, {@link GemmPack#TN}. */
    static void gemm(int layout, float[] a, float[] b, float[] c, int M, int N, int K, CpuPool pool) {
        if (K == 0) {
            pool.parallelFor(M, (from, to) -> Arrays.fill(c, from * N, to * N, 0f));
            return;
        }
        int mr = GemmMicro.MR, nr = GemmMicro.NR;
        if (M < mr && layout != GemmPack.TN) {
            // a few rows (decoding one token per sequence): packing all of b would cost more than the product
            pool.parallelFor(N, (from, to) -> fewRows(layout, a, b, c, M, N, K, from, to));
            return;
        }
        int panels = (N + nr - 1) / nr;
        float[] bp = packedB(panels * K * nr);
        if (layout == GemmPack.NT) {
            pool.parallelFor(panels, (from, to) -> GemmPack.packTransposedB(b, bp, from, to, N, K, nr));
        } else {
            pool.parallelFor(K, (from, to) -> GemmPack.packB(b, bp, from, to, N, K, nr));
        }
        float[] at = layout == GemmPack.TN ? packedAT(GemmPack.transposedASize(M, K, KC, mr)) : null;
        if (at != null) pool.parallelFor(K, (from, to) -> GemmPack.packTransposedA(a, at, from, to, M, K, KC, mr));
        int rowPanels = (M + mr - 1) / mr;
        if (rowPanels >= 2 * pool.threads() || panels == 1) {
            pool.parallelFor(rowPanels, (from, to) ->
                    block(a, at, bp, c, from * mr, Math.min(M, to * mr), 0, panels, M, N, K));
        } else {
            pool.parallelFor(panels, (from, to) -> block(a, at, bp, c, 0, M, from, to, M, N, K));
        }
    }

    /** The calling thread's packed-b buffer of at least n floats (a fresh one when n is above the cap). */
    private static float[] packedB(int n) {
        if (n > KEEP_B_FLOATS) return new float[n];
        Scratch s = SCRATCH.get();
        if (s.bp.length < n) s.bp = new float[n];
        return s.bp;
    }

    /** As {@link #packedB} for the whole packed a^T of the TN layout. */
    private static float[] packedAT(int n) {
        if (n > KEEP_B_FLOATS) return new float[n];
        Scratch s = SCRATCH.get();
        if (s.atp.length < n) s.atp = new float[n];
        return s.atp;
    }

    /**
     * Rows [rowFrom, rowTo) x column panels [panelFrom, panelTo) of c; {@code at} is a^T packed whole for the TN
     * layout, null for the others (their a is row-major and read in place, edge rows packed per block).
     */
    private static void block(float[] a, float[] at, float[] bp, float[] c, int rowFrom, int rowTo,
                              int panelFrom, int panelTo, int M, int N, int K) {
        int mr = GemmMicro.MR, nr = GemmMicro.NR;
        Scratch s = SCRATCH.get();
        float[] ap = s.ap, tile = s.tile;
        for (int ic = rowFrom; ic < rowTo; ic += MC) {
            int mc = Math.min(MC, rowTo - ic);
            for (int pc = 0; pc < K; pc += KC) {
                int kc = Math.min(KC, K - pc);
                boolean accumulate = pc > 0;
                int full = at == null ? mc / mr * mr : 0;
                // rows [ic + full, ic + mc) of a row-major a packed as panels at the start of ap
                if (full < mc && at == null) GemmPack.packA(a, ap, ic + full, mc - full, pc, kc, K, mr);
                for (int jp = panelFrom; jp < panelTo; jp++) {
                    int j0 = jp * nr;
                    int cols = Math.min(nr, N - j0);
                    int bOff = (jp * K + pc) * nr;
                    for (int ir = 0; ir < mc; ir += mr) {
                        int rows = Math.min(mr, mc - ir);
                        int i = ic + ir;
                        if (ir < full && cols == nr) {
                            GemmMicro.tileRows(a, i * K + pc, K, bp, bOff, kc, c, i * N + j0, N, accumulate);
                        } else if (ir < full) {
                            GemmMicro.tileRows(a, i * K + pc, K, bp, bOff, kc, tile, 0, nr, false);
                            flush(tile, c, i, j0, rows, cols, N, nr, accumulate);
                        } else {
                            float[] pa = at == null ? ap : at;
                            int aOff = at == null ? GemmPack.panelOffset((ir - full) / mr, kc, mr)
                                    : GemmPack.transposedAOffset(i / mr, pc, K, M, KC, mr);
                            if (rows == mr && cols == nr) {
                                GemmMicro.tile(pa, aOff, bp, bOff, kc, c, i * N + j0, N, accumulate);
                            } else {
                                GemmMicro.tile(pa, aOff, bp, bOff, kc, tile, 0, nr, false);
                                flush(tile, c, i, j0, rows, cols, N, nr, accumulate);
                            }
                        }
                    }
                }
            }
        }
    }

    /** C[i0 + r, j0 + jj] = (or +=) tile[r, jj] for the {@code rows x cols} corner of an edge tile. */
    private static void flush(float[] tile, float[] c, int i0, int j0, int rows, int cols, int ldc, int nr,
                              boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int co = (i0 + r) * ldc + j0;
            int to = r * nr;
            if (accumulate) {
                for (int jj = 0; jj < cols; jj++) c[co + jj] += tile[to + jj];
            } else {
                System.arraycopy(tile, to, c, co, cols);
            }
        }
    }

    /** c[:, from..to) for M < MR rows without packing: dot products (NT) or row updates (NN). */
    private static void fewRows(int layout, float[] a, float[] b, float[] c, int M, int N, int K, int from, int to) {
        int vl = S.length();
        if (layout == GemmPack.NT) {
            int kb = S.loopBound(K);
            for (int i = 0; i < M; i++) {
                for (int j = from; j < to; j++) {
                    FloatVector acc = FloatVector.zero(S);
                    int p = 0;
                    for (; p < kb; p += vl) {
                        acc = FloatVector.fromArray(S, a, i * K + p).fma(FloatVector.fromArray(S, b, j * K + p), acc);
                    }
                    float s = LaneSums.sum(acc);
                    for (; p < K; p++) s += a[i * K + p] * b[j * K + p];
                    c[i * N + j] = s;
                }
            }
            return;
        }
        int jb = from + S.loopBound(to - from);
        for (int i = 0; i < M; i++) {
            Arrays.fill(c, i * N + from, i * N + to, 0f);
            for (int p = 0; p < K; p++) {
                FloatVector aip = FloatVector.broadcast(S, a[i * K + p]);
                int j = from;
                for (; j < jb; j += vl) {
                    aip.fma(FloatVector.fromArray(S, b, p * N + j), FloatVector.fromArray(S, c, i * N + j))
                            .intoArray(c, i * N + j);
                }
                for (; j < to; j++) c[i * N + j] += a[i * K + p] * b[p * N + j];
            }
        }
    }
}
