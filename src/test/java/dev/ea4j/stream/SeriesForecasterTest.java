package dev.ea4j.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.data.Features;
import dev.ea4j.data.ForecastWindows;
import dev.ea4j.data.Standardizer;
import dev.ea4j.data.TimeFeatures;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.Model;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.TaskKind;
import dev.ea4j.train.tasks.ForecastInference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Streaming forecasters against the parallel forward of the same model on the same prefix, and their state. */
class SeriesForecasterTest {

    static final int H = 3, D = 16, LAYERS = 2;
    static final List<String> COLUMNS = List.of("a", "b", "OT");
    static final LocalDateTime START = LocalDateTime.of(2024, 3, 1, 0, 0);

    /** A small untrained streaming model over columns a, b, OT (features MS: all in, OT out) with time features. */
    static Model model(String attention) {
        return new Model(new ModelConfig(TaskKind.STREAM_FORECAST, AttentionType.parse(attention), true,
                COLUMNS.size() + TimeFeatures.COUNT, D, LAYERS, 2, H, 8, false), 5);
    }

    static ForecastInference info() {
        Standardizer s = Standardizer.of(new double[] {1, -2, 10}, new double[] {2, 0.5, 4});
        return new ForecastInference(COLUMNS, Features.MS, 2, true, false, s, 8, H, true);
    }

