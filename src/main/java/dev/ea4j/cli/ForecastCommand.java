package dev.ea4j.cli;

import dev.ea4j.data.CsvTable;
import dev.ea4j.data.TimeFeatures;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.RecurrentDecoder;
import dev.ea4j.stream.RestartingSeriesForecaster;
import dev.ea4j.stream.SeriesForecaster;
import dev.ea4j.stream.SeriesForecasters;
import dev.ea4j.train.Checkpoints;
import dev.ea4j.train.DeviceModel;
import dev.ea4j.train.SavedModel;
import dev.ea4j.train.tasks.ForecastInference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ea4j forecast}: forecasts the next H steps after the last rows of a CSV with a saved model. Causal EA
 * window models run token by token with the recurrent state (O(p·D) per step); others run the parallel forward.
 * A streaming model ({@code train --streaming}) reads every row through its {@link SeriesForecaster}, so its
 * forecast is the one a stream processor emits after the last row.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast the steps after the end of a CSV (date column, then the model's numeric columns).",
                "Prints the forecast as CSV on stdout; --out writes it to a file."})
public final class ForecastCommand implements Callable<Integer> {

    @Mixin
    SavedModelOptions opts;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "history; its last rows are the input window")
    Path input;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "write the forecast here instead of stdout")
    Path out;

    @Option(names = "--restart-every", paramLabel = "N", defaultValue = "0",
            description = "streaming models: two states restarted every N events, staggered by N/2; the forecast comes "
                    + "from the one with N/2+1..N events (N even, >= 2; default 0: never, the whole history)")
    int restartEvery;

    @Override
    public Integer call() throws Exception {
        RestartingSeriesForecaster.optionProblem(restartEvery).ifPresent(problem -> {
            throw new Cli.UsageError(problem);
        });
        if (out != null) Cli.checkOutputs(Map.of("--out", out));
        SavedModel saved = SavedModel.load(opts.modelDir);
        if (!saved.kind().equals("forecast")) {
            throw new Cli.UsageError(opts.modelDir + " holds a " + saved.kind() + " model; use 'ea4j classify'");
        }
        ModelConfig c = saved.model().config();
        ForecastInference setup = ForecastInference.of(Checkpoints.readInference(opts.modelDir), c.maxLength());
        CsvTable table = CsvTable.read(input);
        int L = c.maxLength(), H = saved.horizon();
        if (setup.streaming()) return print(streamed(setup, table), setup, H);
        if (restartEvery != 0) {
            throw new Cli.UsageError("--restart-every needs a streaming model (ea4j train --streaming); "
                    + opts.modelDir + " holds a window forecaster");
        }
        float[] flat = setup.input(table);
        float[] forecast;
        String how;
        if (c.causal() && c.attention().family() == AttentionType.Family.EA) {
            try (RecurrentDecoder dec = new RecurrentDecoder(saved.model(), 1, opts.target.device, opts.target.strict)) {
                forecast = dec.forecast(flat);
                how = "recurrent EA step on " + dec.deviceId();
            }
        } else {
            try (DeviceModel dm = new DeviceModel(saved.model(), opts.target.device, opts.target.strict, System.err)) {
                BoundModel m = dm.forward(new SingleWindow(flat, L));
                forecast = m.output().clone();
                how = "parallel forward on " + dm.deviceId();
            }
        }
        System.err.println("ea4j: forecast " + H + " steps after " + table.dates()[table.rows() - 1] + " (" + how + ")");
        return print(setup.output(forecast, table), setup, H);
    }

    /** The forecast after the last row of {@code table}, every row fed to the saved streaming model in order. */
    private float[][] streamed(ForecastInference setup, CsvTable table) throws java.io.IOException {
        if (!table.columns().equals(setup.columns())) {
            throw new Cli.UsageError(input + " has columns " + table.columns() + ", the model was trained on "
                    + setup.columns());
        }
        int[] in = setup.inputColumns();
        try (SeriesForecaster f = SeriesForecasters.open(opts.modelDir, opts.target.device, opts.target.strict,
                restartEvery)) {
            float[] state = f.initialState();
            float[][] forecast = null;
            float[] values = new float[in.length];
            for (int r = 0; r < table.rows(); r++) {
                for (int k = 0; k < in.length; k++) values[k] = table.values()[r][in[k]];
                SeriesForecaster.Step s;
                try {
                    s = f.step(state, TimeFeatures.parse(table.dates()[r]), values);
                } catch (IllegalArgumentException e) {
                    throw new Cli.UsageError(input + " data row " + (r + 1) + ": " + e.getMessage());
                }
                state = s.state();
                forecast = s.forecast();
            }
            if (forecast == null) throw new Cli.UsageError(input + " has no data rows");
            System.err.println("ea4j: forecast " + f.horizon() + " steps after " + table.dates()[table.rows() - 1] + " ("
                    + f.describe() + ", " + table.rows() + " events, final state " + state.length + " floats)");
            return forecast;
        }
    }

    private Integer print(float[][] rows, ForecastInference setup, int H) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("step," + String.join(",", setup.outputNames()) + "\n");
        for (int h = 0; h < H; h++) {
            csv.append(h + 1);
            for (float v : rows[h]) csv.append(',').append(v);
            csv.append('\n');
        }
        if (out != null) AtomicFiles.write(out, csv.toString().getBytes(StandardCharsets.UTF_8));
        else System.out.print(csv);
        return Cli.OK;
    }
}
