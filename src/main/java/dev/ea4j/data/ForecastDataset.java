package dev.ea4j.data;

import dev.ea4j.data.ForecastSplits.Layout;
import dev.ea4j.data.ForecastSplits.Part;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A forecasting table split the TSLib way and standardised per column with statistics of the training
 * rows only (TSLib's {@code scale=True}, features {@code M}). {@link #windows} gives the stride-1
 * {@code (input [seqLen, C], target [horizon, C])} windows of each part; {@link #scaler()} maps model
 * outputs back to the original scale for metrics.
 *
 * @param table the raw table (original scale, with dates)
 * @param splits the row ranges
 * @param scaler fitted on {@code table} rows {@code [0, splits.trainEnd())}
 * @param horizon the prediction length
 */
public record ForecastDataset(CsvTable table, ForecastSplits splits, Standardizer scaler, int horizon) {

    /** Loads {@code csv} with the layout chosen by its file name ({@link Layout#forFileName}). */
    public static ForecastDataset load(Path csv, int seqLen, int horizon) throws IOException {
        return load(csv, Layout.forFileName(csv.getFileName().toString()), seqLen, horizon);
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
        return new ForecastDataset(table, s, scaler, horizon);
    }

    /** Number of channels (numeric columns). */
    public int channels() {
        return table.columns().size();
    }

    /** The standardised rows of {@code part}, {@code [end - start][channels]} (a fresh copy). */
    public float[][] scaled(Part part) {
        return scaler.transform(Arrays.copyOfRange(table.values(), splits.start(part), splits.end(part)));
    }

    /** Stride-1 windows over the standardised rows of {@code part}. */
    public ForecastWindows windows(Part part) {
        return new ForecastWindows(scaled(part), splits.seqLen(), horizon, splits.start(part));
    }
}