    /** Event t: its values on the original scale. */
    static float[][] events(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] v = new float[n][COLUMNS.size()];
        for (float[] row : v) {
            row[0] = (float) (1 + 2 * r.nextGaussian());
            row[1] = (float) (-2 + 0.5 * r.nextGaussian());
            row[2] = (float) (10 + 4 * r.nextGaussian());
        }
        return v;
    }

    static LocalDateTime time(int t) {
        return START.plusHours(t);
    }

    /** The forecast after the last of {@code rows} by the parallel causal forward, fed as training feeds it. */
    static float[] parallelForecast(Model model, ForecastInference info, float[][] rows) {
        int n = rows.length;
        float[][] scaled = info.scaler().transform(rows);
        float[][] time = new float[n][TimeFeatures.COUNT];
        for (int t = 0; t < n; t++) TimeFeatures.encode(time(t), time[t], 0);
        BoundModel bound = model.bind(1, n);
        ForecastWindows.encodeInput(scaled, time, 0, n, info.inputColumns(), false, bound.input(), 0);
        try (ExecutionPlan plan = new ExecutionPlan(bound.forwardGraphs().toArray(ImmutableTaskGraph[]::new)).withDevice("java")) {
            plan.execute();
        }
        float[] y = java.util.Arrays.copyOfRange(bound.output(), (n - 1) * H, n * H);
        float[][] out = info.unscale(y, info.scaler().select(info.outputColumns()));
        float[] flat = new float[H];
        for (int h = 0; h < H; h++) flat[h] = out[h][0];
        return flat;
    }

    @ParameterizedTest
    @CsvSource({"EA-6, java", "EA-2, java", "SA, java", "SA-eager, java", "EA-6, cpu", "SA, cpu"})
    void everyForecastEqualsTheParallelForwardOfThePrefix(String attention, String device) {
        Model model = model(attention);
        ForecastInference info = info();
        float[][] ev = events(24, 7);
        try (SeriesForecaster f = SeriesForecasters.of(model, info, device, true)) {
            float[] state = f.initialState();
            for (int t = 0; t < ev.length; t++) {
                SeriesForecaster.Step s = f.step(state, time(t), ev[t]);
                state = s.state();
                float[] expect = parallelForecast(model, info, java.util.Arrays.copyOf(ev, t + 1));
                for (int h = 0; h < H; h++) {
                    int at = t, hh = h;
                    double got = s.forecast()[h][0];
                    assertTrue(Math.abs(got - expect[h]) <= 1e-5 * Math.max(1, Math.abs(expect[h])),
                            () -> attention + " event " + at + " step " + hh + ": stream " + got + " vs parallel " + expect[hh]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EA-6", "SA"})
    void aRestoredStateGivesBitIdenticalForecasts(String attention) throws IOException {
        Model model = model(attention);
        float[][] ev = events(30, 3);
        float[] state;
        float[][] expect, got;
        try (SeriesForecaster f = SeriesForecasters.of(model, info(), "java", true)) {
            state = f.initialState();
            for (int t = 0; t < 20; t++) state = f.step(state, time(t), ev[t]).state();
            expect = f.step(state, time(20), ev[20]).forecast();
        }
        float[] restored = roundTrip(state);
        try (SeriesForecaster fresh = SeriesForecasters.of(model(attention), info(), "java", true)) {
            // a fresh forecaster that served another series first
            float[] other = fresh.initialState();
            for (int t = 0; t < 5; t++) other = fresh.step(other, time(t), ev[29 - t]).state();
            got = fresh.step(restored, time(20), ev[20]).forecast();
        }
        for (int h = 0; h < H; h++) assertArrayEquals(expect[h], got[h], 0f, "step " + h);
    }

    static float[] roundTrip(float[] state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.length);
            for (float v : state) out.writeFloat(v);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            float[] back = new float[in.readInt()];
            for (int i = 0; i < back.length; i++) back[i] = in.readFloat();
            return back;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EA-6", "EA-2"})
    void anEaStateStaysTheSameSizeOver200Events(String attention) {
        float[][] ev = events(200, 9);
        int p = AttentionType.parse(attention).order();
        try (SeriesForecaster f = SeriesForecasters.of(model(attention), info(), "java", true)) {
            float[] state = f.initialState();
            int size = LAYERS * D * (2 * (p + 1) + 1);
            assertEquals(size, state.length, "s, z [D, p+1] and m [D] per layer");
            for (int t = 0; t < ev.length; t++) {
                float[] before = state;
                state = f.step(state, time(t), ev[t]).state();
                assertEquals(size, state.length, "after event " + t);
                assertNotEquals(before, state, "a new array");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SA", "SA-eager"})
    void aKvStateGrowsByOneKeyAndValueRowPerLayerAndEvent(String attention) {
        float[][] ev = events(300, 9); // past the first cache of 256 positions
        try (SeriesForecaster f = SeriesForecasters.of(model(attention), info(), "java", true)) {
            float[] state = f.initialState();
            assertEquals(0, state.length);
            for (int t = 0; t < ev.length; t++) {
                state = f.step(state, time(t), ev[t]).state();
                assertEquals((t + 1) * 2 * LAYERS * D, state.length, "after event " + t);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EA-6", "SA"})
    void badEventsAndStatesAreRejectedByName(String attention) {
        try (SeriesForecaster f = SeriesForecasters.of(model(attention), info(), "java", true)) {
            assertEquals(COLUMNS, f.inputNames());
            assertEquals(List.of("OT"), f.outputNames());
            assertEquals(H, f.horizon());
            float[] s0 = f.initialState();
            var nan = assertThrows(IllegalArgumentException.class,
                    () -> f.step(s0, time(0), new float[] {1, Float.NaN, 3}));
            assertTrue(nan.getMessage().contains("value b is NaN"), nan.getMessage());
            var width = assertThrows(IllegalArgumentException.class, () -> f.step(s0, time(0), new float[] {1, 2}));
            assertTrue(width.getMessage().contains("3 values [a, b, OT], got 2"), width.getMessage());
            var noTime = assertThrows(IllegalArgumentException.class, () -> f.step(s0, null, new float[] {1, 2, 3}));
            assertTrue(noTime.getMessage().contains("time"), noTime.getMessage());
            var state = assertThrows(IllegalArgumentException.class, () -> f.step(new float[7], time(0), new float[] {1, 2, 3}));
            assertTrue(state.getMessage().contains("state"), state.getMessage());
            assertTrue(f.describe().contains(attention), f.describe());
        }
    }
}
