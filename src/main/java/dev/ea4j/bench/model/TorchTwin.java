package dev.ea4j.bench.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch twin of the training step ({@code bench/python/model_twin_torch.py}: same layers, width, depth,
 * vocabulary, batch, loss and AdamW settings, EA as the paper's Figure 2 code) run as a subprocess, and its
 * tokens/s set beside ea4j's for the same (model, L).
 */
public final class TorchTwin {

    /** Exit status of the script when torch is not importable. */
    static final int NO_TORCH = 3;

    private static final Pattern MODEL = Pattern.compile("\"model\": \"([^\"]+)\"");
    private static final Pattern LENGTH = Pattern.compile("\"L\": (\\d+)");
    private static final Pattern TOKENS = Pattern.compile("\"tokens_per_s\": ([-0-9.eE+]+)");
    private static final Pattern TORCH = Pattern.compile("\"torch\": \"([^\"]+)\"");

    /** One PyTorch measurement: tokens/s of {@code model} at L, with the script's JSON line. */
    public record Point(String model, int length, double tokensPerS, String torch, String json) {}

    /** ea4j beside PyTorch at one (model, L); ratio = ea4j / PyTorch tokens/s. */
    public record Comparison(String model, int length, double ea4j, double torch) {
        /** ea4j tokens/s over PyTorch's. */
        public double ratio() {
            return ea4j / torch;
        }
    }

    /** What running the twin gave: points, or why there are none. */
    public record Outcome(List<Point> points, String skipped) {}

    private TorchTwin() {}

    /**
     * Runs {@code script} under {@code python} for the EA {@code models} at {@code lengths} with {@code preset}'s
     * architecture, batch, warmup and repeats on {@code threads} threads. A missing interpreter, script or torch
     * gives an outcome with no points and the reason (said loudly on {@code err}); a failing run throws.
     */
    public static Outcome run(Path python, Path script, ModelPreset preset, List<String> models, List<Integer> lengths,
                              int threads, long seed, PrintStream err) throws IOException {
        if (!Files.isExecutable(python)) return skip(err, "no Python interpreter at " + python);
        if (!Files.isRegularFile(script)) return skip(err, "no twin script at " + script + " (run from the repository root)");
        if (models.isEmpty() || lengths.isEmpty()) return skip(err, "no EA model or length to compare");
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(),
                "--models", String.join(",", models), "--lengths", join(lengths), "--batch",
                String.valueOf(preset.trainBatch()), "--layers", String.valueOf(preset.layers()), "--width",
                String.valueOf(preset.width()), "--vocab", String.valueOf(preset.vocab()), "--warmup",
                String.valueOf(Math.max(1, preset.warmup())), "--repeats", String.valueOf(preset.repeats()),
                "--threads", String.valueOf(threads), "--seed", String.valueOf(seed)));
        err.println("bench model: PyTorch twin: " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc;
        try {
            if (!p.waitFor(1, TimeUnit.HOURS)) {
                p.destroyForcibly();
                throw new IOException("the PyTorch twin took more than an hour");
            }
            rc = p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the PyTorch twin", e);
        }
        if (rc == NO_TORCH) {
            return skip(err, python + " cannot import torch (apt-get install -y python3-torch, or name an interpreter"
                    + " that has it with --python or $EA4J_PYTHON)");
        }
        if (rc != 0) throw new IOException("the PyTorch twin failed with exit status " + rc);
        List<Point> points = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            points.add(new Point(find(MODEL, line), Integer.parseInt(find(LENGTH, line)),
                    Double.parseDouble(find(TOKENS, line)), find(TORCH, line), line.strip()));
        }
        return new Outcome(points, null);
    }

    /** ea4j's tokens/s (from its measured training rows) beside every PyTorch point of the same model and L. */
    public static List<Comparison> compare(List<BenchRow> ea4jRows, List<Point> torch) {
        List<Comparison> out = new ArrayList<>();
        for (Point t : torch) {
            double ea = Double.NaN;
            for (BenchRow r : ea4jRows) {
                if (r.what().equals("train") && r.model().equals(t.model()) && r.length() == t.length() && r.measured()) {
                    ea = r.tokensPerS();
                }
            }
            out.add(new Comparison(t.model(), t.length(), ea, t.tokensPerS()));
        }
        return out;
    }

    /** The comparison as a markdown table. */
    public static String markdown(List<Comparison> rows) {
        StringBuilder sb = new StringBuilder("| model | L | ea4j tokens/s | PyTorch tokens/s | ea4j / PyTorch |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (Comparison c : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.4g | %.4g | %.2f |%n", c.model(), c.length(), c.ea4j(),
                    c.torch(), c.ratio()));
        }
        return sb.toString();
    }

    private static Outcome skip(PrintStream err, String why) {
        err.println("bench model: WARNING: PyTorch twin skipped: " + why);
        return new Outcome(List.of(), why);
    }

    private static String find(Pattern p, String line) throws IOException {
        Matcher m = p.matcher(line);
        if (!m.find()) throw new IOException("unexpected line from the PyTorch twin: " + line);
        return m.group(1);
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
