package dev.ea4j.cli;

import dev.ea4j.bench.RunFacts;
import dev.ea4j.bench.model.BatchLengthSearch;
import dev.ea4j.bench.model.BenchCharts;
import dev.ea4j.bench.model.BenchReport;
import dev.ea4j.bench.model.BenchRow;
import dev.ea4j.bench.model.DecodeBench;
import dev.ea4j.bench.model.MemoryAccounting;
import dev.ea4j.bench.model.ModelPreset;
import dev.ea4j.bench.model.ResultsWriter;
import dev.ea4j.bench.model.StepProfile;
import dev.ea4j.bench.model.TorchTwin;
import dev.ea4j.bench.model.TrainStepBench;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.model.AttentionType;
import dev.ea4j.train.StepProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ea4j bench model}: the paper's Figures 4 and 5 for whole transformer stacks. Training-step throughput
 * and memory against L, BS-L curves under a memory budget, and decoding latency and memory; writes JSONL, CSV,
 * five PNG panels and report.md into --out, and appends the rows to the performance history.
 */
@Command(name = "model", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Training throughput and memory against L, BS-L curves under a budget, and decoding latency and "
                + "memory (EA recurrent step against SA with a KV cache) of a BERT-base-shaped stack.",
                "Writes results.jsonl, results.csv, five PNG panels and report.md into --out."})
public final class BenchModelCommand implements Callable<Integer> {

    @Option(names = "--preset", paramLabel = "cpu|gpu", description = "cpu: 2 layers, D 256, L 256..4096; gpu: BERT-base, "
            + "L 2000..7000. Default: ${DEFAULT-VALUE}.")
    String preset = "cpu";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
    Path out;

    @Option(names = "--models", split = ",", paramLabel = "M", description = "Attentions (default EA-2,EA-6,SA,SA-eager,LA).")
    List<String> models;

    @Option(names = "--layers", paramLabel = "N", description = "Blocks (preset's by default).")
    Integer layers;

    @Option(names = "--width", paramLabel = "D", description = "Model width (preset's by default).")
    Integer width;

    @Option(names = "--heads", paramLabel = "H", description = "Heads of SA and LA (preset's by default).")
    Integer heads;

    @Option(names = "--vocab", paramLabel = "V", description = "Vocabulary (preset's by default).")
    Integer vocab;

    @Option(names = "--lengths", split = ",", paramLabel = "L", description = "Training lengths (preset's by default).")
    List<Integer> lengths;

    @Option(names = "--batch", paramLabel = "B", description = "Training batch size (preset's by default).")
    Integer batch;

    @Option(names = "--bsl-batches", split = ",", paramLabel = "B", description = "BS-L batch sizes (preset's: 1..16).")
    List<Integer> bslBatches;

    @Option(names = "--budget", paramLabel = "GIB", description = "BS-L memory budget in GiB (preset's: cpu 2, gpu 80).")
    Double budgetGib;

    @Option(names = "--decode-batches", split = ",", paramLabel = "B", description = "Decoding batch sizes (preset's by default).")
    List<Integer> decodeBatches;

    @Option(names = "--decode-lengths", split = ",", paramLabel = "L", description = "Decoding lengths (preset's by default).")
    List<Integer> decodeLengths;

    @Option(names = "--decode-steps", paramLabel = "N", description = "Timed decode steps per point (preset's by default).")
    Integer decodeSteps;

