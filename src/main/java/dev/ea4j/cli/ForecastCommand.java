package dev.ea4j.cli;

import dev.ea4j.data.CsvTable;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.RecurrentDecoder;
import dev.ea4j.train.DeviceModel;
import dev.ea4j.train.SavedModel;
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
 * models run token by token with the recurrent state (O(p·D) per step); others run the parallel forward.
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

    @Override
    public Integer call() throws Exception {
        if (out != null) Cli.checkOutputs(Map.of("--out", out));
        SavedModel saved = SavedModel.load(opts.modelDir);
        if (!saved.kind().equals("forecast")) {
            throw new Cli.UsageError(opts.modelDir + " holds a " + saved.kind() + " model; use 'ea4j classify'");
        }
        ModelConfig c = saved.model().config();
        CsvTable table = CsvTable.read(input);
        if (!table.columns().equals(saved.names())) {
            throw new Cli.UsageError(input + " has columns " + table.columns() + ", the model was trained on " + saved.names());
        }
        int L = c.maxLength(), C = c.inputs(), H = saved.horizon();
        if (table.rows() < L) throw new Cli.UsageError(input + " has " + table.rows() + " rows, the model needs the last " + L);
        float[][] window = saved.scaler().transform(Arrays.copyOfRange(table.values(), table.rows() - L, table.rows()));
        // the model sees the window relative to its last step and predicts relative to it (see ForecastTask)
        float[] level = window[L - 1].clone();
        float[] flat = new float[L * C];
        for (int t = 0; t < L; t++) {
            for (int ch = 0; ch < C; ch++) flat[t * C + ch] = window[t][ch] - level[ch];
        }
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
        for (int h = 0; h < H; h++) {
            for (int ch = 0; ch < C; ch++) forecast[h * C + ch] += level[ch];
        }
        saved.scaler().inverseInPlace(forecast, 0, H);
        StringBuilder csv = new StringBuilder("step," + String.join(",", table.columns()) + "\n");
        for (int h = 0; h < H; h++) {
            csv.append(h + 1);
            for (int ch = 0; ch < C; ch++) csv.append(',').append(forecast[h * C + ch]);
            csv.append('\n');
        }
        System.err.println("ea4j: forecast " + H + " steps after " + table.dates()[table.rows() - 1] + " (" + how + ")");
        if (out != null) AtomicFiles.write(out, csv.toString().getBytes(StandardCharsets.UTF_8));
        else System.out.print(csv);
        return Cli.OK;
    }
}
