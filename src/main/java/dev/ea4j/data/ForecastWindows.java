package dev.ea4j.data;

/**
 * Stride-1 forecasting windows over one split (multivariate to multivariate): window {@code i} has input
 * rows {@code [i, i + seqLen)} and target rows {@code [i + seqLen, i + seqLen + horizon)}, all channels.
 * A view: no rows are copied until a window is asked for.
 */
public final class ForecastWindows {

    private final float[][] rows;
    private final int seqLen;
    private final int horizon;
    private final int firstRow;

    /**
     * Windows over {@code rows [n][channels]}, whose row 0 is data row {@code firstRow} of the file.
     *
     * @throws IllegalArgumentException when {@code rows} is shorter than {@code seqLen + horizon}
     */
    public ForecastWindows(float[][] rows, int seqLen, int horizon, int firstRow) {
        if (seqLen < 1 || horizon < 1) {
            throw new IllegalArgumentException("seqLen and horizon must be >= 1, got " + seqLen + ", " + horizon);
        }
        if (rows.length < seqLen + horizon) {
            throw new IllegalArgumentException(rows.length + " rows are fewer than seqLen + horizon = "
                    + (seqLen + horizon));
        }
        this.rows = rows;
        this.seqLen = seqLen;
        this.horizon = horizon;
        this.firstRow = firstRow;
    }

    /** Number of windows: {@code rows - seqLen - horizon + 1}. */
    public int count() {
        return rows.length - seqLen - horizon + 1;
    }

    /** Input length. */
    public int seqLen() {
        return seqLen;
    }

    /** Target length. */
    public int horizon() {
        return horizon;
    }

    /** Channels per time step. */
    public int channels() {
        return rows[0].length;
    }

    /** Data row (0-based, in the file) of the first input step of window {@code i}. */
    public int fileRow(int i) {
        return firstRow + i;
    }

    /** A copy of window {@code i}'s input {@code [seqLen][channels]}. */
    public float[][] input(int i) {
        return copy(check(i), seqLen);
    }

    /** A copy of window {@code i}'s target {@code [horizon][channels]}. */
    public float[][] target(int i) {
        return copy(check(i) + seqLen, horizon);
    }

    /** Writes window {@code i}'s input, row-major {@code [seqLen * channels]}, into {@code dst} at {@code off}. */
    public void fillInput(int i, float[] dst, int off) {
        fill(check(i), seqLen, dst, off);
    }

    /** Writes window {@code i}'s target, row-major {@code [horizon * channels]}, into {@code dst} at {@code off}. */
    public void fillTarget(int i, float[] dst, int off) {
        fill(check(i) + seqLen, horizon, dst, off);
    }

    private int check(int i) {
        if (i < 0 || i >= count()) throw new IndexOutOfBoundsException("window " + i + " of " + count());
        return i;
    }

    private float[][] copy(int from, int n) {
        float[][] out = new float[n][];
        for (int t = 0; t < n; t++) out[t] = rows[from + t].clone();
        return out;
    }

    private void fill(int from, int n, float[] dst, int off) {
        int c = rows[0].length;
        for (int t = 0; t < n; t++) System.arraycopy(rows[from + t], 0, dst, off + t * c, c);
    }
}
