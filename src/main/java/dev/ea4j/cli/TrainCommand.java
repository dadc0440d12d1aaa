package dev.ea4j.cli;

import com.google.gson.GsonBuilder;
import dev.ea4j.backend.Backends;
import dev.ea4j.data.Features;
import dev.ea4j.kernels.LinearAttentionKernels;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.ClassifierHead;
import dev.ea4j.train.Experiment;
import dev.ea4j.train.TrainConfig;
import dev.ea4j.train.tasks.ModelSize;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code ea4j train}: trains EA-6, EA-2 and SA (by default) on a task of the paper with several seeds and
 * prints the medians beside the paper's Table 3 or 4. With no arguments: JapaneseVowels, 3 seeds.
 * {@code --resume DIR} alone continues the run saved in DIR with everything it was started with.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train EA and baseline transformers on the paper's tasks and compare with its tables.",
                "Default: JapaneseVowels (Table 3), models EA-6, EA-2, SA, seeds 1-3.",
                "--resume DIR alone continues a run with the settings it was started with."})
public final class TrainCommand implements Callable<Integer> {

    /**
     * The run's settings as options: each option and the value it sets in a saved {@link Experiment.Spec}.
     * Given beside {@code --resume}, an option must agree with the saved run. A new Spec field adds one line.
     */
    static final Map<String, Function<Experiment.Spec, Object>> RUN_OPTIONS = Map.ofEntries(
            Map.entry("--task", Experiment.Spec::task),
            Map.entry("--horizon", Experiment.Spec::horizon),
            Map.entry("--model", Experiment.Spec::models),
            Map.entry("--seed", s -> s.seeds().get(0)),
            Map.entry("--seeds", s -> s.seeds().size()),
            Map.entry("--epochs", Experiment.Spec::epochs),
            Map.entry("--lr", Experiment.Spec::lr),
            Map.entry("--data-dir", Experiment.Spec::dataDir),
            Map.entry("--device", Experiment.Spec::device),
            Map.entry("--strict", Experiment.Spec::strict),
            Map.entry("--features", Experiment.Spec::features),
            Map.entry("--target", Experiment.Spec::target),
            Map.entry("--streaming", Experiment.Spec::streaming),
            Map.entry("--length", Experiment.Spec::length),
            Map.entry("--selection", Experiment.Spec::selection),
            Map.entry("--dropout", Experiment.Spec::dropout),
            Map.entry("--width", s -> s.size().width()),
            Map.entry("--blocks", s -> s.size().layers()),
            Map.entry("--heads", s -> s.size().heads()),
            Map.entry("--head", Experiment.Spec::head));

    @Option(names = "--task", paramLabel = "T", description = "jp (default), scp1, scp2, uwave, etth2, ettm2, traffic")
    String task = "jp";

    @Option(names = "--horizon", paramLabel = "H", description = "forecast horizon for etth2/ettm2/traffic: 6 or 12 (default 6)")
    int horizon = 6;

    @Option(names = "--model", paramLabel = "M", split = ",",
            description = "EA-<p>, SA or LA; repeatable or comma-separated (default EA-6, EA-2, SA)")
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

    @Option(names = "--streaming", description = {"forecasting: train streaming models, which forecast after every event"
            + " of an unbounded stream (dev.ea4j.stream, 'ea4j forecast' reads the whole history)"})
    boolean streaming;

    @Option(names = "--length", paramLabel = "L", description = "with --streaming: length of the training windows (default 96)")
    Integer length;

    @Option(names = "--selection", paramLabel = "S", description = "classification: where epochs are selected: held-out "
            + "(default; loss on 20%% of TRAIN), refit (held-out chooses the epoch count, then all of TRAIN trains that "
            + "many epochs; twice the time) or test (TSLib's protocol, as in the paper: all of TRAIN trains, TEST "
            + "accuracy stops and selects; an upper bound, not a clean estimate)")
    String selection;

    @Option(names = "--dropout", paramLabel = "RATE", description = "dropout rate in [0, 1) while training, on the "
            + "embeddings, attention and feed-forward outputs, the feed-forward hidden layer and a classifier's input "
            + "(default per task)")
    Double dropout;

