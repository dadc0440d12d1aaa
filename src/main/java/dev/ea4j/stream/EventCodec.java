package dev.ea4j.stream;

import dev.ea4j.data.Standardizer;
import dev.ea4j.data.TimeFeatures;
import dev.ea4j.train.tasks.ForecastInference;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A streaming model's input row from one event and its forecast back on the original scale: row =
 * [(x - mean) / std of the input columns; time features of the event's time], forecast = y * std + mean of the
 * predicted columns (the training statistics saved with the model).
 */
final class EventCodec {

    private final ForecastInference info;
    private final Standardizer inputs;
    private final Standardizer outputs;
    private final List<String> inputNames;
    private final List<String> outputNames;

    EventCodec(ForecastInference info) {
        this.info = info;
        this.inputs = info.scaler().select(info.inputColumns());
        this.outputs = info.scaler().select(info.outputColumns());
        this.inputNames = info.inputNames();
        this.outputNames = info.outputNames();
    }

    List<String> inputNames() {
        return inputNames;
    }

    List<String> outputNames() {
        return outputNames;
    }

    int horizon() {
        return info.horizon();
    }

    /** Width of the model's input row. */
    int width() {
        return info.inputWidth();
    }

    /**
     * Writes the model's input row for one event into {@code row} ([width()]).
     *
     * @throws IllegalArgumentException for a wrong number of values, a value that is not finite, or a missing time
     */
    void encode(LocalDateTime time, float[] values, float[] row) {
        if (values == null || values.length != inputNames.size()) {
            throw new IllegalArgumentException("an event carries " + inputNames.size() + " values " + inputNames
                    + ", got " + (values == null ? "none" : values.length));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + inputNames.get(i) + " is " + values[i] + ", not a finite number");
            }
        }
        inputs.transform(values, row, 0);
        if (info.time()) {
            if (time == null) throw new IllegalArgumentException("this model reads the events' times; got no time");
            TimeFeatures.encode(time, row, values.length);
        }
    }

    /** The model's output {@code y [H * outputs]} (standardised; overwritten) on the original scale, {@code [H][outputs]}. */
    float[][] decode(float[] y) {
        return info.unscale(y, outputs);
    }
}
