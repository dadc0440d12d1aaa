package dev.ea4j.bench.model;

import dev.ea4j.bench.Json;
import dev.ea4j.bench.RunFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/** Writes {@link BenchRow}s as JSONL (one object per row), CSV, and appends them to the performance history. */
public final class ResultsWriter {

    /** CSV columns, also the JSON keys in order. */
    public static final List<String> COLUMNS = List.of("what", "model", "B", "L", "tokens_per_s", "latency_s",
            "token_latency_s", "peak_bytes", "heap_bytes", "device_bytes", "note", "preset", "layers", "D", "heads",
            "vocab", "machine", "device", "commit", "date");

    private final RunFacts facts;
    private final ModelPreset preset;
    private final String device;

    /** Rows of a run on {@code device} with {@code preset}, stamped with {@code facts}. */
    public ResultsWriter(RunFacts facts, ModelPreset preset, String device) {
        this.facts = facts;
        this.preset = preset;
        this.device = device;
    }

    /** One row as a JSON object. */
    public Json json(BenchRow r) {
        return new Json().put("what", r.what()).put("model", r.model()).put("B", r.batch()).put("L", r.length())
                .put("tokens_per_s", r.tokensPerS()).put("latency_s", r.latencyS())
                .put("token_latency_s", r.tokenLatencyS()).put("peak_bytes", r.peakBytes())
                .put("heap_bytes", r.heapBytes() < 0 ? null : r.heapBytes())
                .put("device_bytes", r.deviceBytes() < 0 ? null : r.deviceBytes()).put("note", r.note())
                .put("preset", preset.name()).put("layers", preset.layers()).put("D", preset.width())
                .put("heads", preset.heads()).put("vocab", preset.vocab()).put("machine", facts.machine())
                .put("device", device).put("commit", facts.commit()).put("date", facts.date());
    }

    /** Writes {@code rows} to {@code file} as JSON lines. */
    public void writeJsonl(List<BenchRow> rows, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (BenchRow r : rows) sb.append(json(r)).append('\n');
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    /** Appends {@code rows} to the history file {@code file} (created with its folders when missing). */
    public void appendHistory(List<BenchRow> rows, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        StringBuilder sb = new StringBuilder();
        for (BenchRow r : rows) sb.append(json(r).put("bench", "model")).append('\n');
        Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Writes {@code rows} to {@code file} as CSV with the {@link #COLUMNS} header. */
    public void writeCsv(List<BenchRow> rows, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (BenchRow r : rows) {
            List<String> cells = List.of(r.what(), r.model(), Integer.toString(r.batch()), Integer.toString(r.length()),
                    num(r.tokensPerS()), num(r.latencyS()), num(r.tokenLatencyS()), Long.toString(r.peakBytes()),
                    r.heapBytes() < 0 ? "" : Long.toString(r.heapBytes()),
                    r.deviceBytes() < 0 ? "" : Long.toString(r.deviceBytes()), r.note(), preset.name(),
                    Integer.toString(preset.layers()), Integer.toString(preset.width()), Integer.toString(preset.heads()),
                    Integer.toString(preset.vocab()), facts.machine(), device, facts.commit(), facts.date());
            sb.append(String.join(",", cells.stream().map(ResultsWriter::csv).toList())).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6g", d);
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }
}
