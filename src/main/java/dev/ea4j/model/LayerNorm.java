package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.NormKernels;
import java.util.List;

/** y = (x - mean) / sqrt(var + eps) * gamma + beta over the last axis of width D. */
public final class LayerNorm {

    private static final float EPS = 1e-5f;

    private final String name;
    private final String taskId;
    private final int width;
    private final Parameter gamma;
    private final Parameter beta;

    /** A LayerNorm of width {@code width} with gamma = 1, beta = 0. */
    public LayerNorm(String name, int width) {
        this.name = name;
        this.taskId = name.replace('.', '_');
        this.width = width;
        this.gamma = Parameter.zeros(name + ".gamma", false, width).fill(1f);
        this.beta = Parameter.zeros(name + ".beta", false, width);
    }

    /** Gamma and beta. */
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    /** Binds to {@code rows} rows. */
    public Stage bind(int rows) {
        return new Stage() {
            private final float[] y = new float[rows * width];
            private final float[] mean = new float[rows];
            private final float[] rstd = new float[rows];
            private final float[] gx = new float[rows * width];
            private float[] x;

            @Override
            public float[] forward(TaskGraph g, float[] input) {
                x = input;
                g.task(taskId, NormKernels::layerNorm, x, gamma.value(), beta.value(), y, mean, rstd, rows, width, EPS);
                return y;
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                g.task(taskId + "_bwd", NormKernels::layerNormBackward, x, gamma.value(), mean, rstd, gy, gx,
                        gamma.grad(), beta.grad(), rows, width);
                return gx;
            }
        };
    }
}