    @Option(names = "--width", paramLabel = "D", description = "model width D (default per task)")
    Integer width;

    @Option(names = "--blocks", paramLabel = "N", description = "encoder blocks (default per task)")
    Integer blocks;

    @Option(names = "--heads", paramLabel = "H", description = "attention heads of SA and LA, which split the width "
            + "into heads: H must divide D, and LA needs D/H <= " + LinearAttentionKernels.MAX_HEAD_DIM
            + "; EA has no heads and ignores it (default per task)")
    Integer heads;

    @Option(names = "--head", paramLabel = "H", description = "classification: the classifier head, mean (default; mean "
            + "pooling, then a linear layer) or flatten (TSLib's: GELU, then a linear layer over all L x D outputs; "
            + "needs series of one length)")
    String head;

    @Mixin
    DeviceOptions target = new DeviceOptions();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where runs go (default runs/<task>-<time>)")
    Path runDir;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the run in DIR where it stopped, with the settings it was started with")
    Path resume;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the datasets (default: bundled JapaneseVowels, ../shared/data)")
    Path dataDir;

    @Option(names = "--json", description = "print one JSON object with the results on stdout")
    boolean json;

    @Option(names = "--no-progress", description = "no progress bars")
    boolean noProgress;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (models.isEmpty()) models = List.of("EA-6", "EA-2", "SA");
        if (features != null) Features.parse(features);
        atLeastOne("--seeds", seeds);
        atLeastOne("--horizon", horizon);
        if (lr != null && !(lr > 0)) throw new Cli.UsageError("--lr must be > 0, got " + lr);
        if (dropout != null && !(dropout >= 0 && dropout < 1)) throw new Cli.UsageError("--dropout must be in [0, 1), got " + dropout);
        atLeastOne("--epochs", epochs);
        atLeastOne("--length", length);
        atLeastOne("--width", width);
        atLeastOne("--blocks", blocks);
        atLeastOne("--heads", heads);
        if (resume == null && length != null && !streaming) throw new Cli.UsageError("--length needs --streaming");
        if (selection != null && !Experiment.SELECTIONS.contains(selection)) {
            throw new Cli.UsageError("--selection must be " + String.join(", ", Experiment.SELECTIONS.subList(0,
                    Experiment.SELECTIONS.size() - 1)) + " or " + Experiment.SELECTIONS.getLast() + ", got '" + selection + "'");
        }
        if (resume == null && selection != null && Experiment.forecasts(task)) {
            throw new Cli.UsageError("--selection is for classification tasks (jp, scp1, scp2, uwave), not " + task);
        }
        if (head != null) {
            try {
                ClassifierHead.parse(head);
            } catch (IllegalArgumentException e) {
                throw new Cli.UsageError("--head must be mean or flatten, got '" + head + "'");
            }
            if (resume == null && Experiment.forecasts(task)) {
                throw new Cli.UsageError("--head is for classification tasks (jp, scp1, scp2, uwave), not " + task);
            }
        }
        if (resume == null && streaming && !Experiment.forecasts(task)) {
            throw new Cli.UsageError("--streaming needs a forecasting task (etth2, ettm2, traffic), not " + task);
        }
        if (resume != null && runDir != null && !resume.toAbsolutePath().normalize().equals(runDir.toAbsolutePath().normalize())) {
            throw new Cli.UsageError("give either --resume DIR or --run-dir DIR, not both");
        }
        Experiment experiment = new Experiment(System.err, !noProgress);
        Experiment.Spec spec;
        List<Experiment.Row> rows;
        Path dir;
        if (resume != null) {
            dir = resume;
            spec = Experiment.readSpec(resume);
            checkAgainst(spec, resume);
            rows = experiment.resume(resume);
        } else {
            if (target.strict) Backends.select(target.device, true, System.err); // a missing device fails before the run folder is made
            spec = specFromOptions(dataDir != null ? dataDir.toAbsolutePath().normalize() : Experiment.defaultDataDir(task));
            checkHeads(spec); // before the run folder is made
            dir = runDir != null ? runDir
                    : Path.of("runs", task + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            rows = experiment.start(spec, dir);
        }
        System.err.println("ea4j: run folder " + dir.toAbsolutePath());
        if (json) System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create()
                .toJson(Experiment.toJson(spec, rows)));
        else System.out.print(Experiment.table(spec, rows));
        return Cli.OK;
    }

    /** The spec the options describe, every default filled in as it is saved. */
    private Experiment.Spec specFromOptions(Path data) {
        TrainConfig defaults = Experiment.defaultConfig(task);
        ModelSize size = Experiment.defaultSize(task);
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < seeds; i++) seedList.add(seed + i);
        List<String> names = models.stream().map(m -> AttentionType.parse(m).toString()).toList();
        return new Experiment.Spec(task, horizon, names, seedList, epochs != null ? epochs : defaults.epochs(),
                lr != null ? lr : defaults.learningRate(), data, target.device, target.strict,
                features != null ? Features.parse(features).toString() : Experiment.defaultFeatures(task),
                targetColumn != null ? targetColumn : Experiment.defaultTarget(task), streaming,
                streaming && length == null ? Integer.valueOf(Experiment.defaultStreamLength()) : length,
                selection != null ? selection : Experiment.defaultSelection(task),
                dropout != null ? dropout : defaults.dropout(), width != null ? width : size.width(),
                blocks != null ? blocks : size.layers(), heads != null ? heads : size.heads(),
                Experiment.defaultHead(task, head));
    }

    /** Exit 2 naming {@code option} when it is given and below 1. */
    private static void atLeastOne(String option, Number value) {
        if (value != null && value.longValue() < 1) throw new Cli.UsageError(option + " must be >= 1, got " + value);
    }

    /** Exit 2 when SA or LA cannot split the width into the heads (EA has none, so any width suits it). */
    private static void checkHeads(Experiment.Spec spec) {
        ModelSize size = spec.size();
        int d = size.width(), h = size.heads();
        for (String name : spec.models()) {
            AttentionType type = AttentionType.parse(name);
            if (!type.hasHeads()) continue;
            if (d % h != 0) {
                throw new Cli.UsageError("--heads " + h + " does not divide --width " + d + " (" + type
                        + " splits the width into heads)");
            }
            if (type.family() == AttentionType.Family.LA && d / h > LinearAttentionKernels.MAX_HEAD_DIM) {
                throw new Cli.UsageError("--width " + d + " / --heads " + h + " = " + d / h + " is over LA's largest head "
                        + "dimension " + LinearAttentionKernels.MAX_HEAD_DIM + "; use more --heads");
            }
        }
    }

    /** Exit 2 when an option given beside {@code --resume} disagrees with the run saved in {@code dir}. */
    private void checkAgainst(Experiment.Spec saved, Path dir) {
        ParseResult parsed = command.commandLine().getParseResult();
        Experiment.Spec given = null;
        for (String option : RUN_OPTIONS.keySet().stream().sorted().toList()) {
            if (!parsed.hasMatchedOption(option)) continue;
            if (given == null) given = specFromOptions(dataDir == null ? null : dataDir.toAbsolutePath().normalize());
            Object want = RUN_OPTIONS.get(option).apply(given), had = RUN_OPTIONS.get(option).apply(saved);
            if (!Objects.equals(want, had)) {
                throw new Cli.UsageError(flag(option, want) + " contradicts the run in " + dir + " (started "
                        + (had == null || Boolean.FALSE.equals(had) || "".equals(had) ? "without " + option
                        : "with " + flag(option, had)) + ")");
            }
        }
    }

    /** {@code option} with {@code value} as it would be typed. */
    private static String flag(String option, Object value) {
        if (value instanceof Boolean b) return b ? option : option + "=false";
        if (value instanceof List<?> l) return option + " " + String.join(",", l.stream().map(String::valueOf).toList());
        return option + " " + value;
    }
}
