package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import jdk.incubator.vector.FloatVector;

/**
 * Where the causal forward reads one thread's chunk of rows of q, k, v: from the arrays themselves (rows D floats
 * apart), or, for inputs too large for the caches, from block-major copies ("panels") in which element (block t,
 * row r, lane) of a chunk sits at (t * R + r) * VL, so that a block's scan reads consecutive vectors instead of rows
 * D floats apart (a stride the hardware prefetchers do not follow across pages). While the scans work on one chunk,
 * the next chunk moves into the spare panels, {@link #R} lines (VL floats of q, k and v) after each block's scan, in
 * row-major order: sequential streams that the prefetchers run ahead of, so the memory traffic overlaps the
 * arithmetic. y is written straight to its array.
 *
 * <p>Per chunk: {@link #begin} returns its rows; the scans read {@link #q}, {@link #k}, {@link #v} at
 * {@link #offset}, rows {@link #stride} apart; {@link #move} after each block; {@link #end} finishes the move and
 * swaps the panels.
 */
final class PanelReader {

    /**
     * Rows per chunk read from panels. Measured on Zen5 (2 threads, B = 1, L = 4096, D = 768, EA-6, medians in one
     * JVM): 32 rows 2.12 ms, 16 rows 2.28, 64 rows 2.50, 8 rows 2.59.
     */
    static final int PANEL_ROWS = 32;

    /**
     * Rows per chunk read in place. Same measurement: 128 beat 16 by 1.2-1.4x and 32, 64, 512 and all of L by
     * 5-25% (longer runs let the prefetchers follow a block's stride).
     */
    static final int DIRECT_ROWS = 128;

    /**
     * EA-2 and EA-6 inputs larger than this (q, k, v and y together) go through panels: none by default now. On the
     * Zen 5 on 2026-12-06 the causal forward ran 1.4-2x faster in place at the bench's sizes (B = 1 and 4, L = 4096,
     * D = 768, EA-2 and EA-6, six alternating bench runs: 1.9-2.7 against 3.2-4.5 ms at B = 1, 8.5-9.8 against
     * 12.4-13.8 at B = 4; bench/results/cpu-ea-saved-2026-12-06/panels; the training forward 4.1-4.6 against 5.2-6.3
     * ms, medians of 21 calls in four interleaved runs), where the same machine kind had read panels
     * 1.15-1.3x faster at L = 4096 (1.3x slower at L = 512) a day earlier, with a 24 MiB threshold. On the 2-core
     * Zen2 (AVX2, 16 MB L3; B = 1, L = 4096, D = 768, medians of 30 calls) panels made the causal forward faster for
     * both orders: EA-2 7.14 against 8.55 ms on two threads, 12.1 against 16.6 on one; EA-6 9.21 against 10.87 and
     * 16.7 against 21.1. On the 2-core Zen 4 (EPYC family 25 model 17) on 2026-12-06 panels were faster: EA-6
     * forward 4.4-4.9 against 5.8-6.2 ms (three alternating bench runs; bench/results/cpu-ea-panels-2026-12-06). A
     * per-machine choice, so {@value #PROPERTY} sets it ({@code never}, the default, or {@code always}); the tests
     * force panels to keep them bit-identical to the in-place scan.
     */
    static final long PANEL_BYTES = panelBytes(System.getProperty(PanelReader.PROPERTY, "never").trim());

    /** System property: {@code always} reads the causal EA-2 and EA-6 forwards through panels, {@code never} in place. */
    static final String PROPERTY = "ea4j.cpu.panels";

    /** The panel threshold a {@value #PROPERTY} setting means. */
    static long panelBytes(String setting) {
        return switch (setting) {
            case "never" -> Long.MAX_VALUE;
            case "always" -> 0;
            default -> throw new IllegalArgumentException(PROPERTY + " must be never or always, got " + setting);
        };
    }

    private final float[] bq, bk, bv;
    private final int origin, L, D, blocks;
    private final boolean panels;
    /** Rows per chunk; floats between a block's rows in {@link #q}. */
    final int R, stride;
    /** The current chunk's q, k, v: the panels, or the arrays themselves. */
    float[] q, k, v;
    private float[] nq, nk, nv;
    /** Move cursor: lines left, source element, panel element, block within the row. */
    private int left, src, dst, block;
    private int chunkStart;

    /** A thread's view of {@code blocks} blocks of channels from element {@code origin} (row 0) of [B, L, D] arrays. */
    PanelReader(float[] q, float[] k, float[] v, int origin, int L, int D, int blocks, boolean panels) {
        this.bq = q; this.bk = k; this.bv = v;
        this.origin = origin; this.L = L; this.D = D; this.blocks = blocks;
        this.panels = panels;
        this.R = Math.min(panels ? PANEL_ROWS : DIRECT_ROWS, L);
        this.stride = panels ? VL : D;
        if (panels) {
            float[][] b = buffers(blocks * R * VL);
            nq = b[0]; nk = b[1]; nv = b[2];
            this.q = b[3]; this.k = b[4]; this.v = b[5];
            start(0);
            end();
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
        if (panels) start(i0 + R);
        return Math.min(R, L - i0);
    }

    /** Element of block t's first row of the current chunk in {@link #q}, {@link #k}, {@link #v}. */
    int offset(int t) {
        return panels ? t * R * VL : arrayOffset(t);
    }

    /** Element of block t's first row of the current chunk in the [B, L, D] arrays (where y goes). */
    int arrayOffset(int t) {
        return origin + chunkStart * D + t * VL;
    }

    /** One block's share of the next chunk's move: up to R lines. */
    void move() {
        for (int i = 0; i < R && left > 0; i++) {
            FloatVector.fromArray(S, bq, src).intoArray(nq, dst);
            FloatVector.fromArray(S, bk, src).intoArray(nk, dst);
            FloatVector.fromArray(S, bv, src).intoArray(nv, dst);
            left--;
            src += VL;
            dst += R * VL;
            if (++block == blocks) {
                block = 0;
                src += D - blocks * VL;
                dst -= blocks * R * VL - VL;
            }
        }
    }

    /** Finishes the chunk begun last: the rest of the move, then the moved chunk becomes the current one. */
    void end() {
        if (!panels) return;
        while (left > 0) move();
        float[] t = q; q = nq; nq = t;
        t = k; k = nk; nk = t;
        t = v; v = nv; nv = t;
    }

    private void start(int row) {
        left = Math.max(0, Math.min(R, L - row)) * blocks;
        src = origin + row * D;
        dst = 0;
        block = 0;
    }
}
