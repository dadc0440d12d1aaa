package dev.ea4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A model's dropout: evaluation drops nothing, training draws a mask per seed, the mask follows the seed. */
class DropoutTest {

    private static final ModelConfig CONFIG = new ModelConfig(TaskKind.CLASSIFICATION, AttentionType.parse("EA-6"), false,
            3, 8, 2, 2, 4, 5, false);

    @Test
    void evaluationMatchesTheModelWithoutDropout() {
        float[] plain = forward(new Model(CONFIG, 7), null);
        Model dropped = new Model(CONFIG.withDropout(0.4), 7);
        dropped.dropout().evaluate();
        assertArrayEquals(plain, forward(dropped, null));
    }

    @Test
    void trainingDrawsAMaskThatFollowsTheSeed() {
        Model m = new Model(CONFIG.withDropout(0.4), 7);
        float[] eval = forward(m, null);
        float[] a = forward(m, 11), again = forward(m, 11), b = forward(m, 12);
        assertArrayEquals(a, again);
        assertNotEquals(java.util.Arrays.toString(eval), java.util.Arrays.toString(a));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    }

    @Test
    void stepSeedsDifferPerStepAndRunSeed() {
        assertNotEquals(Dropout.stepSeed(1, 1), Dropout.stepSeed(1, 2));
        assertNotEquals(Dropout.stepSeed(1, 1), Dropout.stepSeed(2, 1));
        assertEquals(Dropout.stepSeed(3, 40), Dropout.stepSeed(3, 40));
    }

    @Test
    void dropoutAddsOneTaskPerSiteForwardAndBackward() {
        // 2 blocks x (attention, hidden, feed-forward) + embeddings + classifier input = 8 sites
        assertEquals(0, dropoutTasks(new Model(CONFIG, 7)));
        assertEquals(16, dropoutTasks(new Model(CONFIG.withDropout(0.1), 7)));
    }

    private static long dropoutTasks(Model m) {
        long n = 0;
        for (ImmutableTaskGraph g : m.bind(2, 5).trainingGraphs()) n += g.taskIds().stream().filter(t -> t.contains("_drop")).count();
        return n;
    }

    /** The classifier's logits for a fixed batch; {@code seed} null: evaluation, else one training mask. */
    private static float[] forward(Model m, Integer seed) {
        if (seed == null) m.dropout().evaluate();
        else m.dropout().train(seed);
        BoundModel bound = m.bind(2, 5);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < bound.input().length; i++) bound.input()[i] = (float) (r.nextDouble() * 2 - 1);
        try (ExecutionPlan plan = new ExecutionPlan(bound.forwardGraphs().toArray(ImmutableTaskGraph[]::new))
                .withDevice("java").withStrict(true)) {
            plan.execute();
        }
        return bound.output().clone();
    }
}
