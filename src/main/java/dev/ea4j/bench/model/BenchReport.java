package dev.ea4j.bench.model;

import dev.ea4j.bench.RunFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * report.md of {@code ea4j bench model}: our tables beside the paper's Figure 4 and 5 numbers, memory-vs-L fits
 * per model (linear against quadratic, R^2) and the verdicts, and how every number was obtained.
 */
public final class BenchReport {

    private static final double GIB = 1024.0 * 1024 * 1024;

    private BenchReport() {}

    /** Fits of memory against L per model (exact accounting, and measured heap where 2+ points exist). */
    public record ModelFits(String model, MemoryFit exact, MemoryFit heap) {}

    /** The fits of the training rows, per model. */
    public static List<ModelFits> fits(List<BenchRow> rows) {
        List<ModelFits> out = new ArrayList<>();
        for (Map.Entry<String, List<BenchRow>> e : byModel(rows, "train").entrySet()) {
            List<BenchRow> rs = e.getValue();
            if (rs.stream().mapToInt(BenchRow::length).distinct().count() < 2) continue;
            MemoryFit exact = MemoryFit.of(rs.stream().mapToDouble(BenchRow::length).toArray(),
                    rs.stream().mapToDouble(BenchRow::peakBytes).toArray());
            List<BenchRow> hs = rs.stream().filter(r -> r.heapBytes() >= 0).toList();
            MemoryFit heap = hs.stream().mapToInt(BenchRow::length).distinct().count() >= 2
                    ? MemoryFit.of(hs.stream().mapToDouble(BenchRow::length).toArray(),
                    hs.stream().mapToDouble(BenchRow::heapBytes).toArray()) : null;
            out.add(new ModelFits(e.getKey(), exact, heap));
        }
        return out;
    }

