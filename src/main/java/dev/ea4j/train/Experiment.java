package dev.ea4j.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.ea4j.api.InvalidInputException;
import dev.ea4j.data.DataSets;
import dev.ea4j.data.Task;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.ClassifierHead;
import dev.ea4j.train.tasks.ClassificationTask;
import dev.ea4j.train.tasks.ForecastTask;
import dev.ea4j.train.tasks.ModelSize;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains several models with several seeds on one task, each run in its own folder
 * ({@code runDir/<model>/seed-<s>}: checkpoint, best weights, metrics.jsonl, result.json), and summarises
 * them (median over seeds) beside the paper's Table 3 or 4. {@code runDir/experiment.json} holds the whole
 * {@link Spec}, so {@link #resume} needs nothing but the folder: a finished seed is read back from its
 * result.json, an unfinished one continues from its checkpoint.
 */
public final class Experiment {

    /**
     * What to run; saved whole in experiment.json and restored from it on resume (a new field is saved and
     * restored with no further code).
     *
     * @param task the task's short name
     * @param horizon forecast horizon (forecasting tasks)
     * @param models attention types, as {@link AttentionType#toString()} writes them
     * @param seeds the seeds, in order
     * @param epochs maximum epochs
     * @param lr peak learning rate
     * @param dataDir absolute data folder; null for the bundled JapaneseVowels
     * @param device device or backend ("" for the default device)
     * @param strict whether a missing device is an error
     * @param features forecasting: S, M or MS (null for classification)
     * @param target forecasting: the target column of S and MS (null for classification)
     * @param streaming forecasting: train streaming models (a forecast after every step, see
     *     {@link dev.ea4j.model.TaskKind#STREAM_FORECAST}) instead of window models
     * @param length streaming: the training windows' length (null for window models)
     * @param selection classification: {@link #SELECT_ON_HELD_OUT}, {@link #SELECT_REFIT} or {@link #SELECT_ON_TEST}
     *     (null for forecasting)
     * @param dropout the dropout rate (null in runs saved before --dropout existed, which trained without)
     * @param width model width D (null: the task's default, as in runs saved before --width existed)
     * @param blocks encoder blocks (null: the task's default)
     * @param heads heads of SA and LA; EA has none (null: the task's default)
     * @param head classification: the classifier head, {@code mean} or {@code flatten} (null: mean, as in runs saved
     *     before --head existed; forecasting has none)
     */
    public record Spec(String task, int horizon, List<String> models, List<Long> seeds, Integer epochs, Double lr, Path dataDir,
                       String device, boolean strict, String features, String target, boolean streaming, Integer length,
                       String selection, Double dropout, Integer width, Integer blocks, Integer heads, String head) {

        /** A window-model or classification spec with the task's default dropout and model size. */
        public Spec(String task, int horizon, List<String> models, List<Long> seeds, Integer epochs, Double lr,
                Path dataDir, String device, boolean strict, String features, String target) {
            this(task, horizon, models, seeds, epochs, lr, dataDir, device, strict, features, target, false, null, null,
                    defaultConfig(task).dropout(), null, null, null, null);
        }

        /** The models' size: this spec's width, blocks and heads, the task's default for each one that is null. */
        public ModelSize size() {
            ModelSize d = defaultSize(task);
            return new ModelSize(width == null ? d.width() : width, blocks == null ? d.layers() : blocks,
                    heads == null ? d.heads() : heads, d.preNorm(), head == null ? d.head() : ClassifierHead.parse(head));
        }

        /** Whether checkpoints are selected on TEST ({@link #SELECT_ON_TEST}, TSLib's protocol for classification). */
        public boolean selectsOnTest() {
            return SELECT_ON_TEST.equals(selection);
        }

        /** The dropout rate; 0 for runs saved before --dropout existed. */
        public double dropoutRate() {
            return dropout == null ? 0 : dropout;
        }

        /** Whether each seed is retrained on all of TRAIN for the epochs chosen on the held-out share ({@link #SELECT_REFIT}). */
        public boolean refits() {
            return SELECT_REFIT.equals(selection);
        }
    }

    /** Classification's default selection: the best validation loss on 20 % of TRAIN held out. */
    public static final String SELECT_ON_HELD_OUT = "held-out";

    /**
     * The held-out selection, then a refit: the epoch of the best validation loss on 20 % of TRAIN held out sets how
     * many epochs a fresh model then trains on all of TRAIN (same schedule, cut there); TEST is scored once, on the
     * refitted weights. Still clean: TEST chooses nothing.
     */
    public static final String SELECT_REFIT = "refit";

    /** TSLib's selection, which the paper follows: early stopping and the best epoch by TEST accuracy. */
    public static final String SELECT_ON_TEST = "test";

    /** The classification selections, as --selection takes them. */
    public static final List<String> SELECTIONS = List.of(SELECT_ON_HELD_OUT, SELECT_REFIT, SELECT_ON_TEST);

    /** The task's default selection ({@value #SELECT_ON_HELD_OUT} for classification, null for forecasting). */
    public static String defaultSelection(String task) {
        return taskByName(task).kind() == Task.Kind.CLASSIFICATION ? SELECT_ON_HELD_OUT : null;
    }

    /** One model's results over the seeds. */
    public record Row(String model, Map<String, Double> median, List<Map<String, Double>> perSeed, Map<String, Double> paper) {}

    /** The experiment file of a run folder. */
    public static final String SPEC_FILE = "experiment.json";

    /** The format tag of {@link #SPEC_FILE}; older files (no tag) recorded only part of the spec. */
    static final String FORMAT = "ea4j-experiment-2";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .registerTypeHierarchyAdapter(Path.class, new PathAdapter().nullSafe()).create();

    private final PrintStream log;
    private final boolean progress;

    /** An experiment runner that reports on {@code log}, with progress bars when {@code progress}. */
    public Experiment(PrintStream log, boolean progress) {
        this.log = log;
        this.progress = progress;
    }

    /** The task's default features (S for forecasting, null for classification). */
    public static String defaultFeatures(String task) {
        return taskByName(task).kind() == Task.Kind.FORECAST ? ForecastSetup.features(null).toString() : null;
    }

    /** The task's default target column (OT for forecasting, null for classification). */
    public static String defaultTarget(String task) {
        return taskByName(task).kind() == Task.Kind.FORECAST ? ForecastSetup.DEFAULT_TARGET : null;
    }

    /** Whether the task forecasts (and so may train streaming models). */
    public static boolean forecasts(String task) {
        return taskByName(task).kind() == Task.Kind.FORECAST;
    }

    /** The default length of a streaming model's training windows. */
    public static int defaultStreamLength() {
        return ForecastSetup.STREAM_LENGTH;
    }

    /** The task's default training settings (epochs, learning rate, ...). */
    public static TrainConfig defaultConfig(String task) {
        return TaskDefaults.of(taskByName(task)).config();
    }

    /** {@code head} as saved: classification's default ({@code mean}) where null, and null for forecasting. */
    public static String defaultHead(String task, String head) {
        if (taskByName(task).kind() != Task.Kind.CLASSIFICATION) return null;
        return head == null ? defaultSize(task).head().toString() : ClassifierHead.parse(head).toString();
    }

    /** The task's default model size (width, blocks, heads, Pre-LN or Post-LN). */
    public static ModelSize defaultSize(String task) {
        return TaskDefaults.of(taskByName(task)).size();
    }

    /**
     * The absolute folder the task's files are found in when no data folder is given, or null for the bundled
     * copy; a {@link dev.ea4j.data.DataNotFoundException} when they are nowhere.
     */
    public static Path defaultDataDir(String task) throws IOException {
        boolean onDisk = DataSets.locate(taskByName(task), null).files().get(0).path() != null;
        return onDisk ? DataSets.defaultDataDir(Path.of("")) : null;
    }

    /** Starts {@code spec} in {@code runDir}, which must not hold a run yet; returns the summary rows. */
    public List<Row> start(Spec spec, Path runDir) throws IOException {
        if (Files.exists(runDir.resolve(SPEC_FILE))) {
            throw new InvalidInputException(runDir + " already holds a run; continue it with --resume " + runDir
                    + " or choose another --run-dir");
        }
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new InvalidInputException("--run-dir " + runDir + " is a file, not a folder");
        }
        Files.createDirectories(runDir);
        writeSpec(runDir, spec);
        return run(spec, runDir, false);
    }

    /** Continues the run saved in {@code runDir} with its saved spec; a finished run is only read back. */
    public List<Row> resume(Path runDir) throws IOException {
        return run(readSpec(runDir), runDir, true);
    }

    /** The spec saved in {@code runDir}; a folder that is not a run of this version is bad input. */
    public static Spec readSpec(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) throw new InvalidInputException("--resume " + runDir + ": no such run folder");
        Path file = runDir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--resume " + runDir + ": not a run folder (no " + SPEC_FILE + ")");
        }
        Spec spec;
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
                throw new InvalidInputException(file + " was written by an older ea4j and does not record the whole run;"
                        + " start a new run with --run-dir");
            }
            spec = GSON.fromJson(o.get("spec"), Spec.class);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new InvalidInputException(file + " is not a valid experiment file: " + e.getMessage());
        }
        if (spec == null || spec.task() == null || spec.models() == null || spec.models().isEmpty()
                || spec.seeds() == null || spec.seeds().isEmpty() || spec.epochs() == null || spec.lr() == null
                || spec.device() == null) {
            throw new InvalidInputException(file + " is not a valid experiment file: its spec lacks a field");
        }
        // runs saved before --selection existed selected on the held-out share of TRAIN; before --dropout, none;
        // before --width, --blocks and --heads, the task's default size
        String selection = spec.selection() == null ? defaultSelection(spec.task()) : spec.selection();
        ModelSize size = spec.size();
        spec = new Spec(spec.task(), spec.horizon(), spec.models(), spec.seeds(), spec.epochs(), spec.lr(),
                spec.dataDir(), spec.device(), spec.strict(), spec.features(), spec.target(), spec.streaming(),
                spec.length(), selection, spec.dropoutRate(), size.width(), size.layers(), size.heads(),
                defaultHead(spec.task(), spec.head()));
        return spec;
    }

    private List<Row> run(Spec spec, Path runDir, boolean resume) throws IOException {
        Task task = taskByName(spec.task());
        TrainConfig config = trainConfig(spec);
        String paperKey = task.kind() == Task.Kind.FORECAST ? spec.task() + "-" + spec.horizon() : spec.task();
        Trainer trainer = new Trainer(spec.device(), spec.strict(), progress, log);
        TrainingTask training = null; // loaded when a seed needs training: a finished run is only read back
        TrainingTask refitData = null; // --selection refit: all of TRAIN trains (its validation set is never read)
        List<Row> rows = new ArrayList<>();
        for (String modelName : spec.models()) {
            AttentionType type = AttentionType.parse(modelName);
            List<Map<String, Double>> perSeed = new ArrayList<>();
            for (long seed : spec.seeds()) {
                Path dir = runDir.resolve(type.toString()).resolve("seed-" + seed);
                Path resultFile = dir.resolve("result.json");
                Map<String, Double> test;
                if (resume && Files.exists(resultFile)) {
                    test = readResult(resultFile);
                    log.printf("ea4j: %s seed %d already finished in %s%n", type, seed, dir);
                } else {
                    if (training == null && spec.refits()) {
                        TrainingTask[] both = loadForRefit(task, spec);
                        training = both[0];
                        refitData = both[1];
                    } else if (training == null) {
                        training = load(task, spec);
                    }
                    log.printf("ea4j: training %s seed %d on %s (%s)%n", type, seed, spec.task(), dir);
                    Trainer.Result r;
                    if (spec.refits()) {
                        r = refit(trainer, training, refitData, type, config.withSeed(seed), dir, resume);
                    } else {
                        r = trainer.train(training, type, config.withSeed(seed), dir, resume);
                    }
                    test = r.test();
                    writeResult(resultFile, r);
                    log.printf("ea4j: %s seed %d: %s (best epoch %d, %.1f s on %s)%n", type, seed, format(test),
                            r.bestEpoch(), r.seconds(), r.device());
                }
                perSeed.add(test);
            }
            rows.add(new Row(type.toString(), median(perSeed), perSeed, paper(paperKey, type.toString())));
        }
        if (task.kind() == Task.Kind.FORECAST && training == null) training = load(task, spec); // baselines need the data
        if (training != null) training.baselines().forEach((name, m) -> rows.add(new Row(name, m, List.of(m), Map.of())));
        AtomicFiles.write(runDir.resolve("results.json"), GSON.toJson(toJson(spec, rows)).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(runDir.resolve("results.md"), table(spec, rows).getBytes(StandardCharsets.UTF_8));
        return rows;
    }

    /**
     * --selection refit for one seed: the held-out run in {@code dir/select} (kept, with its own test score) chooses the
     * epoch count; a fresh model then trains that many epochs on all of TRAIN in {@code dir}.
     */
    private Trainer.Result refit(Trainer trainer, TrainingTask heldOut, TrainingTask all, AttentionType type,
                                 TrainConfig config, Path dir, boolean resume) throws IOException {
        Path select = dir.resolve("select"), selectResult = select.resolve("result.json");
        int epochs;
        if (resume && Files.exists(selectResult)) {
            epochs = JsonParser.parseString(Files.readString(selectResult)).getAsJsonObject().get("bestEpoch").getAsInt();
        } else {
            Trainer.Result chosen = trainer.train(heldOut, type, config, select, resume);
            writeResult(selectResult, chosen);
            epochs = chosen.bestEpoch();
        }
        log.printf("ea4j: %s seed %d: %d epoch(s) chosen on the held-out 20 %% of TRAIN; retraining on all of TRAIN%n",
                type, config.seed(), epochs);
        return trainer.train(all, type, config, dir, resume, epochs);
    }

    private static TrainConfig trainConfig(Spec spec) {
        return defaultConfig(spec.task()).withEpochs(spec.epochs()).withLearningRate(spec.lr())
                .withDropout(spec.dropoutRate());
    }

    /** The one JSON object of {@code --json}: {"task": ..., "results": [{"model": ..., metrics...}]}. */
    public static JsonObject toJson(Spec spec, List<Row> rows) {
        JsonObject o = new JsonObject();
        o.addProperty("task", spec.task());
        if (taskByName(spec.task()).kind() == Task.Kind.FORECAST) {
            o.addProperty("horizon", spec.horizon());
            o.addProperty("features", ForecastSetup.features(spec).toString());
            o.addProperty("target", ForecastSetup.target(spec));
            if (spec.streaming()) {
                o.addProperty("streaming", true);
                o.addProperty("length", spec.length());
            }
        }
        if (spec.selection() != null) o.addProperty("selection", spec.selection());
        o.addProperty("dropout", spec.dropoutRate());
        ModelSize size = spec.size();
        o.addProperty("width", size.width());
        o.addProperty("blocks", size.layers());
        o.addProperty("heads", size.heads());
        if (spec.head() != null) o.addProperty("head", spec.head());
        o.addProperty("seeds", spec.seeds().size());
        com.google.gson.JsonArray results = new com.google.gson.JsonArray();
        for (Row r : rows) {
            JsonObject m = new JsonObject();
            m.addProperty("model", r.model());
            r.median().forEach(m::addProperty);
            if (!r.paper().isEmpty()) m.add("paper", GSON.toJsonTree(r.paper()));
            if (!ForecastSetup.isBaseline(r.model())) m.add("per_seed", GSON.toJsonTree(r.perSeed()));
            results.add(m);
        }
        o.add("results", results);
        return o;
    }

    /** A markdown table of the medians beside the paper's values. */
    public static String table(Spec spec, List<Row> rows) {
        boolean forecast = taskByName(spec.task()).kind() == Task.Kind.FORECAST;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s%s, median of %d seed(s)%n%n", spec.task(), forecast ? " horizon " + spec.horizon()
                + ", features " + ForecastSetup.features(spec) + ", target " + ForecastSetup.target(spec)
                + (spec.streaming() ? ", streaming models (trained on windows of " + spec.length() + " steps)" : "") : "",
                spec.seeds().size()));
        sb.append(sizeLine(spec));
        if (spec.dropoutRate() > 0) sb.append(String.format("Trained with dropout %s.%n%n", spec.dropoutRate()));
        if (spec.selectsOnTest()) {
            sb.append("Epochs selected on TEST accuracy (--selection test, TSLib's protocol as in the paper): an upper "
                    + "bound, not a clean estimate.\n\n");
        }
        if (spec.refits()) {
            sb.append("Epoch count chosen on 20 % of TRAIN held out, then each model retrained on all of TRAIN for that "
                    + "many epochs (--selection refit); TEST scored once.\n\n");
        }
        if (forecast) {
            sb.append("| model | MAE | RMSE | MAE (scaled) | RMSE (scaled) | paper MAE | paper RMSE | per seed MAE/RMSE |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                Map<String, Double> m = r.median();
                StringBuilder seeds = new StringBuilder();
                if (!ForecastSetup.isBaseline(r.model())) {
                    for (Map<String, Double> s : r.perSeed()) seeds.append(String.format("%.3f/%.3f ", s.get("mae"), s.get("rmse")));
                }
                sb.append(String.format("| %s | %.3f | %.3f | %.3f | %.3f | %s | %s | %s|%n", r.model(), m.get("mae"),
                        m.get("rmse"), m.get("mae_scaled"), m.get("rmse_scaled"), paperCell(r, "mae"), paperCell(r, "rmse"),
                        seeds));
            }
            sb.append("\nMAE, RMSE: original scale; scaled: standardised with training statistics (TSLib's convention).\n"
                    + "persistence: repeat the last input value; linear+time: least squares on the input window and the\n"
                    + "last step's hour-of-day and day-of-week, fitted on the training windows.\n");
        } else {
            sb.append("| model | accuracy | paper (Table 3) | seeds |\n|---|---|---|---|\n");
            for (Row r : rows) {
                StringBuilder seeds = new StringBuilder();
                for (Map<String, Double> s : r.perSeed()) seeds.append(String.format("%.3f ", s.get("accuracy")));
                sb.append(String.format("| %s | %.3f | %s | %s|%n", r.model(), r.median().get("accuracy"),
                        paperCell(r, "accuracy"), seeds));
            }
        }
        return sb.toString();
    }

    /** "Model: width 64, 2 blocks, 4 heads." (heads only when a model has them; the head when it is flatten). */
    private static String sizeLine(Spec spec) {
        ModelSize size = spec.size();
        boolean heads = spec.models().stream().anyMatch(m -> AttentionType.parse(m).hasHeads());
        return String.format("Model: width %d, %s%s%s.%n%n", size.width(), count(size.layers(), "block"),
                heads ? ", " + count(size.heads(), "head") : "",
                size.head() == ClassifierHead.FLATTEN && spec.head() != null ? ", flatten classifier head (TSLib's)" : "");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String paperCell(Row r, String key) {
        Double v = r.paper().get(key);
        return v == null ? "-" : String.format("%.3f", v);
    }

    static Task taskByName(String name) {
        for (Task t : Task.values()) if (t.shortName().equals(name)) return t;
        throw new InvalidInputException("unknown task '" + name + "'; known: "
                + Arrays.stream(Task.values()).map(Task::shortName).toList());
    }

    private static TrainingTask load(Task task, Spec spec) throws IOException {
        if (task.kind() == Task.Kind.CLASSIFICATION) {
            DataSets.ClassificationSplits s = DataSets.loadClassification(task, spec.dataDir());
            if (spec.selectsOnTest()) return ClassificationTask.selectingOnTest(spec.task(), s.train(), s.test(), spec.size());
            return heldOut(spec, s);
        }
        return ForecastSetup.task(task, spec, TaskDefaults.of(task));
    }

    /** --selection refit, from one read of the data: {the held-out split, all of TRAIN (its validation never read)}. */
    private static TrainingTask[] loadForRefit(Task task, Spec spec) throws IOException {
        DataSets.ClassificationSplits s = DataSets.loadClassification(task, spec.dataDir());
        return new TrainingTask[] {heldOut(spec, s), ClassificationTask.selectingOnTest(spec.task(), s.train(), s.test(),
                spec.size())};
    }

    private static TrainingTask heldOut(Spec spec, DataSets.ClassificationSplits s) {
        return new ClassificationTask(spec.task(), s.train(), s.test(), 0.2, 12345L, spec.size());
    }

    private static Map<String, Double> paper(String key, String model) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Double> acc = PaperResults.ACCURACY.get(key);
        if (acc != null && acc.containsKey(model)) out.put("accuracy", acc.get(model));
        Map<String, double[]> f = PaperResults.FORECAST.get(key);
        if (f != null && f.containsKey(model)) {
            out.put("mae", f.get(model)[0]);
            out.put("rmse", f.get(model)[1]);
        }
        return out;
    }

    private static Map<String, Double> median(List<Map<String, Double>> runs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String key : runs.get(0).keySet()) {
            double[] v = runs.stream().mapToDouble(m -> m.get(key)).sorted().toArray();
            out.put(key, v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
        }
        return out;
    }

    private static String format(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append(' ').append(String.format("%.4f", v)).append("  "));
        return sb.toString().trim();
    }

    private static void writeSpec(Path runDir, Spec spec) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.add("spec", GSON.toJsonTree(spec));
        JsonObject train = GSON.toJsonTree(trainConfig(spec)).getAsJsonObject();
        train.remove("seed"); // the seeds are the spec's
        o.add("train", train); // for the reader; the spec alone determines the run
        AtomicFiles.write(runDir.resolve(SPEC_FILE), GSON.toJson(o).getBytes(StandardCharsets.UTF_8));
    }

    /** Paths as strings in JSON. */
    private static final class PathAdapter extends TypeAdapter<Path> {
        @Override
        public void write(JsonWriter out, Path p) throws IOException {
            out.value(p.toString());
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            return Path.of(in.nextString());
        }
    }

    private static void writeResult(Path file, Trainer.Result r) throws IOException {
        AtomicFiles.write(file, GSON.toJson(r).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> readResult(Path file) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        Map<String, Double> out = new LinkedHashMap<>();
        o.getAsJsonObject("test").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsDouble()));
        return out;
    }
}
