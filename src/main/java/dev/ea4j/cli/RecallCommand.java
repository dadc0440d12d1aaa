package dev.ea4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.model.AttentionType;
import dev.ea4j.train.TrainConfig;
import dev.ea4j.train.Trainer;
import dev.ea4j.train.tasks.ModelSize;
import dev.ea4j.train.tasks.RecallTask;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ea4j recall}: multi-query associative recall (MQAR) beyond the paper. Trains small causal
 * next-token models (EA-2, EA-6, SA, LA by default) at several sequence lengths and reports the test
 * accuracy of the query answers (median over seeds) as a table, JSON, results.md and a PNG plot.
 */
@Command(name = "recall", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Multi-query associative recall (Zoology's MQAR): does EA keep the 'spikiness' linear attention loses?",
                "Sequences: K key-value pairs, random distractors, then every key as a query; the score is the",
                "fraction of query answers predicted exactly. Default: EA-2, EA-6, SA, LA at L = 32, 64, 128, K = L/8."})
public final class RecallCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "M", description = "EA-<p>, SA or LA; repeatable (default EA-2, EA-6, SA, LA)")
    List<String> models = new ArrayList<>();

    @Option(names = "--length", paramLabel = "L", split = ",", description = "sequence lengths, repeatable or comma-separated (default 32,64,128)")
    List<Integer> lengths = new ArrayList<>();

    @Option(names = "--pairs", paramLabel = "K", description = "key-value pairs per sequence (default L/8 for each L)")
    Integer pairs;

    @Option(names = "--vocab", paramLabel = "V", description = "vocabulary size (default 64)")
    int vocab = 64;

    @Option(names = "--width", paramLabel = "D", description = "model width (default 64)")
    int width = 64;

    @Option(names = "--layers", paramLabel = "N", description = "blocks (default 2)")
    int layers = 2;

    @Option(names = "--heads", paramLabel = "H", description = "heads for SA and LA (default 2)")
    int heads = 2;

    @Option(names = "--pre-norm", description = "Pre-LN blocks instead of the paper's Post-LN")
    boolean preNorm;

    @Option(names = "--sizes", paramLabel = "T,V,E", split = ",", description = "train, validation, test sequences (default 2000,200,500)")
    List<Integer> sizes = new ArrayList<>();

    @Option(names = "--epochs", paramLabel = "N", description = "epochs (default 4)")
    int epochs = 4;

    @Option(names = "--batch", paramLabel = "B", description = "sequences per step (default 16)")
    int batch = 16;

    @Option(names = "--lr", paramLabel = "R", description = "peak learning rate (default 3e-3)")
    double lr = 3e-3;

    @Option(names = "--seeds", paramLabel = "N", description = "seeds per model and length (default 1); the table reports medians")
    int seeds = 1;

    @Option(names = "--seed", paramLabel = "S", description = "first seed (default 1); seeds S..S+N-1")
    long seed = 1;

    @Option(names = "--data-seed", paramLabel = "S", description = "seed of the generated data (default 7)")
    long dataSeed = 7;

    @Mixin
    DeviceOptions target = new DeviceOptions();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where the run goes (default runs/recall-<time>)")
    Path runDir;

    @Option(names = "--json", description = "print one JSON object with the results on stdout")
    boolean json;

    @Option(names = "--no-progress", description = "no progress bars")
    boolean noProgress;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** One (model, L) cell: test accuracies per seed and their median. */
    record Cell(String model, int length, int pairs, double median, List<Double> perSeed, List<Double> loss) {}

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true"); // before any AWT class initialises (plot)
        if (models.isEmpty()) models = List.of("EA-2", "EA-6", "SA", "LA");
        if (lengths.isEmpty()) lengths = List.of(32, 64, 128);
        if (sizes.isEmpty()) sizes = List.of(2000, 200, 500);
        if (sizes.size() != 3 || sizes.stream().anyMatch(s -> s < 1)) {
            throw new Cli.UsageError("--sizes needs three positive counts: train,validation,test");
        }
        if (seeds < 1) throw new Cli.UsageError("--seeds must be >= 1, got " + seeds);
        if (epochs < 1) throw new Cli.UsageError("--epochs must be >= 1, got " + epochs);
        if (batch < 1) throw new Cli.UsageError("--batch must be >= 1, got " + batch);
        if (width < 1 || layers < 1 || heads < 1) throw new Cli.UsageError("--width, --layers, --heads must be >= 1");
        if (width % heads != 0) throw new Cli.UsageError("--width " + width + " is not a multiple of --heads " + heads);
        List<AttentionType> types = new ArrayList<>();
        for (String m : models) types.add(AttentionType.parse(m));
        ModelSize size = new ModelSize(width, layers, heads, preNorm);
        // generate every task first so that bad sizes fail before any training
        List<RecallTask> tasks = new ArrayList<>();
        int[] sz = sizes.stream().mapToInt(Integer::intValue).toArray();
        for (int L : lengths) {
            if (L < 4) throw new Cli.UsageError("--length must be >= 4, got " + L);
            tasks.add(new RecallTask(L, pairs != null ? pairs : Math.max(1, L / 8), vocab, sz, dataSeed, size));
        }
        Path dir = runDir != null ? runDir
                : Path.of("runs", "recall-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrainConfig config = new TrainConfig(epochs, batch, lr, 1e-2, 0.1, 1.0, 0, seed); // checks --lr before the folder is made
        Files.createDirectories(dir);
        writeSpec(dir, config);
        Trainer trainer = new Trainer(target.device, target.strict, !noProgress, System.err);
        long start = System.nanoTime();
        List<Cell> cells = new ArrayList<>();
        for (RecallTask task : tasks) {
            for (AttentionType type : types) {
                List<Double> acc = new ArrayList<>(), loss = new ArrayList<>();
                for (int i = 0; i < seeds; i++) {
                    long s = seed + i;
                    Path runs = dir.resolve("L" + task.length()).resolve(type.toString()).resolve("seed-" + s);
                    System.err.printf("ea4j: recall L=%d K=%d: training %s seed %d (%s)%n", task.length(), task.pairs(),
                            type, s, runs);
                    Trainer.Result r = trainer.train(task, type, config.withSeed(s), runs, false);
                    AtomicFiles.write(runs.resolve("result.json"), GSON.toJson(r).getBytes(StandardCharsets.UTF_8));
                    acc.add(r.test().get("accuracy"));
                    loss.add(r.test().get("loss"));
                    System.err.printf("ea4j: recall L=%d %s seed %d: accuracy %.3f, loss %.3f (best epoch %d, %.1f s on %s)%n",
                            task.length(), type, s, r.test().get("accuracy"), r.test().get("loss"), r.bestEpoch(),
                            r.seconds(), r.device());
                }
                cells.add(new Cell(type.toString(), task.length(), task.pairs(), median(acc), acc, loss));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String table = table(cells, seconds);
        JsonObject result = toJson(cells, seconds);
        AtomicFiles.write(dir.resolve("results.md"), table.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("results.json"), GSON.toJson(result).getBytes(StandardCharsets.UTF_8));
        Path png = dir.resolve("recall.png");
        plot(cells, png);
        System.err.printf("ea4j: run folder %s (results.md, results.json, recall.png), %.0f s%n", dir.toAbsolutePath(),
                seconds);
        if (json) System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(result));
        else System.out.print(table);
        return Cli.OK;
    }

    private List<String> modelOrder(List<Cell> cells) {
        return cells.stream().map(Cell::model).distinct().toList();
    }

    private String table(List<Cell> cells, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("MQAR test accuracy of the query answers, median of %d seed(s); V=%d, D=%d, %d layers, "
                + "%d heads (SA/LA), %s, %d epochs, %d train sequences; %.0f s%n%n", seeds, vocab, width, layers, heads,
                preNorm ? "Pre-LN" : "Post-LN", epochs, sizes.get(0), seconds));
        sb.append("| model |");
        for (int L : lengths) sb.append(" L=").append(L).append(" |");
        sb.append("\n|---|");
        sb.append("---|".repeat(lengths.size())).append('\n');
        for (String m : modelOrder(cells)) {
            sb.append("| ").append(m).append(" |");
            for (int L : lengths) {
                Cell c = find(cells, m, L);
                sb.append(String.format(" %.3f |", c.median()));
            }
            sb.append('\n');
        }
        sb.append("| chance (1/K) |");
        for (int L : lengths) sb.append(String.format(" %.3f |", 1.0 / find(cells, modelOrder(cells).get(0), L).pairs()));
        sb.append('\n');
        sb.append("\nK (pairs = queries per sequence): ");
        for (int L : lengths) sb.append("L=").append(L).append(": ").append(find(cells, modelOrder(cells).get(0), L).pairs()).append("  ");
        sb.append("\n");
        return sb.toString();
    }

    private JsonObject toJson(List<Cell> cells, double seconds) {
        JsonObject o = new JsonObject();
        o.addProperty("task", "recall");
        o.addProperty("vocab", vocab);
        o.addProperty("width", width);
        o.addProperty("layers", layers);
        o.addProperty("heads", heads);
        o.addProperty("pre_norm", preNorm);
        o.addProperty("epochs", epochs);
        o.addProperty("seeds", seeds);
        o.addProperty("seconds", seconds);
        JsonArray results = new JsonArray();
        for (Cell c : cells) {
            JsonObject m = new JsonObject();
            m.addProperty("model", c.model());
            m.addProperty("length", c.length());
            m.addProperty("pairs", c.pairs());
            m.addProperty("accuracy", c.median());
            m.add("accuracy_per_seed", GSON.toJsonTree(c.perSeed()));
            m.add("loss_per_seed", GSON.toJsonTree(c.loss()));
            results.add(m);
        }
        o.add("results", results);
        return o;
    }

    private void plot(List<Cell> cells, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(720).height(480).title("Multi-query associative recall")
                .xAxisTitle("sequence length L (K = pairs)").yAxisTitle("test accuracy (query answers)").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisLogarithmic(lengths.size() > 1 && lengths.stream().distinct().count() > 1);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        double[] x = lengths.stream().mapToDouble(Integer::doubleValue).toArray();
        for (String m : modelOrder(cells)) {
            double[] y = lengths.stream().mapToDouble(L -> find(cells, m, L).median()).toArray();
            chart.addSeries(m, x, y);
        }
        double[] chance = lengths.stream().mapToDouble(L -> 1.0 / find(cells, modelOrder(cells).get(0), L).pairs())
                .toArray();
        XYSeries c = chart.addSeries("chance (1/K)", x, chance);
        c.setMarker(SeriesMarkers.NONE);
        c.setLineColor(java.awt.Color.GRAY);
        c.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static Cell find(List<Cell> cells, String model, int length) {
        for (Cell c : cells) if (c.model().equals(model) && c.length() == length) return c;
        throw new IllegalStateException("no result for " + model + " at L=" + length);
    }

    private void writeSpec(Path dir, TrainConfig config) throws IOException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("models", models);
        spec.put("lengths", lengths);
        spec.put("pairs", pairs == null ? "L/8" : pairs);
        spec.put("vocab", vocab);
        spec.put("width", width);
        spec.put("layers", layers);
        spec.put("heads", heads);
        spec.put("pre_norm", preNorm);
        spec.put("sizes", sizes);
        spec.put("data_seed", dataSeed);
        spec.put("seeds", seeds);
        spec.put("device", target.device);
        spec.put("train", config);
        AtomicFiles.write(dir.resolve("experiment.json"), GSON.toJson(spec).getBytes(StandardCharsets.UTF_8));
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
