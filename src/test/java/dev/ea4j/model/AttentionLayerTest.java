package dev.ea4j.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.kernels.LinearAttentionKernels;
import org.junit.jupiter.api.Test;

/** AttentionLayer's argument checks. */
class AttentionLayerTest {

    @Test
    void linearAttentionRejectsHeadDimensionsAboveTheKernelScratch() {
        int max = LinearAttentionKernels.MAX_HEAD_DIM;
        AttentionType la = AttentionType.parse("LA");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AttentionLayer("a", la, true, 2 * max, 1));
        assertTrue(e.getMessage().contains("head dimension"), e.getMessage());
        assertDoesNotThrow(() -> new AttentionLayer("a", la, true, 2 * max, 2));
        assertDoesNotThrow(() -> new AttentionLayer("a", AttentionType.parse("SA"), true, 2 * max, 1));
    }
}
