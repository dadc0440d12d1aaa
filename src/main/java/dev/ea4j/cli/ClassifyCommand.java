package dev.ea4j.cli;

import dev.ea4j.data.ClassificationDataset;
import dev.ea4j.data.TsReader;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.model.BoundModel;
import dev.ea4j.train.DeviceModel;
import dev.ea4j.train.SavedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ea4j classify}: runs a saved classification model on a UEA {@code .ts} file. */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify the series of a .ts file with a saved model (a run's best/ folder).",
                "Prints the accuracy when the file has labels; --out writes one prediction per series as CSV."})
public final class ClassifyCommand implements Callable<Integer> {

    @Mixin
    SavedModelOptions opts;

    @Option(names = "--input", required = true, paramLabel = "FILE.ts", description = "series to classify (UEA .ts)")
    Path input;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "write index,predicted,label per series")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) Cli.checkOutputs(Map.of("--out", out));
        SavedModel saved = SavedModel.load(opts.modelDir);
        if (!saved.kind().equals("classification")) {
            throw new Cli.UsageError(opts.modelDir + " holds a " + saved.kind() + " model; use 'ea4j forecast'");
        }
        ClassificationDataset data = TsReader.read(input);
        if (data.dims() != saved.model().config().inputs()) {
            throw new Cli.UsageError(input + " has " + data.dims() + " dimensions, the model takes "
                    + saved.model().config().inputs());
        }
        if (data.maxLength() > saved.model().config().maxLength()) {
            throw new Cli.UsageError(input + " has series of length " + data.maxLength() + ", the model takes at most "
                    + saved.model().config().maxLength());
        }
        ClassificationDataset scaled = saved.scaler().transform(data);
        int[] predicted = new int[data.size()];
        try (DeviceModel dm = new DeviceModel(saved.model(), opts.target.device, opts.target.strict, System.err)) {
            for (int i = 0; i < data.size(); i++) {
                float[][] s = scaled.series().get(i);
                BoundModel m = dm.forward(SingleWindow.of(s));
                int best = 0;
                for (int c = 1; c < m.output().length; c++) if (m.output()[c] > m.output()[best]) best = c;
                predicted[i] = best;
            }
            System.err.println("ea4j: classified " + data.size() + " series on " + dm.deviceId());
        }
        StringBuilder csv = new StringBuilder("index,predicted,label\n");
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            String label = data.classNames().get(data.labels()[i]);
            String pred = saved.names().get(predicted[i]);
            if (pred.equals(label)) correct++;
            csv.append(i).append(',').append(pred).append(',').append(label).append('\n');
        }
        if (out != null) AtomicFiles.write(out, csv.toString().getBytes(StandardCharsets.UTF_8));
        System.out.printf("accuracy %.4f (%d of %d)%n", (double) correct / data.size(), correct, data.size());
        return Cli.OK;
    }
}
