package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.DataTransferMode.EVERY_EXECUTION;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;

import dev.ea4j.kernels.LossKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenCL twins of LossKernels vs the java reference, both through TaskGraph + ExecutionPlan. */
class OpenClLossTest {

    /** Gradients element-wise; the loss is a float tree reduction vs the reference's double sum. */
    private static final double TOL = 1e-5;

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClLossTest");
    }

    @ParameterizedTest(name = "rows={0} classes={1}")
    @CsvSource({"1, 1", "7, 3", "37, 11", "130, 1000", "1000, 17"})
    void softmaxCrossEntropyMatchesReference(int rows, int classes) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] logits = normal(91, rows * classes, 3);
            int[] labels = new int[rows];
            SplittableRandom r = new SplittableRandom(92);
            for (int i = 0; i < rows; i++) labels[i] = r.nextInt(classes);
            float[] loss = poisoned(1), grad = poisoned(rows * classes);
            g.transferToDevice(EVERY_EXECUTION, logits, labels)
                    .task("ce", LossKernels::softmaxCrossEntropy, logits, labels, loss, grad, rows, classes)
                    .transferToHost(EVERY_EXECUTION, loss, grad);
            return new float[][] {loss, grad};
        });
        o.assertClose(0, TOL, "softmaxCrossEntropy loss");
        o.assertClose(1, TOL, "softmaxCrossEntropy grad");
    }

    @ParameterizedTest(name = "rows={0} classes={1} ignoreEvery={2}")
    @CsvSource({"1, 1, 1", "7, 3, 2", "37, 11, 3", "1000, 17, 1", "1000, 17, 5"})
    void softmaxCrossEntropyIgnoresNegativeLabels(int rows, int classes, int ignoreEvery) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] logits = normal(93, rows * classes, 3);
            int[] labels = new int[rows];
            SplittableRandom r = new SplittableRandom(94);
            for (int i = 0; i < rows; i++) labels[i] = i % ignoreEvery == 0 ? LossKernels.IGNORE : r.nextInt(classes);
            float[] loss = poisoned(1), grad = poisoned(rows * classes);
            g.transferToDevice(EVERY_EXECUTION, logits, labels)
                    .task("ce", LossKernels::softmaxCrossEntropy, logits, labels, loss, grad, rows, classes)
                    .transferToHost(EVERY_EXECUTION, loss, grad);
            return new float[][] {loss, grad};
        });
        o.assertClose(0, TOL, "softmaxCrossEntropy (ignored labels) loss");
        o.assertClose(1, TOL, "softmaxCrossEntropy (ignored labels) grad");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 1000, 100_003})
    void meanSquaredErrorMatchesReference(int n) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] pred = normal(101, n, 1), target = normal(102, n, 1);
            float[] loss = poisoned(1), grad = poisoned(n);
            g.transferToDevice(EVERY_EXECUTION, pred, target)
                    .task("mse", LossKernels::meanSquaredError, pred, target, loss, grad, n)
                    .transferToHost(EVERY_EXECUTION, loss, grad);
            return new float[][] {loss, grad};
        });
        o.assertClose(0, TOL, "meanSquaredError loss");
        o.assertClose(1, TOL, "meanSquaredError grad");
    }
}
