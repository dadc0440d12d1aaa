package dev.ea4j.flink;

import dev.ea4j.data.TimeFeatures;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.Model;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.TaskKind;
import dev.ea4j.train.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Test fixtures made in code, nothing checked in: small saved models in ea4j's model format (width 16, one layer,
 * seeded weights; columns {@code load, OT}, features S, time features, H = 3) and synthetic series.
 */
final class Fixtures {

    static final int HORIZON = 3;
    static final List<String> COLUMNS = List.of("load", "OT");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Fixtures() {}

    /** A streaming model of {@code attention} (EA-2, SA, ...) saved under {@code dir}/{@code attention}. */
    static Path streamingModel(Path dir, String attention) throws IOException {
        return save(dir.resolve(attention), TaskKind.STREAM_FORECAST, attention, true);
    }

    /** A window (non-streaming) forecaster saved under {@code dir}/window. */
    static Path windowModel(Path dir) throws IOException {
        return save(dir.resolve("window"), TaskKind.FORECAST, "EA-2", false);
    }

    private static Path save(Path dir, TaskKind task, String attention, boolean streaming) throws IOException {
        Model model = new Model(new ModelConfig(task, AttentionType.parse(attention), true, 1 + TimeFeatures.COUNT, 16, 1,
                2, HORIZON, 24, false), 7);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("kind", "forecast");
        info.put("dataset", "fixture");
        info.put("columns", COLUMNS);
        info.put("features", "S");
        info.put("target", "OT");
        info.put("input_length", 24);
        info.put("horizon", HORIZON);
        info.put("time_features", "hour-of-day-24+day-of-week-7");
        info.put("relative_to_last_step", !streaming);
        info.put("streaming", streaming);
        info.put("mean", List.of(5.0, 20.0));
        info.put("std", List.of(2.0, 4.0));
        Checkpoints.saveWeights(dir, model, Map.of(), info);
        return dir;
    }

    /** One event of a synthetic series: hourly from 2024-01-01 + {@code offset} days, OT a noisy daily wave. */
    record Row(String series, String time, float load, float ot) {
        String line() {
            return series + "," + time + "," + ot;
        }
    }

    /** {@code n} events of each of {@code series} series, interleaved (the order a stream would bring them in). */
    static List<Row> series(int series, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < series; s++) {
                LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0).plusDays(s).plusHours(i);
                float ot = (float) (20 + 4 * Math.sin(2 * Math.PI * (i + 5 * s) / 24.0) + r.nextGaussian());
                rows.add(new Row("s" + s, TIME.format(t), (float) (5 + r.nextGaussian()), ot));
            }
        }
        return rows;
    }

    /** Writes {@code lines} (with a header) to {@code file}. */
    static Path write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        List<String> all = new ArrayList<>();
        all.add("series,timestamp,OT");
        all.addAll(lines);
        return Files.write(file, all);
    }

    /** Every line of the committed (visible) part files in {@code dir}. */
    static List<String> committed(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) return lines;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    /** The multiset of {@code lines}: line -> count. */
    static Map<String, Integer> multiset(List<String> lines) {
        Map<String, Integer> m = new HashMap<>();
        for (String l : lines) m.merge(l, 1, Integer::sum);
        return m;
    }

    /** What {@code body} printed on stderr, with its result. */
    record Captured<T>(T result, String err) {}

    static <T> Captured<T> stderr(Supplier<T> body) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            T r = body.get();
            return new Captured<>(r, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }
}
