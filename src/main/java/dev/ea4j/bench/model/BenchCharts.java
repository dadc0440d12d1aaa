package dev.ea4j.bench.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * The five PNG panels of the paper's Figures 4 and 5 (headless XChart): training memory vs L, BS-L curves,
 * training throughput vs L, decoding memory vs L and decoding latency vs L.
 */
public final class BenchCharts {

    /** The files written, in the paper's order. */
    public static final List<String> FILES = List.of("memory_vs_L.png", "bs_L.png", "throughput_vs_L.png",
            "decode_memory.png", "decode_latency.png");

    private static final double GIB = 1024.0 * 1024 * 1024;

    private BenchCharts() {}

    /** Writes the five panels into {@code dir} from the run's rows and BS-L points. */
    public static void write(Path dir, List<BenchRow> rows, List<BatchLengthSearch.Point> bsl, long budget,
                             String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<BenchRow> train = rows.stream().filter(r -> r.what().equals("train")).toList();
        List<BenchRow> decode = rows.stream().filter(r -> r.what().equals("decode")).toList();

        XYChart mem = chart("Training memory at B = " + (train.isEmpty() ? "?" : train.getFirst().batch()) + " (" + title + ")",
                "sequence length L", "GiB");
        series(mem, train, r -> r.model(), r -> r.peakBytes() / GIB, false);
        for (Map.Entry<String, List<BenchRow>> e : group(train.stream().filter(r -> r.heapBytes() >= 0).toList(), BenchRow::model).entrySet()) {
            add(mem, e.getKey() + " (heap measured)", e.getValue(), r -> r.heapBytes() / GIB, true);
        }
        save(mem, dir, FILES.get(0));

        XYChart bs = chart(String.format(java.util.Locale.ROOT, "BS-L under %.2f GiB (%s)", budget / GIB, title),
                "batch size", "longest L that fits");
        Map<String, List<BatchLengthSearch.Point>> byModel = new LinkedHashMap<>();
        for (BatchLengthSearch.Point p : bsl) byModel.computeIfAbsent(p.model().toString(), k -> new ArrayList<>()).add(p);
        for (Map.Entry<String, List<BatchLengthSearch.Point>> e : byModel.entrySet()) {
            List<BatchLengthSearch.Point> ps = e.getValue().stream().filter(p -> p.maxLength() > 0).toList();
            if (ps.isEmpty()) continue;
            double[] x = ps.stream().mapToDouble(BatchLengthSearch.Point::batch).toArray();
            bs.addSeries(e.getKey(), x, ps.stream().mapToDouble(BatchLengthSearch.Point::maxLength).toArray());
            // the hyperbola L * BS = const through the largest batch's point (dashed)
            double c = ps.getLast().tokens();
            XYSeries h = bs.addSeries(e.getKey() + " L*BS=" + (long) c, x, java.util.Arrays.stream(x).map(b -> c / b).toArray());
            h.setLineStyle(SeriesLines.DASH_DASH);
        }
        save(bs, dir, FILES.get(1));

        XYChart tp = chart("Training throughput (" + title + ")", "sequence length L", "tokens/s");
        series(tp, train, BenchRow::model, BenchRow::tokensPerS, false);
        save(tp, dir, FILES.get(2));

        XYChart dm = chart("Decoding memory (" + title + ")", "sequence length L", "GiB");
        series(dm, decode, r -> r.model() + " B=" + r.batch(), r -> r.peakBytes() / GIB, false);
        save(dm, dir, FILES.get(3));

        XYChart dl = chart("Decoding: time to generate L tokens (" + title + ")", "sequence length L", "seconds");
        series(dl, decode, r -> r.model() + " B=" + r.batch(), BenchRow::latencyS, false);
        save(dl, dir, FILES.get(4));
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        c.getStyler().setMarkerSize(6);
        return c;
    }

    private static void series(XYChart c, List<BenchRow> rows, java.util.function.Function<BenchRow, String> key,
                               ToDoubleFunction<BenchRow> y, boolean dashed) {
        for (Map.Entry<String, List<BenchRow>> e : group(rows.stream().filter(BenchRow::measured).toList(), key).entrySet()) {
            add(c, e.getKey(), e.getValue(), y, dashed);
        }
    }

    private static void add(XYChart c, String name, List<BenchRow> rows, ToDoubleFunction<BenchRow> y, boolean dashed) {
        List<BenchRow> ok = rows.stream().filter(r -> !Double.isNaN(y.applyAsDouble(r))).toList();
        if (ok.isEmpty()) return;
        XYSeries s = c.addSeries(name, ok.stream().mapToDouble(BenchRow::length).toArray(), ok.stream().mapToDouble(y).toArray());
        if (dashed) s.setLineStyle(SeriesLines.DASH_DASH);
    }

    private static Map<String, List<BenchRow>> group(List<BenchRow> rows, java.util.function.Function<BenchRow, String> key) {
        Map<String, List<BenchRow>> m = new LinkedHashMap<>();
        for (BenchRow r : rows) m.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        return m;
    }

    private static void save(XYChart c, Path dir, String file) throws IOException {
        if (c.getSeriesMap().isEmpty()) {
            // XChart cannot draw an empty chart; a single invisible point keeps the file (and the panel) present
            XYSeries s = c.addSeries("no data", new double[] {0}, new double[] {0});
            s.setShowInLegend(true);
        }
        BitmapEncoder.saveBitmap(c, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
