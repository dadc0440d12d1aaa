package dev.ea4j.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * c[M, N] = op(a) op(b) on the Vector API, GotoBLAS-style: packed panels, cache blocking and a register tile
 * ({@link GemmMicro}); the layouts differ only in how {@link GemmPack} reads the operands.
 *
 * <pre>
 *   NN, NT: pack op(b) once per call into NR-wide column panels [K][NR]   (parallel over K, or panels for b^T)
 *     per thread, over its rows (or, with few rows, its column panels):
 *       for each MC-row block, for each KC-deep slice of K:
 *         a is read in place; its edge rows packed into [KC][MR]
 *         for each column panel (its [KC][NR] slice stays in L1), for each row panel:
 *           C[MR, NR] (+)= Ap^T Bp  straight into c; edge tiles go through a scratch tile
 *   TN (weight gradients): each thread packs what it reads itself, no shared packing; threads split the rows,
 *   or the column panels when a slice of all of them would not fit {@link #SLICE_BYTES}
 *     for each KC-deep slice: pack the slice of its column panels of b, then for each MC-row block pack
 *     that block of a^T, and run the same panel loops
 * </pre>
 *
 * In TN the packed operands stay in the thread's own L2: a shared whole-call pack wrote both out and read them
 * back (25 % of the time at 256 x 256 x 1024 on a Zen 5), and TN ran 1.15-1.3x slower with it. Packing buffers are
 * reused per thread ({@link ThreadLocal}); a packed b above {@link #KEEP_B_FLOATS} floats is allocated per
 * call instead of being kept.
 */
final class CpuGemm {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;
    /** Rows per block of a thread's rows. */
    static final int MC = GemmMicro.MR * 32;
    /** Depth of a K slice: a column panel's [KC][NR] slice (32 KiB) stays in L1 (64-wide panels at 256 did not, 0.8x). */
    static final int KC = GemmMicro.NR >= 64 ? 128 : 256;
    /** Largest K slice of b one thread packs for TN before the threads split the columns (half a Zen 2 core's L2). */
    static final int SLICE_BYTES = 512 << 10;
    /** Largest packed b kept between calls (32 MiB). */
    static final int KEEP_B_FLOATS = 8 << 20;

    /** Per-thread packing buffers. */
    private static final class Scratch {
        float[] ap = new float[GemmPack.panelOffset(1, KC, GemmMicro.MR)];
        final float[] tile = new float[GemmMicro.MR * GemmMicro.NR];
        float[] bp = new float[0];
        /** TN: this thread's column panels of one K slice of b. */
        float[] bSlice = new float[0];
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
        int rowPanels = (M + mr - 1) / mr;
        boolean byRows = rowPanels >= 2 * pool.threads() || panels == 1;
        if (layout == GemmPack.TN) {
            // the rows' split packs a K slice of every column panel per thread: past SLICE_BYTES (AVX2's 16-wide
            // panels at N = 1024: 1 MiB) it leaves L2, and splitting the columns halves it
            boolean sliceFits = 4L * panels * KC * nr <= SLICE_BYTES;
            if (byRows && (sliceFits || panels < 2 * pool.threads())) {
                pool.parallelFor(rowPanels, (from, to) ->
                        transposedBlock(a, b, c, from * mr, Math.min(M, to * mr), 0, panels, M, N, K));
            } else {
                pool.parallelFor(panels, (from, to) -> transposedBlock(a, b, c, 0, M, from, to, M, N, K));
            }
            return;
        }
        float[] bp = packedB(panels * K * nr);
        if (layout == GemmPack.NT) {
            pool.parallelFor(panels, (from, to) -> GemmPack.packTransposedB(b, bp, from, to, N, K, nr));
        } else {
            pool.parallelFor(K, (from, to) -> GemmPack.packB(b, bp, from, to, 0, K, 0, panels, N, nr));
        }
        if (byRows) {
            pool.parallelFor(rowPanels, (from, to) ->
                    block(a, bp, c, from * mr, Math.min(M, to * mr), 0, panels, M, N, K));
        } else {
            pool.parallelFor(panels, (from, to) -> block(a, bp, c, 0, M, from, to, M, N, K));
        }
    }

    /** The calling thread's packed-b buffer of at least n floats (a fresh one when n is above the cap). */
    private static float[] packedB(int n) {
        if (n > KEEP_B_FLOATS) return new float[n];
        Scratch s = SCRATCH.get();
        if (s.bp.length < n) s.bp = new float[n];
        return s.bp;
    }

    /** Rows [rowFrom, rowTo) x column panels [panelFrom, panelTo) of c = a b or a b^T, from the packed op(b). */
    private static void block(float[] a, float[] bp, float[] c, int rowFrom, int rowTo, int panelFrom, int panelTo,
                              int M, int N, int K) {
        int mr = GemmMicro.MR, nr = GemmMicro.NR;
        Scratch s = SCRATCH.get();
        float[] ap = s.ap, tile = s.tile;
        for (int ic = rowFrom; ic < rowTo; ic += MC) {
            int mc = Math.min(MC, rowTo - ic);
            for (int pc = 0; pc < K; pc += KC) {
                int kc = Math.min(KC, K - pc);
                boolean accumulate = pc > 0;
                int full = mc / mr * mr;
                // rows [ic + full, ic + mc) packed as one panel at the start of ap
                if (full < mc) GemmPack.packA(a, ap, ic + full, mc - full, pc, kc, K, mr);
                for (int jp = panelFrom; jp < panelTo; jp++) {
                    int j0 = jp * nr;
                    int cols = Math.min(nr, N - j0);
                    int bOff = (jp * K + pc) * nr;
                    for (int ir = 0; ir < mc; ir += mr) {
                        int i = ic + ir;
                        if (ir < full && cols == nr) {
                            GemmMicro.tileRows(a, i * K + pc, K, bp, bOff, kc, c, i * N + j0, N, accumulate);
                        } else if (ir < full) {
                            GemmMicro.tileRows(a, i * K + pc, K, bp, bOff, kc, tile, 0, nr, false);
                            flush(tile, c, i, j0, mr, cols, N, nr, accumulate);
                        } else {
                            tile(ap, 0, bp, bOff, kc, tile, c, i, j0, mc - ir, cols, N, accumulate);
                        }
                    }
                }
            }
        }
    }

    /**
     * Rows [rowFrom, rowTo) x column panels [panelFrom, panelTo) of c = a^T b on the calling thread, which packs
     * each K slice of its panels of b, and each MC x KC block of a^T, into its own buffers.
     */
    private static void transposedBlock(float[] a, float[] b, float[] c, int rowFrom, int rowTo, int panelFrom,
                                        int panelTo, int M, int N, int K) {
        int mr = GemmMicro.MR, nr = GemmMicro.NR;
        Scratch s = SCRATCH.get();
        int apSize = GemmPack.panelOffset((Math.min(MC, rowTo - rowFrom) + mr - 1) / mr, KC, mr);
        if (s.ap.length < apSize) s.ap = new float[apSize];
        if (s.bSlice.length < (panelTo - panelFrom) * KC * nr) s.bSlice = new float[(panelTo - panelFrom) * KC * nr];
        float[] ap = s.ap, bs = s.bSlice, tile = s.tile;
        for (int pc = 0; pc < K; pc += KC) {
            int kc = Math.min(KC, K - pc);
            boolean accumulate = pc > 0;
            GemmPack.packB(b, bs, pc, pc + kc, pc, kc, panelFrom, panelTo, N, nr);
            for (int ic = rowFrom; ic < rowTo; ic += MC) {
                int mc = Math.min(MC, rowTo - ic);
                GemmPack.packTransposedA(a, ap, ic, mc, pc, kc, M, mr);
                for (int jp = panelFrom; jp < panelTo; jp++) {
                    int j0 = jp * nr;
                    int bOff = (jp - panelFrom) * kc * nr;
                    for (int ir = 0; ir < mc; ir += mr) {
                        tile(ap, GemmPack.panelOffset(ir / mr, kc, mr), bs, bOff, kc, tile, c, ic + ir, j0,
                                Math.min(mr, mc - ir), Math.min(nr, N - j0), N, accumulate);
                    }
                }
            }
        }
    }

    /** One tile of packed a and b into c[i, j0], through the scratch tile when it is a {@code rows x cols} edge. */
    private static void tile(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] tile, float[] c, int i,
                             int j0, int rows, int cols, int N, boolean accumulate) {
        if (rows == GemmMicro.MR && cols == GemmMicro.NR) {
            GemmMicro.tile(ap, aOff, bp, bOff, kc, c, i * N + j0, N, accumulate);
        } else {
            GemmMicro.tile(ap, aOff, bp, bOff, kc, tile, 0, GemmMicro.NR, false);
            flush(tile, c, i, j0, rows, cols, N, GemmMicro.NR, accumulate);
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
