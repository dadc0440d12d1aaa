package dev.ea4j.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** KV-cache decoding of a causal SA model against the parallel causal forward of the same model. */
class KvCacheDecoderTest {

    static final int B = 2, L = 7, V = 11, D = 16, H = 4;

    @Test
    void decodesLikeTheParallelForward() {
        Model model = new Model(new ModelConfig(TaskKind.NEXT_TOKEN, AttentionType.parse("SA"), true, V, D, 2, H, V, L,
                false), 5);
        SplittableRandom r = new SplittableRandom(3);
        int[] tokens = new int[B * L];
        for (int i = 0; i < tokens.length; i++) tokens[i] = r.nextInt(V);
        BoundModel bound = model.bind(B, L);
        System.arraycopy(tokens, 0, bound.ids(), 0, tokens.length);
        try (ExecutionPlan plan = new ExecutionPlan(bound.forwardGraphs().toArray(ImmutableTaskGraph[]::new)).withDevice("cpu")) {
            plan.execute();
        }
        float[] parallel = bound.output();
        double scale = 0;
        for (float x : parallel) scale = Math.max(scale, Math.abs(x));
        try (KvCacheDecoder dec = new KvCacheDecoder(model, B, L, "cpu", true)) {
            for (int t = 0; t < L; t++) {
                int[] ids = new int[B];
                for (int b = 0; b < B; b++) ids[b] = tokens[b * L + t];
                float[] logits = dec.stepTokens(ids);
                for (int b = 0; b < B; b++) {
                    for (int v = 0; v < V; v++) {
                        float want = parallel[(b * L + t) * V + v], got = logits[b * V + v];
                        final int tt = t;
                        assertTrue(Math.abs(want - got) <= 1e-4 * scale, () -> "t=" + tt + ": " + want + " vs " + got);
                    }
                }
            }
            assertThrows(IllegalStateException.class, () -> dec.stepTokens(new int[B]));
        }
    }

    @Test
    void refusesEa() {
        Model model = new Model(new ModelConfig(TaskKind.NEXT_TOKEN, AttentionType.parse("EA-2"), true, V, D, 1, H, V, L,
                false), 5);
        assertThrows(IllegalArgumentException.class, () -> new KvCacheDecoder(model, B, L, "cpu", true));
    }
}
