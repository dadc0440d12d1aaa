package dev.ea4j.data;

import dev.ea4j.data.ForecastSplits.Layout;
import dev.ea4j.data.ForecastSplits.Part;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A forecasting table split the TSLib way and standardised per column with statistics of the training
 * rows only (TSLib's {@code scale=True}; per-column statistics, so features S/MS/M share them).
 * {@link #windows} gives the stride-1 windows of each part with the columns {@code features} selects;
 * {@link #scaler()} maps model outputs back to the original scale for metrics.
 *
 * @param table the raw table (original scale, with dates)
 * @param splits the row ranges
 * @param scaler fitted on {@code table} rows {@code [0, splits.trainEnd())}, all columns
 * @param horizon the prediction length
 * @param features which columns go in and come out
 * @param target the target column's index (features S and MS)
 * @param time the {@link TimeFeatures} of every row, or null when the dates were not read
 */
public record ForecastDataset(CsvTable table, ForecastSplits splits, Standardizer scaler, int horizon,
                              Features features, int target, float[][] time) {

    /** Loads {@code csv} with the layout chosen by its file name ({@link Layout#forFileName}), features M. */
    public static ForecastDataset load(Path csv, int seqLen, int horizon) throws IOException {
        return load(csv, Layout.forFileName(csv.getFileName().toString()), seqLen, horizon);
    }

    /** Loads {@code csv} (layout by file name) with {@code features} and target column {@code target}. */
    public static ForecastDataset load(Path csv, int seqLen, int horizon, Features features, String target)
            throws IOException {
        return of(CsvTable.read(csv), Layout.forFileName(csv.getFileName().toString()), seqLen, horizon, features,
                target);
    }

    /**
     * Splits and scales {@code table}, reads the time features of its dates and resolves {@code target}.
     *
     * @throws DataFormatException for a short table or an unreadable date
     * @throws IllegalArgumentException when the table has no column {@code target}
     */
    public static ForecastDataset of(CsvTable table, Layout layout, int seqLen, int horizon, Features features,
            String target) throws DataFormatException {
        int t = table.columns().indexOf(target);
        if (t < 0) {
            throw new IllegalArgumentException(table.source() + " has no column '" + target + "' (--target); columns: "
                    + table.columns());
        }
        ForecastDataset base = of(table, layout, seqLen, horizon);
        float[][] time;
        try {
            time = TimeFeatures.of(table.dates());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(table.source(), e.getMessage());
        }
        return new ForecastDataset(table, base.splits, base.scaler, horizon, features, t, time);
    }

    /** Loads {@code csv} with an explicit layout. */
    public static ForecastDataset load(Path csv, Layout layout, int seqLen, int horizon) throws IOException {
        return of(CsvTable.read(csv), layout, seqLen, horizon);
    }

    /**
     * Splits and scales {@code table}.
     *
     * @throws DataFormatException naming the file and its last line when the table is too short for the layout,
     *     or any part has fewer than {@code seqLen + horizon} rows
     */
    public static ForecastDataset of(CsvTable table, Layout layout, int seqLen, int horizon) throws DataFormatException {
        if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        ForecastSplits s;
        try {
            s = ForecastSplits.of(layout, table.rows(), seqLen);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(table.source(), table.lastLine(), "too few rows: " + e.getMessage());
        }
        for (Part p : Part.values()) {
            if (s.windows(p, horizon) < 1) {
                throw new DataFormatException(table.source(), table.lastLine(), "too few rows: the " + p
                        + " part has " + (s.end(p) - s.start(p)) + " rows of " + table.rows()
                        + ", fewer than seqLen + horizon = " + (seqLen + horizon));
            }
        }
        Standardizer scaler = Standardizer.fit(List.<float[][]>of(
                Arrays.copyOfRange(table.values(), s.trainStart(), s.trainEnd())), table.columns().size());
        return new ForecastDataset(table, s, scaler, horizon, Features.M, table.columns().size() - 1, null);
    }

    /** Number of channels (numeric columns). */
    public int channels() {
        return table.columns().size();
    }

    /** The standardised rows of {@code part}, {@code [end - start][channels]} (a fresh copy). */
    public float[][] scaled(Part part) {
        return scaler.transform(Arrays.copyOfRange(table.values(), splits.start(part), splits.end(part)));
    }

    /** Indices of the input columns. */
    public int[] inputColumns() {
        return features.inputs(channels(), target);
    }

    /** Indices of the predicted columns. */
    public int[] outputColumns() {
        return features.outputs(channels(), target);
    }

    /** Stride-1 windows over the standardised rows of {@code part}: absolute values, no time features. */
    public ForecastWindows windows(Part part) {
        return windows(part, false, false);
    }

    /** Stride-1 windows of {@code part}, with time features in the input and made relative to the last step as asked. */
    public ForecastWindows windows(Part part, boolean timeInput, boolean relative) {
        int from = splits.start(part), to = splits.end(part);
        if (timeInput && time == null) throw new IllegalStateException("this dataset was loaded without time features");
        return new ForecastWindows(scaled(part), time == null ? null : Arrays.copyOfRange(time, from, to),
                inputColumns(), outputColumns(), timeInput, relative, splits.seqLen(), horizon, from);
    }
}