    /** The whole report. */
    public static String markdown(ModelPreset p, RunFacts facts, String device, List<BenchRow> rows,
                                  List<BatchLengthSearch.Point> bsl, List<String> charts) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ea4j bench model: training and inference cost (the paper's Figures 4 and 5)\n\n");
        sb.append(String.format(Locale.ROOT, "Preset `%s`: %d layers, D = %d, FFN %d, %d heads (head dim %d), Post-LN, "
                        + "causal attention, next-token head over %d tokens, fp32, AdamW.  %n", p.name(), p.layers(),
                p.width(), 4 * p.width(), p.heads(), p.width() / p.heads(), p.vocab()));
        sb.append(String.format(Locale.ROOT, "Machine %s, device `%s`, %s, %s. Commit `%s`, %s.%n%n", facts.machine(),
                device, facts.os(), facts.java(), facts.commit(), facts.date()));
        sb.append("The paper: BERT-base (12 layers, D = 768, FFN 3072) in plain PyTorch on one A800-80GB. Absolute numbers "
                + "are not comparable across machines and model sizes; the shapes (linear vs quadratic, flat vs falling, "
                + "constant vs growing) are.\n\n");
        sb.append("## How the numbers were obtained\n\n");
        sb.append("* **peak_bytes** (exact): a dry-run accounting of every array the step holds at once (parameters, "
                + "gradients, AdamW moments, positional table, every activation and gradient buffer the bound model's task "
                + "graphs reference, optimizer scalars), computed from the configuration without allocating "
                + "(`MemoryAccounting`). Tests pin it to a census of the arrays real bound models reference, byte for byte. "
                + "Payload bytes; Java array headers are not counted.\n");
        sb.append("* **heap_bytes** (measured): Java heap in use after GC with the model and its step's buffers alive, minus "
                + "before the model was built. Decoding: the decoder's buffers measured against the built model, plus the "
                + "weights it reads (a `Model` also allocates gradients and moments, which inference does not need).\n");
        sb.append("* **device memory**: the CPU backend computes in the Java heap (heap_bytes is its device memory); "
                + "device backends report none through the session API, and allocate one buffer per array the graphs "
                + "reference, i.e. peak_bytes.\n");
        sb.append("* **throughput**: B L / median step time, a step being forward, loss, backward and AdamW through "
                + "`DeviceModel`.\n");
        sb.append("* **BS-L**: for each batch size, the longest L whose step's exact peak_bytes fits the budget, by "
                + "bisection on the dry-run accounting (no allocation); a point may instead be limited by Java's "
                + "2^31 - 1 elements per array (SA-eager's stored B H L^2 softmax).\n");
        sb.append("* **decoding**: EA with the recurrent step (`RecurrentDecoder`, next-token, state of fixed size); SA with "
                + "a KV cache (`KvCacheDecoder`: appendKv + decodeStep; the kernels take the position as a fixed scalar, so "
                + "each step builds a small graph for its position over buffers bound once). latency_s is the time to "
                + "generate L tokens per sequence (the paper's Figure 5b); see each row's note for whether it was timed "
                + "in full or extrapolated from sampled positions. SA-eager decodes exactly like SA and LA has no "
                + "decoder in ea4j, so neither is measured.\n\n");

        List<BenchRow> train = rows.stream().filter(r -> r.what().equals("train")).toList();
        if (!train.isEmpty()) {
            sb.append("## Training step against L (Figure 4a, 4c)\n\n");
            sb.append(table(train, "tokens/s", r -> r.measured() ? String.format(Locale.ROOT, "%.4g", r.tokensPerS()) : "-"));
            sb.append("\nExact peak memory (GiB):\n\n");
            sb.append(table(train, "GiB", r -> String.format(Locale.ROOT, "%.4f", r.peakBytes() / GIB)));
            sb.append("\nMeasured heap (GiB):\n\n");
            sb.append(table(train, "GiB", r -> r.heapBytes() >= 0 ? String.format(Locale.ROOT, "%.4f", r.heapBytes() / GIB) : "-"));
            sb.append("\nThe paper, Fig. 4(a) training memory at BS 1 (GB, digitised):\n\n| model |");
            for (int l : PaperFigures.MEMORY_L) sb.append(" L=").append(l).append(" |");
            sb.append("\n|---|").append("---:|".repeat(PaperFigures.MEMORY_L.length)).append('\n');
            for (int i = 0; i < PaperFigures.MEMORY_MODELS.length; i++) {
                sb.append("| ").append(PaperFigures.MEMORY_MODELS[i]).append(" (paper; its SA stores the L x L matrix, "
                        + "our SA-eager) |");
                for (double v : PaperFigures.MEMORY_GB[i]) sb.append(' ').append(v).append(" |");
                sb.append('\n');
            }
            sb.append("\nThe paper, Fig. 4(c) throughput at its BS-L points: ").append(PaperFigures.THROUGHPUT).append(".\n\n");

            sb.append("### Memory against L: fits\n\n");
            sb.append("Least squares of peak memory (bytes) against L: linear a + bL and quadratic a + bL + cL^2. "
                    + "\"quadratic share\" is cL^2 / y at the largest L; a series is called superlinear when it is at least "
                    + String.format(Locale.ROOT, "%.0f %%", 100 * MemoryFit.SUPERLINEAR_SHARE) + ".\n\n");
            sb.append("| model | memory | a | b (B/token) | R^2 linear | qa | qb | c (B/token^2) | R^2 quadratic | quadratic share | verdict |\n");
            sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            List<ModelFits> fits = fits(rows);
            for (ModelFits f : fits) {
                fitRow(sb, f.model(), "exact", f.exact());
                if (f.heap() != null) fitRow(sb, f.model(), "heap", f.heap());
            }
            sb.append('\n').append(verdicts(fits)).append("\n\n");
        }

        if (!bsl.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "## BS-L curves under %.2f GiB (Figure 4b)%n%n", p.budgetBytes() / GIB));
            Map<String, List<BatchLengthSearch.Point>> m = new LinkedHashMap<>();
            for (BatchLengthSearch.Point pt : bsl) m.computeIfAbsent(pt.model().toString(), k -> new ArrayList<>()).add(pt);
            sb.append("| BS |");
            for (String k : m.keySet()) sb.append(' ').append(k).append(" max L |");
            sb.append("\n|---:|").append("---:|".repeat(m.size())).append('\n');
            TreeSet<Integer> batches = new TreeSet<>(java.util.Comparator.reverseOrder());
            for (BatchLengthSearch.Point pt : bsl) batches.add(pt.batch());
            for (int b : batches) {
                sb.append("| ").append(b).append(" |");
                for (List<BatchLengthSearch.Point> ps : m.values()) {
                    BatchLengthSearch.Point pt = ps.stream().filter(x -> x.batch() == b).findFirst().orElse(null);
                    sb.append(' ').append(pt == null ? "-" : pt.maxLength() + (pt.limitedBy().equals("budget") ? "" : " (" + pt.limitedBy() + ")"))
                            .append(" |");
                }
                sb.append('\n');
            }
            sb.append("\nTokens per step B L at the largest and smallest batch (EA should keep it constant, SA-eager not):\n\n");
            for (Map.Entry<String, List<BatchLengthSearch.Point>> e : m.entrySet()) {
                List<BatchLengthSearch.Point> ps = e.getValue();
                BatchLengthSearch.Point hi = ps.stream().max(java.util.Comparator.comparingInt(BatchLengthSearch.Point::batch)).get();
                BatchLengthSearch.Point lo = ps.stream().min(java.util.Comparator.comparingInt(BatchLengthSearch.Point::batch)).get();
                sb.append(String.format(Locale.ROOT, "* %s: %d tokens at B = %d, %d tokens at B = %d (%.0f %%)%n", e.getKey(),
                        hi.tokens(), hi.batch(), lo.tokens(), lo.batch(), hi.tokens() == 0 ? 0.0 : 100.0 * lo.tokens() / hi.tokens()));
            }
            sb.append("\nThe paper, Fig. 4(b) (80 GB, BERT-base; printed labels):\n\n| BS |");
            for (String k : PaperFigures.BSL_MODELS) sb.append(' ').append(k).append(" |");
            sb.append("\n|---:|").append("---:|".repeat(PaperFigures.BSL_MODELS.length)).append('\n');
            for (int i = 0; i < PaperFigures.BSL_BS.length; i++) {
                sb.append("| ").append(PaperFigures.BSL_BS[i]).append(" |");
                for (int[] row : PaperFigures.BSL_L) sb.append(' ').append(row[i] == 0 ? "-" : Integer.toString(row[i])).append(" |");
                sb.append('\n');
            }
            sb.append('\n');
        }

        List<BenchRow> decode = rows.stream().filter(r -> r.what().equals("decode")).toList();
        if (!decode.isEmpty()) {
            sb.append("## Decoding (Figure 5)\n\n");
            sb.append("Time to generate L tokens (s):\n\n");
            sb.append(decodeTable(decode, r -> r.measured() ? String.format(Locale.ROOT, "%.4g", r.latencyS()) : "-"));
            sb.append("\nOne step at the last position (ms):\n\n");
            sb.append(decodeTable(decode, r -> r.measured() ? String.format(Locale.ROOT, "%.4g", r.tokenLatencyS() * 1e3) : "-"));
            sb.append("\nExact memory (GiB):\n\n");
            sb.append(decodeTable(decode, r -> String.format(Locale.ROOT, "%.4f", r.peakBytes() / GIB)));
            sb.append("\nThe paper, Fig. 5 (digitised; EA-2 and EA-6 coincide): memory of EA about 0.45-0.54 GB flat;\n\n");
            sb.append("| series |");
            for (int l : PaperFigures.DECODE_L) sb.append(" L=").append(l).append(" |");
            sb.append("\n|---|").append("---:|".repeat(PaperFigures.DECODE_L.length)).append('\n');
            for (int i = 0; i < PaperFigures.DECODE_BS.length; i++) {
                sb.append("| SA memory GB, BS ").append(PaperFigures.DECODE_BS[i]).append(" |");
                for (double v : PaperFigures.DECODE_MEMORY_SA_GB[i]) sb.append(' ').append(v).append(" |");
                sb.append('\n');
            }
            sb.append("| EA latency s, any BS |");
            for (double v : PaperFigures.DECODE_LATENCY_EA_S) sb.append(' ').append(v).append(" |");
            sb.append('\n');
            for (int i = 0; i < PaperFigures.DECODE_BS.length; i++) {
                sb.append("| SA latency s, BS ").append(PaperFigures.DECODE_BS[i]).append(" |");
                for (double v : PaperFigures.DECODE_LATENCY_SA_S[i]) sb.append(' ').append(v).append(" |");
                sb.append('\n');
            }
            sb.append('\n');
        }
        sb.append("## Figures\n\n");
        for (String c : charts) sb.append("* [").append(c).append("](").append(c).append(")\n");
        List<BenchRow> skipped = rows.stream().filter(r -> !r.measured()).toList();
        if (!skipped.isEmpty()) {
            sb.append("\n## Skipped points\n\n");
            for (BenchRow r : skipped) sb.append(String.format(Locale.ROOT, "* %s %s B=%d L=%d: %s%n", r.what(), r.model(),
                    r.batch(), r.length(), r.note()));
        }
        return sb.toString();
    }

    /** One line per verdict: whether EA's memory is linear and SA-eager's superlinear. */
    public static String verdicts(List<ModelFits> fits) {
        StringBuilder sb = new StringBuilder();
        for (ModelFits f : fits) {
            String expect = f.model().startsWith("EA") || f.model().equals("SA") || f.model().equals("LA") ? "linear"
                    : f.model().equals("SA-eager") ? "superlinear" : "?";
            String got = f.exact().verdict();
            sb.append(String.format(Locale.ROOT, "* **%s**: memory is %s in L (expected %s: %s)%n", f.model(), got, expect,
                    got.equals(expect) ? "yes" : "NO"));
        }
        return sb.toString().strip();
    }

    private static void fitRow(StringBuilder sb, String model, String what, MemoryFit f) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %.4g | %.4g | %.6f | %s | %s | %s | %s | %s | %s |%n", model, what,
                f.a(), f.b(), f.r2Linear(), g(f.qa()), g(f.qb()), g(f.qc()), Double.isNaN(f.r2Quadratic()) ? "-"
                        : String.format(Locale.ROOT, "%.6f", f.r2Quadratic()),
                Double.isNaN(f.quadraticShare()) ? "-" : String.format(Locale.ROOT, "%.2g", f.quadraticShare()), f.verdict()));
    }

    private static String g(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.4g", d);
    }

    private static String table(List<BenchRow> rows, String unit, Function<BenchRow, String> cell) {
        TreeSet<Integer> ls = new TreeSet<>();
        for (BenchRow r : rows) ls.add(r.length());
        StringBuilder sb = new StringBuilder("| model (B=" + rows.getFirst().batch() + ") |");
        for (int l : ls) sb.append(" L=").append(l).append(" |");
        sb.append("\n|---|").append("---:|".repeat(ls.size())).append('\n');
        for (Map.Entry<String, List<BenchRow>> e : group(rows, BenchRow::model).entrySet()) {
            sb.append("| ").append(e.getKey()).append(" |");
            for (int l : ls) {
                BenchRow r = e.getValue().stream().filter(x -> x.length() == l).findFirst().orElse(null);
                sb.append(' ').append(r == null ? "-" : cell.apply(r)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String decodeTable(List<BenchRow> rows, Function<BenchRow, String> cell) {
        TreeSet<Integer> ls = new TreeSet<>();
        for (BenchRow r : rows) ls.add(r.length());
        StringBuilder sb = new StringBuilder("| model, B |");
        for (int l : ls) sb.append(" L=").append(l).append(" |");
        sb.append("\n|---|").append("---:|".repeat(ls.size())).append('\n');
        for (Map.Entry<String, List<BenchRow>> e : group(rows, r -> r.model() + ", B=" + r.batch()).entrySet()) {
            sb.append("| ").append(e.getKey()).append(" |");
            for (int l : ls) {
                BenchRow r = e.getValue().stream().filter(x -> x.length() == l).findFirst().orElse(null);
                sb.append(' ').append(r == null ? "-" : cell.apply(r)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static Map<String, List<BenchRow>> byModel(List<BenchRow> rows, String what) {
        return group(rows.stream().filter(r -> r.what().equals(what)).toList(), BenchRow::model);
    }

    private static Map<String, List<BenchRow>> group(List<BenchRow> rows, Function<BenchRow, String> key) {
        Map<String, List<BenchRow>> m = new LinkedHashMap<>();
        for (BenchRow r : rows) m.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        return m;
    }
}
