package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DropoutKernels;

/**
 * A model's dropout: the rate fixed by its {@link ModelConfig}, and one control buffer that every site reads
 * ({@link DropoutKernels#dropout}): the plan that trains sets a fresh seed and the threshold before each step, the
 * plan that evaluates sets the threshold to 0 (identity). Each site salts the mask with its task id, so sites
 * draw independent masks and the backward redraws its forward's.
 */
public final class Dropout {

    private final double rate;
    private final int[] control = new int[DropoutKernels.CONTROL_LENGTH];

    Dropout(double rate) {
        this.rate = rate;
    }

    /** Whether the training graphs drop anything. */
    public boolean active() {
        return rate > 0;
    }

    /** The control buffer the graphs read; transfer it to the device with every execution. */
    public int[] control() {
        return control;
    }

    /** Sets the control for one training step drawing masks from {@code seed}. */
    public void train(int seed) {
        control[0] = DropoutKernels.threshold(rate);
        control[1] = seed;
    }

    /** Sets the control for evaluation: nothing is dropped. */
    public void evaluate() {
        control[0] = 0;
        control[1] = 0;
    }

    /** The seed of optimizer step {@code step} (1-based) of a run seeded {@code seed}; the same on resume. */
    public static int stepSeed(long seed, long step) {
        return DropoutKernels.mix((int) (seed ^ (seed >>> 32)) * 0x9E3779B9 + DropoutKernels.mix((int) step));
    }

    /** A site over {@code n} elements named {@code taskId}; the identity (no task, no buffer) without dropout. */
    Stage site(String taskId, int n) {
        if (!active()) return Stages.IDENTITY;
        int salt = taskId.hashCode();
        return new Stage() {
            private final float[] y = new float[n];
            private final float[] gx = new float[n];

            @Override
            public float[] forward(TaskGraph g, float[] x) {
                g.task(taskId, DropoutKernels::dropout, x, y, control, salt, n);
                return y;
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                g.task(taskId + "_bwd", DropoutKernels::dropout, gy, gx, control, salt, n);
                return gx;
            }
        };
    }
}
