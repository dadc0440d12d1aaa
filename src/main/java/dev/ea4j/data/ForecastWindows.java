package dev.ea4j.data;

/**
 * Stride-1 forecasting windows over one split: window {@code i} reads rows {@code [i, i + seqLen)} and predicts
 * rows {@code [i + seqLen, i + seqLen + horizon)}. An input row is the {@code inputs} columns, then (when
 * time features are on) the row's {@link TimeFeatures}; a target row is the {@code outputs} columns
 * (features S, M, MS: see {@link Features}). With {@code relative}, every value column of a window, input
 * and target, is taken minus its value at the last input step (time features are left alone); a model
 * predicting zeros is then the persistence forecast. A view: rows are copied only when a window is asked for.
 */
public final class ForecastWindows {

    private final float[][] rows;
    private final float[][] time;
    private final int[] inputs;
    private final int[] outputs;
    private final boolean timeInput;
    private final boolean relative;
    private final int seqLen;
    private final int horizon;
    private final int firstRow;

    /** All columns in, all out, absolute values, no time features (features M as TSLib feeds it). */
    public ForecastWindows(float[][] rows, int seqLen, int horizon, int firstRow) {
        this(rows, null, all(rows[0].length), all(rows[0].length), false, false, seqLen, horizon, firstRow);
    }

    /**
     * Windows over {@code rows [n][columns]} (row 0 is data row {@code firstRow} of the file), with the time
     * features {@code time [n][TimeFeatures.COUNT]} (may be null when {@code timeInput} is false).
     *
     * @throws IllegalArgumentException when {@code rows} is shorter than {@code seqLen + horizon} or an output
     *     column is not an input column (its last input value is the level)
     */
    public ForecastWindows(float[][] rows, float[][] time, int[] inputs, int[] outputs, boolean timeInput,
            boolean relative, int seqLen, int horizon, int firstRow) {
        if (seqLen < 1 || horizon < 1) {
            throw new IllegalArgumentException("seqLen and horizon must be >= 1, got " + seqLen + ", " + horizon);
        }
        if (rows.length < seqLen + horizon) {
            throw new IllegalArgumentException(rows.length + " rows are fewer than seqLen + horizon = "
                    + (seqLen + horizon));
        }
        if (timeInput && (time == null || time.length != rows.length)) {
            throw new IllegalArgumentException("time features need one row per data row");
        }
        this.rows = rows;
        this.time = time;
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        this.timeInput = timeInput;
        this.relative = relative;
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

    /** Width of an input row: input columns plus time features. */
    public int channels() {
        return inputs.length + (timeInput ? TimeFeatures.COUNT : 0);
    }

    /** Value columns per input row (without time features). */
    public int valueChannels() {
        return inputs.length;
    }

    /** Width of a target row (predicted columns). */
    public int outputs() {
        return outputs.length;
    }

    /** Whether windows are made relative to their last input step. */
    public boolean relative() {
        return relative;
    }

    /** Data row (0-based, in the file) of the first input step of window {@code i}. */
    public int fileRow(int i) {
        return firstRow + i;
    }

    /** The time features of input step {@code t} of window {@code i} (a view; null without time features). */
    public float[] time(int i, int t) {
        return time == null ? null : time[check(i) + t];
    }

    /** The standardised value of input column {@code k} at input step {@code t} of window {@code i} (absolute). */
    public float value(int i, int t, int k) {
        return rows[check(i) + t][inputs[k]];
    }

    /** The value of predicted column {@code o} at window {@code i}'s last input step (the persistence forecast). */
    public float last(int i, int o) {
        return rows[check(i) + seqLen - 1][outputs[o]];
    }

    /** A copy of window {@code i}'s input {@code [seqLen][channels()]}. */
    public float[][] input(int i) {
        float[] flat = new float[seqLen * channels()];
        fillInput(i, flat, 0);
        return unflatten(flat, seqLen);
    }

    /** A copy of window {@code i}'s target {@code [horizon][outputs()]}. */
    public float[][] target(int i) {
        float[] flat = new float[horizon * outputs.length];
        fillTarget(i, flat, 0);
        return unflatten(flat, horizon);
    }

    /** Writes window {@code i}'s input, row-major {@code [seqLen * channels()]}, into {@code dst} at {@code off}. */
    public void fillInput(int i, float[] dst, int off) {
        encodeInput(rows, timeInput ? time : null, check(i), seqLen, inputs, relative, dst, off);
    }

    /** Writes window {@code i}'s target, row-major {@code [horizon * outputs()]}, into {@code dst} at {@code off}. */
    public void fillTarget(int i, float[] dst, int off) {
        fillTarget(i, check(i) + seqLen, dst, off);
    }

    /**
     * Writes the targets of every input step of window {@code i}, row-major {@code [seqLen][horizon * outputs()]},
     * into {@code dst} at {@code off}: step t's target is the {@code horizon} rows after it (absolute windows only;
     * the last step's is {@link #fillTarget}'s).
     */
    public void fillStepTargets(int i, float[] dst, int off) {
        if (relative) throw new IllegalStateException("per-step targets need absolute windows, these are relative");
        int per = horizon * outputs.length;
        for (int t = 0; t < seqLen; t++) fillTarget(i, check(i) + t + 1, dst, off + t * per);
    }

    /** The {@code horizon} target rows of window {@code i} from data row {@code from} (relative to its level). */
    private void fillTarget(int i, int from, float[] dst, int off) {
        int O = outputs.length;
        for (int h = 0; h < horizon; h++) {
            for (int o = 0; o < O; o++) {
                dst[off + h * O + o] = rows[from + h][outputs[o]] - (relative ? last(i, o) : 0f);
            }
        }
    }

    /** Adds window {@code i}'s levels back to a relative prediction {@code [horizon * outputs()]} at {@code off}. */
    public void restoreLevel(int i, float[] pred, int off) {
        if (!relative) return;
        int O = outputs.length;
        for (int h = 0; h < horizon; h++) for (int o = 0; o < O; o++) pred[off + h * O + o] += last(i, o);
    }

    /**
     * The model input for rows {@code [from, from + L)}: per step the {@code inputs} columns (minus their value
     * at step {@code L - 1} when {@code relative}), then the row's time features when {@code time} is not null.
     */
    public static void encodeInput(float[][] rows, float[][] time, int from, int L, int[] inputs, boolean relative,
            float[] dst, int off) {
        int width = inputs.length + (time != null ? TimeFeatures.COUNT : 0);
        float[] level = rows[from + L - 1];
        for (int t = 0; t < L; t++) {
            int base = off + t * width;
            for (int k = 0; k < inputs.length; k++) {
                dst[base + k] = rows[from + t][inputs[k]] - (relative ? level[inputs[k]] : 0f);
            }
            if (time != null) System.arraycopy(time[from + t], 0, dst, base + inputs.length, TimeFeatures.COUNT);
        }
    }

    private int check(int i) {
        if (i < 0 || i >= count()) throw new IndexOutOfBoundsException("window " + i + " of " + count());
        return i;
    }

    private static float[][] unflatten(float[] flat, int n) {
        int w = flat.length / n;
        float[][] out = new float[n][];
        for (int t = 0; t < n; t++) out[t] = java.util.Arrays.copyOfRange(flat, t * w, (t + 1) * w);
        return out;
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }
}
