package dev.ea4j.stream;

import com.google.gson.GsonBuilder;
import dev.ea4j.bench.RunFacts;
import dev.ea4j.bench.Timing;
import dev.ea4j.data.Features;
import dev.ea4j.data.Standardizer;
import dev.ea4j.data.TimeFeatures;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.Model;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.TaskKind;
import dev.ea4j.train.tasks.ForecastInference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Microseconds per event ({@link SeriesForecaster#step}: encode, state in, model step, state out, decode) and state
 * bytes per series at a given history length, for EA-6, EA-2 and SA with the ETTh2 streaming model's shape (features
 * S with time features, D = 64, 2 layers, 4 heads, H = 6; untrained weights: a step's cost does not depend on them).
 * EA states are reached by stepping the whole history; SA states of n events are the first events' KV rows tiled
 * to n (a step's cost depends on n, not on the cached values). Usage: {@code ForecasterBench DEVICE OUT.json}.
 */
public final class ForecasterBench {

    private ForecasterBench() {}

    static final int[] HISTORIES = {100, 1_000, 10_000};
    static final List<String> MODELS = List.of("EA-6", "EA-2", "SA");

    public static void main(String[] args) throws Exception {
        if (args.length != 2) throw new IllegalArgumentException("usage: ForecasterBench DEVICE OUT.json");
        String device = args[0];
        ForecastInference info = new ForecastInference(List.of("OT"), Features.S, 0, true, false,
                Standardizer.of(new double[] {0}, new double[] {1}), 96, 6, true);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Integer, Double> eaSix = new LinkedHashMap<>();
        for (String name : MODELS) {
            Model model = new Model(new ModelConfig(TaskKind.STREAM_FORECAST, AttentionType.parse(name), true,
                    1 + TimeFeatures.COUNT, 64, 2, 4, 6, 96, false), 1);
            try (SeriesForecaster f = SeriesForecasters.of(model, info, device, true)) {
                for (int n : HISTORIES) {
                    float[] state = history(f, n);
                    float[] value = {0.3f};
                    LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0).plusHours(n);
                    int repeats = Math.max(30, Math.min(3000, 3_000_000 / Math.max(1, state.length / 64)));
                    Timing.Stats s = Timing.time(repeats, repeats, () -> f.step(state, t, value));
                    double us = s.median() * 1e6;
                    if (name.equals("EA-6")) eaSix.put(n, us);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("model", name);
                    r.put("device", device);
                    r.put("history", n);
                    r.put("us_per_event_median", us);
                    r.put("us_per_event_min", s.min() * 1e6);
                    r.put("us_per_event_max", s.max() * 1e6);
                    r.put("repeats", repeats);
                    r.put("state_floats", state.length);
                    r.put("state_bytes", 4L * state.length);
                    r.put("time_ratio_to_ea6", us / eaSix.get(n));
                    r.put("describe", f.describe());
                    rows.add(r);
                    System.out.printf("%-5s %-4s n=%6d  %10.1f us/event (x%.2f EA-6)  state %,d bytes%n", name, device, n,
                            us, us / eaSix.get(n), 4L * state.length);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "stream forecaster step");
        out.put("facts", RunFacts.collect());
        out.put("rows", rows);
        AtomicFiles.write(Path.of(args[1]), new GsonBuilder().setPrettyPrinting().create().toJson(out)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A state after {@code n} events: stepped for a constant-size (EA) state, tiled from 100 stepped events otherwise. */
    static float[] history(SeriesForecaster f, int n) {
        SplittableRandom r = new SplittableRandom(3);
        float[] state = f.initialState();
        int stepped = state.length == 0 ? Math.min(n, 100) : n;
        LocalDateTime t0 = LocalDateTime.of(2024, 1, 1, 0, 0);
        for (int i = 0; i < stepped; i++) state = f.step(state, t0.plusHours(i), new float[] {(float) r.nextGaussian()}).state();
        if (stepped == n) return state;
        float[] tiled = new float[state.length / stepped * n];
        for (int at = 0; at < tiled.length; at += state.length) {
            System.arraycopy(state, 0, tiled, at, Math.min(state.length, tiled.length - at));
        }
        return tiled;
    }
}
