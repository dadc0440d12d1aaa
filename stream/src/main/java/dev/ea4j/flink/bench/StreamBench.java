package dev.ea4j.flink.bench;

import com.google.gson.GsonBuilder;
import dev.ea4j.bench.RunFacts;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.stream.SeriesForecaster;
import dev.ea4j.stream.SeriesForecasters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The streaming benchmark. For 1k keys and 100k keys replayed from ETTh2/ETTm2 and parallelism 1 and 2: events/s of
 * the job (median of {@code reps} runs) for each model and for the pass-through job (same source, parse, keyBy and
 * sinks, no model) measured in the same run, their ratio, and the largest state per key. Then a long stream (100
 * keys x 500 events) at parallelism 1, and the state size of one series after n events for each model.
 * Usage: {@code StreamBench RUN_DIR DATA_DIR OUT_DIR WORK_DIR [reps]}, models in RUN_DIR/{EA-6,EA-2,SA}/seed-1/best;
 * writes OUT_DIR/streaming.json and OUT_DIR/streaming.png.
 */
public final class StreamBench {

    private StreamBench() {}

    static final List<String> MODELS = List.of("EA-6", "EA-2", "SA");

    /** A replayed stream: keys x events per key, checkpoint interval. */
    record Workload(String name, int keys, int perKey, Duration checkpoints) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) throw new IllegalArgumentException("usage: StreamBench RUN_DIR DATA_DIR OUT_DIR WORK_DIR [reps]");
        Path runs = Path.of(args[0]), data = Path.of(args[1]), outDir = Path.of(args[2]), work = Path.of(args[3]);
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        Map<String, Path> models = new LinkedHashMap<>();
        for (String m : MODELS) models.put(m, runs.resolve(m).resolve("seed-1/best"));

        List<Map<String, Object>> rows = new ArrayList<>();
        boolean quick = Boolean.getBoolean("ea4j.bench.quick");   // a seconds-long dry run of every step
        List<Workload> loads = quick
                ? List.of(new Workload("100 keys x 2 events", 100, 2, Duration.ofSeconds(2)))
                : List.of(new Workload("1k keys x 20 events", 1_000, 20, Duration.ofSeconds(2)),
                        new Workload("100k keys x 1 event", 100_000, 1, Duration.ofSeconds(60)));
        for (Workload w : loads) {
            Path input = work.resolve("in-" + w.keys()).resolve("events.csv");
            long events = ReplayInput.write(data, w.keys(), w.perKey(), input);
            for (int p : new int[] {1, 2}) {
                // rounds of pass-through, EA-6, EA-2, SA, reps times: the baseline is measured beside the models
                List<JobRun> base = new ArrayList<>();
                Map<String, List<JobRun>> byModel = new LinkedHashMap<>();
                for (int r = 0; r < reps; r++) {
                    base.add(JobRun.of(null, input.getParent(), fresh(work.resolve("out")), p, events, w.checkpoints()));
                    for (String m : MODELS) {
                        byModel.computeIfAbsent(m, k -> new ArrayList<>()).add(JobRun.of(models.get(m), input.getParent(),
                                fresh(work.resolve("out")), p, events, w.checkpoints()));
                    }
                }
                for (String m : MODELS) rows.add(row(w, p, m, byModel.get(m), base));
            }
        }
        Workload longStream = quick ? new Workload("10 keys x 50 events", 10, 50, Duration.ofSeconds(2))
                : new Workload("100 keys x 500 events", 100, 500, Duration.ofSeconds(2));
        Path input = work.resolve("in-long").resolve("events.csv");
        long events = ReplayInput.write(data, longStream.keys(), longStream.perKey(), input);
        for (String m : MODELS) {
            List<JobRun> base = List.of(JobRun.of(null, input.getParent(), fresh(work.resolve("out")), 1, events, longStream.checkpoints()));
            List<JobRun> model = List.of(JobRun.of(models.get(m), input.getParent(), fresh(work.resolve("out")), 1, events, longStream.checkpoints()));
            rows.add(row(longStream, 1, m, model, base));
        }
        Map<String, List<long[]>> growth = new LinkedHashMap<>();
        for (String m : MODELS) growth.put(m, stateGrowth(models.get(m), 500));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "ea4j stream on embedded Flink 2.3.0: events/s and state per key");
        out.put("facts", RunFacts.collect());
        out.put("device", "java (one event at a time per key)");
        out.put("note", "events/s = events / job net runtime (start to end, checkpoints and the final commit included);"
                + " median of " + reps + " runs, in rounds of a pass-through run and one run per model (same source, parse, keyBy,"
                + " sinks; no model); state_bytes_per_key = 4 x the largest model state (floats) any key held, plus 8"
                + " bytes of last timestamp per key not counted");
        out.put("rows", rows);
        Map<String, Object> g = new LinkedHashMap<>();
        for (var e : growth.entrySet()) g.put(e.getKey(), e.getValue());
        out.put("state_bytes_after_n_events", g);
        Files.createDirectories(outDir);
        AtomicFiles.write(outDir.resolve("streaming.json"), new GsonBuilder().setPrettyPrinting().create().toJson(out)
                .getBytes(StandardCharsets.UTF_8));
        StreamCharts.save(rows, growth, outDir.resolve("streaming.png"));
        System.out.println("wrote " + outDir.resolve("streaming.json") + " and streaming.png");
    }

    private static Map<String, Object> row(Workload w, int p, String model, List<JobRun> runs, List<JobRun> base) {
        double eps = median(runs.stream().mapToDouble(JobRun::eventsPerSecond).toArray());
        double baseEps = median(base.stream().mapToDouble(JobRun::eventsPerSecond).toArray());
        int floats = runs.stream().mapToInt(JobRun::maxStateFloats).max().orElse(0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", w.name());
        r.put("keys", w.keys());
        r.put("events", runs.getFirst().events());
        r.put("parallelism", p);
        r.put("model", model);
        r.put("events_per_s_median", eps);
        r.put("events_per_s_runs", runs.stream().mapToDouble(JobRun::eventsPerSecond).toArray());
        r.put("pass_through_events_per_s_median", baseEps);
        r.put("pass_through_events_per_s_runs", base.stream().mapToDouble(JobRun::eventsPerSecond).toArray());
        r.put("ratio_to_pass_through", eps / baseEps);
        r.put("state_bytes_per_key_max", 4L * floats);
        r.put("checkpoint_interval_s", w.checkpoints().toSeconds());
        System.out.printf("%-22s p=%d %-5s %9.0f events/s (pass-through %9.0f, x%.3f)  state %,d B/key%n", w.name(), p,
                model, eps, baseEps, eps / baseEps, 4L * floats);
        return r;
    }

    /** State bytes of one series after n = 1, 2, 5, 10, 20, 50, 100, 200, 500 events of a replayed ETTh2 stretch. */
    private static List<long[]> stateGrowth(Path model, int upTo) throws Exception {
        List<long[]> points = new ArrayList<>();
        List<Integer> at = List.of(1, 2, 5, 10, 20, 50, 100, 200, 500);
        try (SeriesForecaster f = SeriesForecasters.open(model, "java", true)) {
            float[] s = f.initialState();
            LocalDateTime t = LocalDateTime.of(2016, 7, 1, 0, 0);
            for (int n = 1; n <= upTo; n++) {
                s = f.step(s, t.plusHours(n), new float[] {(float) (20 + 5 * Math.sin(n / 4.0))}).state();
                if (at.contains(n)) points.add(new long[] {n, 4L * s.length});
            }
        }
        return points;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static int runs;

    /** A new output folder under {@code parent}; earlier ones are deleted (best effort: Flink may still be cleaning up). */
    private static Path fresh(Path parent) {
        if (Files.isDirectory(parent)) {
            try (Stream<Path> s = Files.walk(parent)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (Exception e) {
                // a file vanished or appeared under us; the next call tries again
            }
        }
        return parent.resolve("run-" + (++runs));
    }
}
