package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;

/**
 * A layer bound to one {@link BatchShape}: it owns the activation buffers for that shape and adds its
 * forward and backward tasks to task graphs. Parameter gradients are overwritten by the backward tasks.
 */
public interface Stage {

    /** Adds the forward tasks reading {@code x}; returns the output buffer. */
    float[] forward(TaskGraph graph, float[] x);

    /**
     * Adds the backward tasks for output gradient {@code gy}; returns the input gradient, or {@code null}
     * when {@code needInputGradient} is false (the first stage).
     */
    float[] backward(TaskGraph graph, float[] gy, boolean needInputGradient);
}
