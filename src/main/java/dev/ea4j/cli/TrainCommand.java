package dev.ea4j.cli;

import com.google.gson.GsonBuilder;
import dev.ea4j.train.Experiment;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ea4j train}: trains EA-6, EA-2 and SA (by default) on a task of the paper with several seeds and
 * prints the medians beside the paper's Table 3 or 4. With no arguments: JapaneseVowels, 3 seeds.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train EA and baseline transformers on the paper's tasks and compare with its tables.",
                "Default: JapaneseVowels (Table 3), models EA-6, EA-2, SA, seeds 1-3."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--task", paramLabel = "T", description = "jp (default), scp1, scp2, uwave, etth2, ettm2, traffic")
    String task = "jp";

    @Option(names = "--horizon", paramLabel = "H", description = "forecast horizon for etth2/ettm2/traffic: 6 or 12 (default 6)")
    int horizon = 6;

    @Option(names = "--model", paramLabel = "M", description = "EA-<p>, SA or LA; repeatable (default EA-6, EA-2, SA)")
    List<String> models = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "seeds per model (default 3); the table reports medians")
    int seeds = 3;

    @Option(names = "--seed", paramLabel = "S", description = "first seed (default 1); seeds S..S+N-1")
    long seed = 1;

    @Option(names = "--epochs", paramLabel = "N", description = "maximum epochs (default per task)")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", description = "peak learning rate (default per task)")
    Double lr;

    @Option(names = "--features", paramLabel = "F", description = "forecasting: S (target only, default), M (all columns) or MS (all in, target out)")
    String features;

    @Option(names = "--target", paramLabel = "COL", description = "forecasting: target column for S and MS (default OT)")
    String targetColumn;

    @Mixin
    DeviceOptions target = new DeviceOptions();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where runs go (default runs/<task>-<time>)")
    Path runDir;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the experiment in DIR where it stopped")
    Path resume;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the datasets (default: bundled JapaneseVowels, ../shared/data)")
    Path dataDir;

    @Option(names = "--json", description = "print one JSON object with the results on stdout")
    boolean json;

    @Option(names = "--no-progress", description = "no progress bars")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (models.isEmpty()) models = List.of("EA-6", "EA-2", "SA");
        if (features != null) dev.ea4j.data.Features.parse(features);
        if (seeds < 1) throw new Cli.UsageError("--seeds must be >= 1, got " + seeds);
        if (horizon < 1) throw new Cli.UsageError("--horizon must be >= 1, got " + horizon);
        if (lr != null && !(lr > 0)) throw new Cli.UsageError("--lr must be > 0, got " + lr);
        if (epochs != null && epochs < 1) throw new Cli.UsageError("--epochs must be >= 1, got " + epochs);
        if (resume != null && runDir != null && !resume.equals(runDir)) {
            throw new Cli.UsageError("give either --resume DIR or --run-dir DIR, not both");
        }
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < seeds; i++) seedList.add(seed + i);
        Path dir = resume != null ? resume : runDir != null ? runDir
                : Path.of("runs", task + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (resume != null && !java.nio.file.Files.isDirectory(resume)) {
            throw new Cli.UsageError("--resume " + resume + ": no such run folder");
        }
        Experiment.Spec spec = new Experiment.Spec(task, horizon, models, seedList, epochs, lr, dataDir, target.device, target.strict,
                !noProgress, features, targetColumn);
        List<Experiment.Row> rows = new Experiment(System.err).run(spec, dir, resume != null);
        System.err.println("ea4j: run folder " + dir.toAbsolutePath());
        if (json) System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create()
                .toJson(Experiment.toJson(spec, rows)));
        else System.out.print(Experiment.table(spec, rows));
        return Cli.OK;
    }
}
