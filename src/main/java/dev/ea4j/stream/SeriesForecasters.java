package dev.ea4j.stream;

import dev.ea4j.model.AttentionType;
import dev.ea4j.model.Model;
import dev.ea4j.model.TaskKind;
import dev.ea4j.train.Checkpoints;
import dev.ea4j.train.SavedModel;
import dev.ea4j.train.tasks.ForecastInference;
import java.io.IOException;
import java.nio.file.Path;

/** Opens a saved streaming model ({@code ea4j train --streaming}) as a {@link SeriesForecaster}. */
public final class SeriesForecasters {

    private SeriesForecasters() {}

    /**
     * The forecaster of the model saved in {@code modelDir} (a run's {@code .../best}) on {@code device}: the
     * recurrent EA step for causal EA, a KV cache for SA and SA-eager.
     *
     * @throws IOException when the folder cannot be read or is not an ea4j model
     * @throws IllegalArgumentException when the model is not a streaming forecaster or its attention has no streaming form
     */
    public static SeriesForecaster open(Path modelDir, String device, boolean strict) throws IOException {
        return open(modelDir, device, strict, 0);
    }

    /**
     * {@link #open(Path, String, boolean)}, wrapped in a {@link RestartingSeriesForecaster} with period
     * {@code restartEvery} unless it is 0 (never restart).
     *
     * @throws IllegalArgumentException as {@link #open(Path, String, boolean)}, or when {@code restartEvery} is
     *         neither 0 nor an even number >= 2
     */
    public static SeriesForecaster open(Path modelDir, String device, boolean strict, int restartEvery) throws IOException {
        if (restartEvery != 0) RestartingSeriesForecaster.checkPeriod(restartEvery);
        SavedModel saved = SavedModel.load(modelDir);
        if (!saved.kind().equals("forecast")) {
            throw new IllegalArgumentException(modelDir + " holds a " + saved.kind() + " model, not a forecaster");
        }
        Model model = saved.model();
        ForecastInference info = ForecastInference.of(Checkpoints.readInference(modelDir), model.config().maxLength());
        if (!info.streaming() || model.config().task() != TaskKind.STREAM_FORECAST) {
            throw new IllegalArgumentException(modelDir + " holds a window forecaster (input of "
                    + model.config().maxLength() + " steps); streaming needs a model trained with --streaming");
        }
        SeriesForecaster f = of(model, info, device, strict);
        return restartEvery == 0 ? f : new RestartingSeriesForecaster(f, restartEvery);
    }

    /** The forecaster of a streaming {@code model} fed as {@code info} describes. */
    public static SeriesForecaster of(Model model, ForecastInference info, String device, boolean strict) {
        EventCodec codec = new EventCodec(info);
        return switch (model.config().attention().family()) {
            case EA -> new RecurrentSeriesForecaster(model, codec, device, strict);
            case SA, SA_EAGER -> new KvCacheSeriesForecaster(model, codec, device, strict);
            case LA -> throw new IllegalArgumentException("no streaming form for " + model.config().attention()
                    + "; use EA-p or SA");
        };
    }
}
