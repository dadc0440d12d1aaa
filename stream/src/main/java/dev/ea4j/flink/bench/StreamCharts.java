package dev.ea4j.flink.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** The benchmark's PNG: events/s per model and workload (left) and state bytes of one series after n events (right). */
final class StreamCharts {

    /** One colour per job in both panels. */
    private static final Map<String, Color> COLORS = Map.of("pass-through", new Color(150, 150, 150),
            "EA-6", new Color(31, 119, 180), "EA-2", new Color(255, 127, 14), "SA", new Color(148, 103, 189));

    private StreamCharts() {}

    static void save(List<Map<String, Object>> rows, Map<String, List<long[]>> growth, Path png) throws IOException {
        CategoryChart rate = new CategoryChartBuilder().width(760).height(480)
                .title("ea4j stream on Flink: events/s (median)").xAxisTitle("keys x events per key, parallelism").yAxisTitle("events/s")
                .build();
        rate.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        List<String> cats = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String c = label(r);
            if (!cats.contains(c)) cats.add(c);
        }
        for (String m : List.of("pass-through", "EA-6", "EA-2", "SA")) {
            List<Double> y = new ArrayList<>();
            for (String c : cats) {
                y.add(rows.stream().filter(r -> label(r).equals(c))
                        .filter(r -> m.equals("pass-through") || r.get("model").equals(m))
                        .mapToDouble(r -> ((Number) r.get(m.equals("pass-through") ? "pass_through_events_per_s_median"
                                : "events_per_s_median")).doubleValue()).max().orElse(0));
            }
            rate.addSeries(m, cats, y).setFillColor(COLORS.get(m));
        }
        XYChart state = new XYChartBuilder().width(760).height(480).title("state of one series after n events")
                .xAxisTitle("events seen (n)").yAxisTitle("bytes").build();
        state.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        for (var e : growth.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            var series = state.addSeries(e.getKey(), x, y);
            Color c = COLORS.getOrDefault(e.getKey(), Color.BLACK);
            series.setLineColor(c);
            series.setMarkerColor(c);
        }
        List<Chart<?, ?>> charts = List.of(rate, state);
        BitmapEncoder.saveBitmap(charts, 1, 2, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Redraws the PNG from a saved result: {@code StreamCharts streaming.json streaming.png}. */
    public static void main(String[] args) throws IOException {
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(Path.of(args[0])))
                .getAsJsonObject();
        java.lang.reflect.Type rowsType = new com.google.gson.reflect.TypeToken<List<Map<String, Object>>>() {}.getType();
        java.lang.reflect.Type growthType = new com.google.gson.reflect.TypeToken<Map<String, List<long[]>>>() {}.getType();
        com.google.gson.Gson gson = new com.google.gson.Gson();
        save(gson.fromJson(o.get("rows"), rowsType), gson.fromJson(o.get("state_bytes_after_n_events"), growthType),
                Path.of(args[1]));
    }

    /** A short category label: {@code 1k x 20, p1} (keys x events per key, parallelism). */
    private static String label(Map<String, Object> r) {
        long keys = ((Number) r.get("keys")).longValue(), events = ((Number) r.get("events")).longValue();
        String k = keys >= 1000 ? keys / 1000 + "k" : String.valueOf(keys);
        return k + " x " + events / keys + ", p" + ((Number) r.get("parallelism")).intValue();
    }
}
