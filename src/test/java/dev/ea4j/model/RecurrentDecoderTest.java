package dev.ea4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.train.Batch;
import dev.ea4j.train.DeviceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recurrent decoding (O(p·D) per token) against the parallel causal forward of the same model. */
class RecurrentDecoderTest {

    static final int B = 3, L = 6, C = 4, H = 2;

    static Model forecaster(String attention) {
        return new Model(new ModelConfig(TaskKind.FORECAST, AttentionType.parse(attention), true, C, 16, 2, 2, H * C, L,
                false), 11);
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    static float[] parallelForecast(Model model, float[] window, String device) {
        BoundModel bound = model.bind(B, L);
        System.arraycopy(window, 0, bound.input(), 0, window.length);
        try (ExecutionPlan plan = new ExecutionPlan(bound.forwardGraphs().toArray(dev.ea4j.graph.ImmutableTaskGraph[]::new))
                .withDevice(device)) {
            plan.execute();
        }
        return bound.output().clone();
    }

    static void assertRelativelyClose(float[] expect, float[] got, double rel) {
        double max = 0;
        for (float e : expect) max = Math.max(max, Math.abs(e));
        final double scale = max;
        for (int i = 0; i < expect.length; i++) {
            final int at = i;
            assertTrue(Math.abs(expect[i] - got[i]) <= rel * scale,
                    () -> "element " + at + ": parallel " + expect[at] + " vs recurrent " + got[at] + " (scale " + scale + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EA-2", "EA-6"})
    void trainedForecasterDecodesLikeTheParallelForward(String attention) {
        Model model = forecaster(attention);
        // train a few steps so the weights are no longer the initial ones
        float[] x = random(B * L * C, 1), y = random(B * H * C, 2);
        Batch batch = new Batch() {
            public int size() { return B; }
            public int length() { return L; }
            public void fill(BoundModel m) {
                System.arraycopy(x, 0, m.input(), 0, x.length);
                System.arraycopy(y, 0, m.target(), 0, y.length);
            }
        };
        try (DeviceModel dm = new DeviceModel(model, "cpu", true, System.err)) {
            for (int s = 1; s <= 20; s++) {
                dm.forwardBackward(batch);
                dm.optimize(3e-3, 0.01, s, 1.0);
            }
            dm.downloadState();
        }
        float[] window = random(B * L * C, 3);
        float[] parallel = parallelForecast(model, window, "cpu");
        try (RecurrentDecoder dec = new RecurrentDecoder(model, B, "cpu", true)) {
            assertRelativelyClose(parallel, dec.forecast(window), 1e-4);
            assertRelativelyClose(parallel, dec.forecast(window), 1e-4); // reset works
        }
    }

    @Test
    void nextTokenLogitsMatchEveryPosition() {
        int V = 9, T = 7;
        Model model = new Model(new ModelConfig(TaskKind.NEXT_TOKEN, AttentionType.parse("EA-6"), true, V, 16, 2, 2, V, T,
                true), 5);
        BoundModel bound = model.bind(B, T);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < bound.ids().length; i++) bound.ids()[i] = r.nextInt(V);
        try (ExecutionPlan plan = new ExecutionPlan(bound.forwardGraphs().toArray(dev.ea4j.graph.ImmutableTaskGraph[]::new))
                .withDevice("java")) {
            plan.execute();
        }
        try (RecurrentDecoder dec = new RecurrentDecoder(model, B, "java", true)) {
            for (int t = 0; t < T; t++) {
                int[] tok = new int[B];
                for (int b = 0; b < B; b++) tok[b] = bound.ids()[b * T + t];
                float[] logits = dec.stepTokens(tok);
                float[] expect = new float[B * V];
                for (int b = 0; b < B; b++) System.arraycopy(bound.output(), (b * T + t) * V, expect, b * V, V);
                assertRelativelyClose(expect, logits, 1e-4);
            }
        }
    }

    @Test
    void concurrentSessionsGiveTheSameResultsAsOneAtATime() throws Exception {
        Model model = forecaster("EA-6");
        List<float[]> windows = new ArrayList<>();
        for (int i = 0; i < 8; i++) windows.add(random(B * L * C, 100 + i));
        List<float[]> sequential = new ArrayList<>();
        try (RecurrentDecoder dec = new RecurrentDecoder(model, B, "cpu", true)) {
            for (float[] w : windows) sequential.add(dec.forecast(w));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (float[] w : windows) {
                futures.add(pool.submit(() -> {
                    try (RecurrentDecoder dec = new RecurrentDecoder(model, B, "cpu", true)) {
                        return dec.forecast(w);
                    }
                }));
            }
            for (int i = 0; i < windows.size(); i++) assertArrayEquals(sequential.get(i), futures.get(i).get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void nonRecurrentModelsAreRefused() {
        Model sa = forecaster("SA");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RecurrentDecoder(sa, 1, "java", true));
        assertTrue(e.getMessage().contains("causal EA"), e.getMessage());
    }
}