    @Option(names = "--decode-full", description = "Time every decode position instead of sampling positions.")
    boolean decodeFull;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps per point (preset's by default).")
    Integer warmup;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed training steps per point (preset's by default).")
    Integer repeats;

    @Option(names = "--max-step-seconds", paramLabel = "S", description = "Skip a model's longer L after a step this slow "
            + "(0: never; preset's by default).")
    Double maxStepSeconds;

    @Option(names = "--skip-train", description = "No training measurements.")
    boolean skipTrain;

    @Option(names = "--skip-decode", description = "No decoding measurements.")
    boolean skipDecode;

    @Option(names = "--profile", description = "Also profile one training step per model at the first length "
            + "(per-task times by kernel family) into profile.md.")
    boolean profile;

    @Option(names = "--no-torch", description = "Do not run the PyTorch twin of the training step.")
    boolean noTorch;

    @Option(names = "--torch-lengths", split = ",", paramLabel = "L", description = "Lengths the PyTorch twin runs "
            + "(those ea4j also trains at). Default: 1024,4096.")
    List<Integer> torchLengths = List.of(1024, 4096);

    @Option(names = "--python", paramLabel = "EXE", description = "Interpreter with torch for the twin. Default: "
            + "$EA4J_PYTHON or /usr/bin/python3.")
    Path python;

    @Option(names = "--torch-script", paramLabel = "FILE", description = "The twin. Default: ${DEFAULT-VALUE}.")
    Path torchScript = Path.of("bench", "python", "model_twin_torch.py");

    @Option(names = "--device", paramLabel = "D", description = "Device: cpu, java, opencl:0 ... Default: ${DEFAULT-VALUE}.")
    String device = "cpu";

    @Option(names = "--strict", description = "A missing device is an error instead of a loud fallback.")
    boolean strict;

    @Option(names = "--seed", description = "Weights and data seed. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Option(names = "--history", paramLabel = "FILE", description = "History the rows are appended to. Default: ${DEFAULT-VALUE}.")
    Path history = Path.of("bench", "results", "perf-history.jsonl");

    @Option(names = "--no-history", description = "Do not append to the history.")
    boolean noHistory;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    private boolean progressLines;

    @Override
    public Integer call() throws IOException {
        ModelPreset p = settings();
        Files.createDirectories(out);
        RunFacts facts = RunFacts.collect();
        List<BenchRow> rows = new ArrayList<>();
        List<BatchLengthSearch.Point> bsl = new ArrayList<>();
        PrintStream err = System.err;
        int total = (skipTrain ? 0 : p.models().size() * p.trainLengths().size())
                + (skipDecode ? 0 : decodable(p).size() * p.decodeBatches().size() * p.decodeLengths().size())
                + (profile ? p.models().size() : 0);
        String dev = device;
        progressLines = !noProgress && !StepProgress.stderrIsTerminal(); // off a terminal: one line per measurement
        try (ProgressBar bar = noProgress || progressLines ? null : new ProgressBarBuilder().setTaskName("bench model").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(500)
                .build()) {
            for (AttentionType t : p.models()) bsl.addAll(BatchLengthSearch.curve(p, t, p.bslBatches(), p.budgetBytes()));
            for (BatchLengthSearch.Point pt : bsl) {
                rows.add(new BenchRow("bsl", pt.model().toString(), pt.batch(), pt.maxLength(), Double.NaN, Double.NaN,
                        Double.NaN, pt.bytes(), -1, -1, "longest L under the budget by exact accounting; limited by "
                        + pt.limitedBy()));
            }
            if (!skipTrain) {
                for (AttentionType t : p.models()) {
                    boolean tooSlow = false;
                    for (int L : p.trainLengths()) {
                        step(bar, "train " + t + " L=" + L);
                        BenchRow r = tooSlow
                                ? new BenchRow("train", t.toString(), p.trainBatch(), L, Double.NaN, Double.NaN, Double.NaN,
                                MemoryAccounting.train(p.config(t, L), p.trainBatch(), L).total(), -1, -1,
                                "skipped: a shorter L already took more than " + p.maxStepSeconds() + " s a step")
                                : TrainStepBench.measure(p, t, p.trainBatch(), L, device, strict, seed, err);
                        rows.add(r);
                        if (r.measured()) dev = deviceOf(r.note(), dev);
                        if (r.measured() && p.maxStepSeconds() > 0 && r.latencyS() > p.maxStepSeconds()) tooSlow = true;
                        tick(bar);
                    }
                }
            }
            if (!skipDecode) {
                for (AttentionType t : decodable(p)) {
                    for (int b : p.decodeBatches()) {
                        for (int L : p.decodeLengths()) {
                            step(bar, "decode " + t + " B=" + b + " L=" + L);
                            rows.add(DecodeBench.measure(p, t, b, L, device, strict, seed, decodeFull));
                            tick(bar);
                        }
                    }
                }
            }
            if (profile) {
                StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "# One training step by kernel family%n%n"
                        + "Preset %s (%d layers, D = %d, vocab %d), B = %d, L = %d, device %s, %s, commit %s, %s.%n"
                        + "Mean of %d profiled steps (ProfilerMode.SILENT) after one warmup step.%n%n", p.name(), p.layers(),
                        p.width(), p.vocab(), p.trainBatch(), p.trainLengths().getFirst(), device, facts.machine(),
                        facts.commit(), facts.date(), p.repeats()));
                for (AttentionType t : p.models()) {
                    step(bar, "profile " + t);
                    md.append("## ").append(t).append("\n\n").append(StepProfile.markdown(StepProfile.profile(p, t,
                            p.trainBatch(), p.trainLengths().getFirst(), device, strict, p.repeats(), seed))).append('\n');
                    tick(bar);
                }
                Files.writeString(out.resolve("profile.md"), md, StandardCharsets.UTF_8);
            }
        }
        String twin = torchTwin(p, rows, err);
        ResultsWriter w = new ResultsWriter(facts, p, dev);
        w.writeJsonl(rows, out.resolve("results.jsonl"));
        w.writeCsv(rows, out.resolve("results.csv"));
        BenchCharts.write(out, rows, bsl, p.budgetBytes(), p.name() + " preset");
        Files.writeString(out.resolve("report.md"), BenchReport.markdown(p, facts, dev, rows, bsl, BenchCharts.FILES)
                + twin, StandardCharsets.UTF_8);
        if (!noHistory) w.appendHistory(rows.stream().filter(r -> !r.what().equals("bsl")).toList(), history);
        System.out.println(BenchReport.verdicts(BenchReport.fits(rows)));
        System.out.println("ea4j bench model: " + rows.size() + " rows, report " + out.resolve("report.md"));
        return Cli.OK;
    }

    /**
     * Runs the PyTorch twin for the EA models at --torch-lengths (those ea4j trained at, on the cpu device), prints
     * ea4j's tokens/s beside PyTorch's, writes torch-twin.jsonl, and returns report.md's section ("" when not run).
     */
    private String torchTwin(ModelPreset p, List<BenchRow> rows, PrintStream err) throws IOException {
        if (noTorch || skipTrain) return "";
        if (!device.startsWith("cpu")) {
            err.println("bench model: PyTorch twin not run: it runs on the CPU, the device here is " + device);
            return "";
        }
        for (int L : torchLengths) if (L < 1) throw new Cli.UsageError("--torch-lengths must be positive, got " + L);
        List<String> ea = p.models().stream().filter(t -> t.family() == AttentionType.Family.EA)
                .map(AttentionType::toString).toList();
        List<Integer> lengths = torchLengths.stream().filter(p.trainLengths()::contains).toList();
        Path exe = python != null ? python : Path.of(System.getenv().getOrDefault("EA4J_PYTHON", "/usr/bin/python3"));
        int threads = dev.ea4j.backend.cpu.CpuPool.shared().threads();
        TorchTwin.Outcome o = TorchTwin.run(exe, torchScript, p, ea, lengths, threads, seed, err);
        String head = String.format(Locale.ROOT, "%n## Training step against PyTorch (the same model)%n%n"
                + "`bench/python/model_twin_torch.py` (torch.set_num_threads(%d), EA as the paper's Figure 2 code), run by "
                + "this command after ea4j's measurements; median step, B = %d.%n%n", threads, p.trainBatch());
        if (o.points().isEmpty()) {
            System.out.println("PyTorch twin: skipped (" + o.skipped() + ")");
            return head + "Skipped: " + o.skipped() + ".\n";
        }
        StringBuilder jsonl = new StringBuilder();
        for (TorchTwin.Point pt : o.points()) jsonl.append(pt.json()).append('\n');
        AtomicFiles.write(out.resolve("torch-twin.jsonl"), jsonl.toString().getBytes(StandardCharsets.UTF_8));
        String table = TorchTwin.markdown(TorchTwin.compare(rows, o.points()));
        System.out.println("ea4j against the PyTorch twin (torch " + o.points().getFirst().torch() + ", " + threads
                + " threads):");
        System.out.print(table);
        return head + table;
    }

    private ModelPreset settings() {
        ModelPreset d = ModelPreset.named(preset);
        List<AttentionType> ms = models == null ? d.models() : models.stream().map(AttentionType::parse).toList();
        Set<String> seen = new HashSet<>();
        for (AttentionType t : ms) if (!seen.add(t.toString())) throw new Cli.UsageError("--models names " + t + " twice");
        long budget = budgetGib == null ? d.budgetBytes() : (long) (budgetGib * (1L << 30));
        if (budgetGib != null && !(budgetGib > 0)) throw new Cli.UsageError("--budget must be positive GiB, got " + budgetGib);
        return new ModelPreset(d.name(), or(layers, d.layers()), or(width, d.width()), or(heads, d.heads()),
                or(vocab, d.vocab()), ms, lengths == null ? d.trainLengths() : lengths, or(batch, d.trainBatch()),
                bslBatches == null ? d.bslBatches() : bslBatches, budget,
                decodeBatches == null ? d.decodeBatches() : decodeBatches,
                decodeLengths == null ? d.decodeLengths() : decodeLengths, or(warmup, d.warmup()), or(repeats, d.repeats()),
                or(decodeSteps, d.decodeSteps()), maxStepSeconds == null ? d.maxStepSeconds() : maxStepSeconds);
    }

    /** The models with a decoder: EA (recurrent) and SA (KV cache); SA-eager decodes like SA, LA has no decoder. */
    private static List<AttentionType> decodable(ModelPreset p) {
        return p.models().stream().filter(t -> t.family() == AttentionType.Family.EA || t.family() == AttentionType.Family.SA)
                .toList();
    }

    private static String deviceOf(String note, String fallback) {
        int at = note.lastIndexOf(" on ");
        if (at < 0) return fallback;
        String rest = note.substring(at + 4);
        int end = rest.indexOf(';');
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static int or(Integer v, int d) {
        return v == null ? d : v;
    }

    private void step(ProgressBar bar, String what) {
        if (bar != null) bar.setExtraMessage(what);
        else if (progressLines) System.err.println("ea4j: bench model: " + what);
    }

    private static void tick(ProgressBar bar) {
        if (bar != null) bar.step();
    }
}
