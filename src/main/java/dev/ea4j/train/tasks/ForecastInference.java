package dev.ea4j.train.tasks;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ea4j.data.CsvTable;
import dev.ea4j.data.Features;
import dev.ea4j.data.ForecastWindows;
import dev.ea4j.data.Standardizer;
import dev.ea4j.data.TimeFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code ea4j forecast} needs to feed a saved forecaster the way {@link ForecastTask} trained it: the
 * columns, features and target, time features, relative windows, whether it is a streaming model (absolute
 * inputs, a forecast after every step; see {@link dev.ea4j.model.TaskKind#STREAM_FORECAST}) and the training
 * statistics, read from the saved inference information (models saved before features existed read as features
 * M, no time features; before streaming models existed, as window models).
 */
public record ForecastInference(List<String> columns, Features features, int target, boolean time, boolean relative,
                                Standardizer scaler, int inputLength, int horizon, boolean streaming) {

    /** The {@code time_features} value of models trained with {@link TimeFeatures}. */
    static final String TIME_FEATURES = "hour-of-day-24+day-of-week-7";

    /** Reads the inference information saved with a forecast model. */
    public static ForecastInference of(JsonObject info, int inputLength) {
        List<String> cols = new ArrayList<>();
        for (var e : info.getAsJsonArray("columns")) cols.add(e.getAsString());
        Features f = info.has("features") ? Features.parse(info.get("features").getAsString()) : Features.M;
        int target = info.has("target") ? cols.indexOf(info.get("target").getAsString()) : cols.size() - 1;
        boolean time = info.has("time_features") && info.get("time_features").getAsString().equals(TIME_FEATURES);
        if (info.has("time_features") && !time && !info.get("time_features").getAsString().equals("none")) {
            throw new IllegalArgumentException("unknown time features '" + info.get("time_features").getAsString() + "'");
        }
        boolean relative = !info.has("relative_to_last_step") || info.get("relative_to_last_step").getAsBoolean();
        Standardizer s = Standardizer.of(doubles(info.getAsJsonArray("mean")), doubles(info.getAsJsonArray("std")));
        boolean streaming = info.has("streaming") && info.get("streaming").getAsBoolean();
        return new ForecastInference(List.copyOf(cols), f, target, time, relative, s, inputLength,
                info.get("horizon").getAsInt(), streaming);
    }

    /** Names of the predicted columns. */
    public List<String> outputNames() {
        return names(features.outputs(columns.size(), target));
    }

    /** Names of the input columns (without time features). */
    public List<String> inputNames() {
        return names(inputColumns());
    }

    /** Indices of the input columns in {@link #columns()}. */
    public int[] inputColumns() {
        return features.inputs(columns.size(), target);
    }

    /** Indices of the predicted columns in {@link #columns()}. */
    public int[] outputColumns() {
        return features.outputs(columns.size(), target);
    }

    /** Width of one model input row: input columns plus time features. */
    public int inputWidth() {
        return inputColumns().length + (time ? TimeFeatures.COUNT : 0);
    }

    private List<String> names(int[] idx) {
        List<String> out = new ArrayList<>();
        for (int c : idx) out.add(columns.get(c));
        return out;
    }

    /**
     * The model input {@code [L * width]} from the last {@code L} rows of {@code table}.
     *
     * @throws IllegalArgumentException when the table's columns differ from the model's or it is too short
     */
    public float[] input(CsvTable table) {
        if (!table.columns().equals(columns)) {
            throw new IllegalArgumentException(table.source() + " has columns " + table.columns()
                    + ", the model was trained on " + columns);
        }
        if (table.rows() < inputLength) {
            throw new IllegalArgumentException(table.source() + " has " + table.rows() + " rows, the model needs the last "
                    + inputLength);
        }
        int from = table.rows() - inputLength;
        float[][] rows = scaler.transform(Arrays.copyOfRange(table.values(), from, table.rows()));
        float[][] tf = time ? TimeFeatures.of(Arrays.copyOfRange(table.dates(), from, table.rows())) : null;
        int[] in = features.inputs(columns.size(), target);
        float[] flat = new float[inputLength * (in.length + (time ? TimeFeatures.COUNT : 0))];
        ForecastWindows.encodeInput(rows, tf, 0, inputLength, in, relative, flat, 0);
        return flat;
    }

    /** The model's output {@code [H * outputs]} for {@code table} on the original scale, {@code [H][outputs]}. */
    public float[][] output(float[] forecast, CsvTable table) {
        int[] out = outputColumns();
        float[] last = scaler.transform(new float[][] {table.values()[table.rows() - 1]})[0];
        float[] y = forecast.clone();
        for (int h = 0; h < horizon; h++) {
            for (int o = 0; o < out.length; o++) y[h * out.length + o] += relative ? last[out[o]] : 0f;
        }
        return unscale(y, scaler.select(out));
    }

    /** A standardised forecast {@code y [H * outputs]} on the original scale of {@code outputs}, {@code [H][outputs]} (y is overwritten). */
    public float[][] unscale(float[] y, Standardizer outputs) {
        int O = outputs.dims();
        outputs.inverseInPlace(y, 0, horizon);
        float[][] rows = new float[horizon][];
        for (int h = 0; h < horizon; h++) rows[h] = Arrays.copyOfRange(y, h * O, (h + 1) * O);
        return rows;
    }

    private static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }
}
