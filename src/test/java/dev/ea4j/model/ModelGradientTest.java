package dev.ea4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole model's backward graphs against finite differences of its forward + loss graphs, on the
 * reference backend: checks that every layer's tasks are wired (residuals, norms, heads, embeddings).
 */
class ModelGradientTest {

    @ParameterizedTest(name = "{0} {1} causal={2} preNorm={3} dropout={4}")
    @CsvSource({"CLASSIFICATION, EA-2, false, false, 0", "CLASSIFICATION, EA-6, false, true, 0", "CLASSIFICATION, SA, false, false, 0",
                "CLASSIFICATION, LA, false, false, 0", "FORECAST, EA-6, true, false, 0", "FORECAST, SA, true, true, 0",
                "NEXT_TOKEN, EA-2, true, false, 0", "NEXT_TOKEN, LA, true, false, 0",
                "CLASSIFICATION, SA-eager, false, false, 0", "FORECAST, SA-eager, true, true, 0", "NEXT_TOKEN, SA-eager, true, false, 0",
                "STREAM_FORECAST, EA-6, true, false, 0", "STREAM_FORECAST, SA, true, true, 0",
                "CLASSIFICATION, EA-6, false, false, 0.3", "FORECAST, SA, true, true, 0.3", "NEXT_TOKEN, EA-2, true, false, 0.3"})
    void backwardMatchesFiniteDifferences(TaskKind task, String attention, boolean causal, boolean preNorm, double dropout) {
        int B = 2, L = 4, inputs = task == TaskKind.NEXT_TOKEN ? 7 : 3;
        int outputs = task == TaskKind.FORECAST ? 2 * 3 : task == TaskKind.NEXT_TOKEN ? 7 : 4;
        ModelConfig config = new ModelConfig(task, AttentionType.parse(attention), causal, inputs, 8, 2, 2, outputs, L, preNorm,
                dropout);
        assertGradientsMatch(config, B, L);
    }

    @ParameterizedTest(name = "flatten head {0} dropout={1}")
    @CsvSource({"EA-6, 0", "SA, 0", "EA-2, 0.3"})
    void flattenClassifierHeadMatchesFiniteDifferences(String attention, double dropout) {
        int B = 2, L = 4;
        assertGradientsMatch(new ModelConfig(TaskKind.CLASSIFICATION, AttentionType.parse(attention), false, 3, 8, 2, 2, 4,
                L, false, dropout, ClassifierHead.FLATTEN), B, L);
    }

    private static void assertGradientsMatch(ModelConfig config, int B, int L) {
        int inputs = config.inputs(), outputs = config.outputs();
        Model model = new Model(config, 7);
        model.dropout().train(12345); // one fixed mask for the analytic gradient and every finite difference
        BoundModel bound = model.bind(B, L);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < bound.input().length; i++) bound.input()[i] = (float) (r.nextDouble() * 2 - 1);
        for (int i = 0; i < bound.ids().length; i++) bound.ids()[i] = r.nextInt(inputs);
        for (int i = 0; i < bound.labels().length; i++) bound.labels()[i] = r.nextInt(outputs);
        for (int i = 0; i < bound.target().length; i++) bound.target()[i] = (float) r.nextGaussian();

        try (ExecutionPlan train = new ExecutionPlan(bound.trainingGraphs()).withDevice("java").withStrict(true)) {
            train.execute();
        }
        List<ImmutableTaskGraph> fwd = new ArrayList<>(bound.forwardGraphs());
        fwd.add(bound.lossGraph());
        try (ExecutionPlan loss = new ExecutionPlan(fwd.toArray(ImmutableTaskGraph[]::new)).withDevice("java")) {
            int checked = 0;
            for (Parameter p : model.parameters()) {
                float[] grad = p.grad().clone();
                double scale = 1e-3;
                for (float g : grad) scale = Math.max(scale, Math.abs(g));
                for (int idx : new int[] {0, p.size() / 2, p.size() - 1}) {
                    float keep = p.value()[idx];
                    float h = 1e-2f;
                    p.value()[idx] = keep + h;
                    loss.execute();
                    double up = bound.loss()[0];
                    p.value()[idx] = keep - h;
                    loss.execute();
                    double down = bound.loss()[0];
                    p.value()[idx] = keep;
                    double fd = (up - down) / (2 * h);
                    assertEquals(fd, grad[idx], 3e-2 * scale + 2e-3,
                            () -> p.name() + "[" + idx + "]: analytic " + grad[idx] + " vs finite difference " + fd);
                    checked++;
                }
            }
            assertTrue(checked > 30, "checked " + checked + " gradient entries");
        }
    }
}
