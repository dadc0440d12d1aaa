package dev.ea4j.flink;

import dev.ea4j.stream.SeriesForecaster;
import dev.ea4j.stream.SeriesForecasters;
import java.io.Serializable;
import java.nio.file.Path;

/** Opens the forecaster of each operator instance (shipped with the job graph, so it must be serializable). */
@FunctionalInterface
public interface ForecasterFactory extends Serializable {

    /** A new forecaster; called once per operator instance, in {@code open()}. */
    SeriesForecaster open() throws Exception;

    /** The streaming model saved in {@code modelDir}, on {@code device}, strict (a missing device fails the task). */
    static ForecasterFactory saved(String modelDir, String device) {
        return saved(modelDir, device, 0);
    }

    /** {@link #saved(String, String)} restarting every {@code restartEvery} events (0: never; see RestartingSeriesForecaster). */
    static ForecasterFactory saved(String modelDir, String device, int restartEvery) {
        return () -> SeriesForecasters.open(Path.of(modelDir), device, true, restartEvery);
    }
}
