package dev.ea4j.train;

import dev.ea4j.data.DataSets;
import dev.ea4j.data.Features;
import dev.ea4j.data.ForecastDataset;
import dev.ea4j.data.Task;
import dev.ea4j.train.tasks.ForecastTask;
import java.io.IOException;

/** Builds the forecasting task an {@link Experiment.Spec} asks for (features default S, target default OT). */
final class ForecastSetup {

    /**
     * Default training length of streaming models: TSLib's input length for ETT and Traffic (4 days of hourly rows,
     * a day of 15-minute rows), long enough to see the daily cycle, short enough for 2 cores.
     */
    static final int STREAM_LENGTH = 96;

    /** TSLib's default target column of ETT and Traffic. */
    static final String DEFAULT_TARGET = "OT";

    private ForecastSetup() {}

    /** The spec's features; S when {@code spec} or its features are null. */
    static Features features(Experiment.Spec spec) {
        return spec == null || spec.features() == null ? Features.S : Features.parse(spec.features());
    }

    static String target(Experiment.Spec spec) {
        return spec.target() == null ? DEFAULT_TARGET : spec.target();
    }

    /** Whether a results row is a reference forecast rather than a trained model. */
    static boolean isBaseline(String row) {
        return row.equals("persistence") || row.equals("linear+time");
    }

    /** The spec's forecasting task, its models of the spec's size, time features and windows as {@code d} sets them. */
    static ForecastTask task(Task task, Experiment.Spec spec, TaskDefaults d) throws IOException {
        int length = spec.streaming() ? spec.length() : TaskDefaults.FORECAST_INPUT;
        ForecastDataset data = DataSets.loadForecast(task, spec.dataDir(), length, spec.horizon(), features(spec),
                target(spec));
        String name = spec.task() + "-" + spec.horizon() + "-" + features(spec);
        if (spec.streaming()) return ForecastTask.streaming(name + "-stream" + length, data, spec.size(), d.timeFeatures());
        return new ForecastTask(name, data, spec.size(), d.timeFeatures(), d.relative());
    }
}
