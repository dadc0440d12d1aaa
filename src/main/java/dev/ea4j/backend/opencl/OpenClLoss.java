package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.LossKernels;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.LossKernels} (resources/opencl/loss.cl): a parallel pass writes
 * the gradient and partial losses into a scratch buffer, then a one-work-group reduction writes the mean
 * into loss[0].
 */
final class OpenClLoss {

    private static final String FILE = "loss.cl";

    /** Most work-groups of the mean-squared-error partial pass (its partial sums fold in one group). */
    private static final int MAX_GROUPS = 256;

    private OpenClLoss() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(LossKernels::softmaxCrossEntropy, s -> (logits, labels, loss, grad, rows, classes) -> {
            int ls = s.geometry().reduceLocal();
            OpenClSession.Local red = new OpenClSession.Local((long) ls * Float.BYTES);
            float[] rowLoss = s.scratch("loss.rows", rows);
            float[] counted = s.scratch("loss.counted", 1);
            // labels < 0 are ignored: count the others, then mean over them
            groups(s, "count_labels", ls, ls, labels, rows, counted, red);
            groups(s, "softmax_cross_entropy_rows", (long) rows * ls, ls, logits, labels, grad, rowLoss, rows, classes,
                    counted, red);
            groups(s, "reduce_mean_by", ls, ls, rowLoss, rows, loss, counted, red);
        });
        t.add(LossKernels::meanSquaredError, s -> (pred, target, loss, grad, n) -> {
            int ls = s.geometry().reduceLocal();
            OpenClSession.Local red = new OpenClSession.Local((long) ls * Float.BYTES);
            int blocks = (int) Math.max(1, Math.min(MAX_GROUPS, ((long) n + ls - 1) / ls));
            float[] partial = s.scratch("loss.partial", blocks);
            groups(s, "mean_squared_error_partial", (long) blocks * ls, ls, pred, target, grad, partial, n, 2f / n,
                    red);
            groups(s, "reduce_mean", ls, ls, partial, blocks, loss, n, red);
        });
    }

    /** Launches {@code name} over {@code global} work-items in work-groups of exactly {@code local}. */
    private static void groups(OpenClSession s, String name, long global, int local, Object... args) {
        s.run(FILE, name, global, (long) local, args);
    }
}
