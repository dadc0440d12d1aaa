package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;

/** Small compositions of {@link Stage}s. */
final class Stages {

    /** The stage that adds no task: y = x, gx = gy. */
    static final Stage IDENTITY = new Stage() {
        @Override
        public float[] forward(TaskGraph g, float[] x) {
            return x;
        }

        @Override
        public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
            return gy;
        }
    };

    private Stages() {}

    /** y = second(first(x)); the backward runs second's, then first's. */
    static Stage then(Stage first, Stage second) {
        if (second == IDENTITY) return first;
        if (first == IDENTITY) return second;
        return new Stage() {
            @Override
            public float[] forward(TaskGraph g, float[] x) {
                return second.forward(g, first.forward(g, x));
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                return first.backward(g, second.backward(g, gy, true), needInputGradient);
            }
        };
    }
}
