package dev.ea4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Where the causal scans of {@link CpuEaSeriesFixed} read one thread's chunk of rows of q, k, v: from the arrays
 * themselves (rows D floats apart), or, for inputs too large for the caches, from block-major copies ("panels")
 * in which element (block t, row r, lane) of a chunk sits at (t * R + r) * VL, so that a block's scan down its
 * rows reads consecutive vectors instead of rows D floats apart (a stride the hardware prefetchers do not follow
 * across pages). While the scans work on one chunk, the next chunk's rows move into the spare panels a line
 * (VL floats of q, k and v) per scan step, in row-major order: sequential streams that the prefetchers run
 * ahead of, so the memory traffic overlaps the arithmetic. The scans write y straight to its array.
 *
 * <p>Per chunk: {@link #begin} returns its rows and starts the next chunk's move; the scans read
 * {@link #q}, {@link #k}, {@link #v} at {@link #offset}, rows {@link #stride} apart, and call {@link #step}
 * once per row (or, in {@link CpuEaSeriesFixed#scan6}, run the same move on local copies of the cursors);
 * {@link #end} finishes the move and swaps the panels.
 */
final class ChunkPanels {

    static final VectorSpecies<Float> S = CpuVectorMath.S;
    static final int VL = S.length();

    /**
     * Rows per chunk read from panels. Measured on Zen5 (2 threads, B = 1, L = 4096, D = 768, EA-6, medians
     * in one JVM): 32 rows 2.12 ms, 16 rows 2.28, 64 rows 2.50, 8 rows 2.59.
     */
    static final int PANEL_ROWS = 32;

    /**
     * Rows per chunk read in place. Same measurement: 128 beat 16 by 1.2-1.4x and 32, 64, 512 and all of L by
     * 5-25% (longer runs let the prefetchers follow a block's stride; pre-touching the next chunk was slower).
     */
    static final int DIRECT_ROWS = 128;

    /**
     * EA-6 inputs larger than this (q, k, v and y together) go through panels. Below it they stay in the
     * last-level cache between calls and the copies cost more than they save. Measured at B = 1, D = 768
     * (2 threads, Zen5 with 32 MB of L3): panels 1.15-1.3x faster at L = 4096 (50 MB), 1.3x slower at L = 512
     * (6 MB). EA-2 does too little arithmetic per row to hide the copies (0.76-1.0x at L = 4096) and reads in
     * place.
     */
    static final long PANEL_BYTES = 24L << 20;

    /** The thread's arrays ([B, L, D]) and its first element (row 0 of its first block). */
    final float[] bq, bk, bv;
    final int origin, L, D, blocks;
    /** Whether rows come from panels; rows per chunk; floats between a block's rows in {@link #q}. */
    final boolean panels;
    final int R, stride;

    /** The current chunk's q, k, v: the panels, or the arrays themselves. */
    float[] q, k, v;
    /** The panels the next chunk moves into. */
    float[] nq, nk, nv;

    /** Move cursor: lines left, source element, panel element, block within the row. */
    int inLeft, inSrc, inDst, inBlock;

    private int chunkStart;

    /** A thread's view of {@code blocks} blocks of channels from element {@code origin} (row 0) of [B, L, D] arrays. */
    ChunkPanels(float[] q, float[] k, float[] v, int origin, int L, int D, int blocks, boolean panels) {
        this.bq = q; this.bk = k; this.bv = v;
        this.origin = origin; this.L = L; this.D = D; this.blocks = blocks;
        this.panels = panels;
        this.R = Math.min(panels ? PANEL_ROWS : DIRECT_ROWS, L);
        this.stride = panels ? VL : D;
        if (panels) {
            float[][] b = buffers(blocks * R * VL);
            this.nq = b[0]; this.nk = b[1]; this.nv = b[2];
            this.q = b[3]; this.k = b[4]; this.v = b[5];
            moveIn(0);
            finishMove();
        } else {
            this.q = q; this.k = k; this.v = v;
        }
    }

    /** Each thread's six panels, kept between calls (every row a chunk uses is written before it is read). */
    private static final ThreadLocal<float[][]> BUFFERS = new ThreadLocal<>();

    private static float[][] buffers(int n) {
        float[][] b = BUFFERS.get();
        if (b == null || b[0].length < n) {
            b = new float[6][n];
            BUFFERS.set(b);
        }
        return b;
    }

    /** Starts the chunk at row i0 (and the next chunk's move); returns its rows. */
    int begin(int i0) {
        chunkStart = i0;
        if (panels) moveIn(i0 + R);
        return Math.min(R, L - i0);
    }

    /** Element of block t's first row of the current chunk in {@link #q}, {@link #k}, {@link #v}. */
    int offset(int t) {
        return panels ? t * R * VL : origin + chunkStart * D + t * VL;
    }

    /** Element of block t's first row of the current chunk in the [B, L, D] arrays (where y goes). */
    int arrayOffset(int t) {
        return origin + chunkStart * D + t * VL;
    }

    /** One line of the move, if any is left. */
    void step() {
        if (inLeft > 0) lineIn();
    }

    /** Finishes the chunk begun last: the rest of the move, then the swap. */
    void end() {
        if (panels) finishMove();
    }

    /** The rest of the move, then the moved chunk becomes the current one. */
    private void finishMove() {
        while (inLeft > 0) lineIn();
        float[] t = q; q = nq; nq = t;
        t = k; k = nk; nk = t;
        t = v; v = nv; nv = t;
    }

    private void moveIn(int row) {
        inLeft = Math.max(0, Math.min(R, L - row)) * blocks;
        inSrc = origin + row * D;
        inDst = 0;
        inBlock = 0;
    }

    private void lineIn() {
        FloatVector.fromArray(S, bq, inSrc).intoArray(nq, inDst);
        FloatVector.fromArray(S, bk, inSrc).intoArray(nk, inDst);
        FloatVector.fromArray(S, bv, inSrc).intoArray(nv, inDst);
        inLeft--;
        inSrc += VL;
        inDst += R * VL;
        if (++inBlock == blocks) {
            inBlock = 0;
            inSrc += D - blocks * VL;
            inDst -= blocks * R * VL - VL;
        }
    }
}
