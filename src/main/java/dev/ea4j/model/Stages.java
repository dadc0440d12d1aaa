package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;

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

    /** y = GELU(x) over n values, as task {@code prefix}_gelu; its backward, gx = gy GELU'(x), as {@code prefix}_dgelu. */
    static Stage gelu(String prefix, int n) {
        return new Stage() {
            private final float[] y = new float[n];
            private final float[] gx = new float[n];
            private float[] x;

            @Override
            public float[] forward(TaskGraph g, float[] in) {
                x = in;
                g.task(prefix + "_gelu", DenseKernels::gelu, x, y, n);
                return y;
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                g.task(prefix + "_dgelu", DenseKernels::geluBackward, x, gy, gx, n);
                return gx;
            }
        };
    }
}
