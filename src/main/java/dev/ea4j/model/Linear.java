package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import java.util.List;

/** y = x W^T + b over rows. W: [out, in]; b: [out]; x: [rows, in]; y: [rows, out]. */
public final class Linear {

    private final String name;
    private final String taskId;
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer named {@code name} (task ids and parameter keys start with it). */
    public Linear(String name, int in, int out) {
        this.name = name;
        this.taskId = name.replace('.', '_');
        this.in = in;
        this.out = out;
        this.weight = Parameter.zeros(name + ".weight", true, out, in);
        this.bias = Parameter.zeros(name + ".bias", false, out);
    }

    /** The weight and bias. */
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** Input width. */
    public int in() {
        return in;
    }

    /** Output width. */
    public int out() {
        return out;
    }

    /** Binds to {@code rows} rows. */
    public Stage bind(int rows) {
        return new Stage() {
            private final float[] y = new float[rows * out];
            private final float[] gx = new float[rows * in];
            private float[] x;

            @Override
            public float[] forward(TaskGraph g, float[] input) {
                x = input;
                g.task(taskId + "_matmul", DenseKernels::matmulTransposeB, x, weight.value(), y, rows, out, in);
                g.task(taskId + "_bias", DenseKernels::addBias, y, bias.value(), rows, out);
                return y;
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                // dW = gy^T x, db = column sums of gy, dx = gy W
                g.task(taskId + "_dweight", DenseKernels::matmulTransposeA, gy, x, weight.grad(), out, in, rows);
                g.task(taskId + "_dbias", DenseKernels::biasGradient, gy, bias.grad(), rows, out);
                if (!needInputGradient) return null;
                g.task(taskId + "_dinput", DenseKernels::matmul, gy, weight.value(), gx, rows, in, out);
                return gx;
            }
        };
    }
}
