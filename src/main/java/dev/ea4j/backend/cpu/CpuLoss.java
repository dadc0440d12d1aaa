package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.LossKernels;
import java.util.concurrent.ConcurrentSkipListMap;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.LossKernels}: rows (elements) split across threads, each
 * chunk writes its part of the gradient and a partial loss sum (keyed by its first index); the partials
 * are added in index order, so the result does not depend on thread timing.
 */
public final class CpuLoss {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;

    private CpuLoss() {}

    /** Registers the twins under {@code LossKernels.method}. */
    static void register(TwinTable<CpuPool> t) {
        t.add(LossKernels::softmaxCrossEntropy, pool -> (logits, labels, loss, grad, rows, classes) ->
                softmaxCrossEntropy(logits, labels, loss, grad, rows, classes, pool, VectorConfig.vectorized()));
        t.add(LossKernels::meanSquaredError, pool -> (pred, target, loss, grad, n) -> meanSquaredError(pred, target,
                loss, grad, n, pool, VectorConfig.vectorized()));
    }

    /**
     * Softmax cross-entropy, mean over the rows with a label >= 0 (negative labels are ignored: zero
     * gradient, no loss); grad already divided by that count; 0 and zero gradient when nothing counts.
     */
    public static void softmaxCrossEntropy(float[] logits, int[] labels, float[] loss, float[] grad, int rows,
                                           int classes, CpuPool pool, boolean vector) {
        ConcurrentSkipListMap<Integer, Double> partial = new ConcurrentSkipListMap<>();
        int counted = 0;
        for (int r = 0; r < rows; r++) if (labels[r] >= 0) counted++;
        float invRows = counted == 0 ? 0f : 1f / counted;
        pool.parallelFor(rows, (from, to) -> {
            double total = 0.0;
            for (int r = from; r < to; r++) {
                int o = r * classes;
                if (labels[r] < 0) {
                    java.util.Arrays.fill(grad, o, o + classes, 0f);
                    continue;
                }
                int c = 0;
                float m = Float.NEGATIVE_INFINITY;
                if (vector) {
                    FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                    for (int bound = S.loopBound(classes); c < bound; c += S.length()) {
                        mv = mv.max(FloatVector.fromArray(S, logits, o + c));
                    }
                    m = mv.reduceLanes(VectorOperators.MAX);
                }
                for (; c < classes; c++) m = Math.max(m, logits[o + c]);
                // grad holds exp(logit - m) until the normaliser is known
                c = 0;
                float s = 0f;
                if (vector) {
                    FloatVector sv = FloatVector.zero(S);
                    for (int bound = S.loopBound(classes); c < bound; c += S.length()) {
                        FloatVector e = CpuVectorMath.exp(FloatVector.fromArray(S, logits, o + c).sub(m));
                        e.intoArray(grad, o + c);
                        sv = sv.add(e);
                    }
                    s = LaneSums.sum(sv);
                }
                for (; c < classes; c++) {
                    float e = (float) Math.exp(logits[o + c] - m);
                    grad[o + c] = e;
                    s += e;
                }
                float k = invRows / s;
                c = 0;
                if (vector) {
                    for (int bound = S.loopBound(classes); c < bound; c += S.length()) {
                        FloatVector.fromArray(S, grad, o + c).mul(k).intoArray(grad, o + c);
                    }
                }
                for (; c < classes; c++) grad[o + c] *= k;
                grad[o + labels[r]] -= invRows;
                total += m + Math.log(s) - logits[o + labels[r]];
            }
            partial.put(from, total);
        });
        double total = 0.0;
        for (double t : partial.values()) total += t;
        loss[0] = counted == 0 ? 0f : (float) (total / counted);
    }

    /** Mean squared error; grad = 2 (pred - target) / n. */
    public static void meanSquaredError(float[] pred, float[] target, float[] loss, float[] grad, int n,
                                        CpuPool pool, boolean vector) {
        ConcurrentSkipListMap<Integer, Double> partial = new ConcurrentSkipListMap<>();
        float g = 2f / n;
        int grain = vector ? S.length() : 1;
        pool.parallelFor(n, grain, (from, to) -> {
            int i = from;
            double total = 0.0;
            if (vector) {
                for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
                    FloatVector d = FloatVector.fromArray(S, pred, i).sub(FloatVector.fromArray(S, target, i));
                    d.mul(g).intoArray(grad, i);
                    total += LaneSums.sum(d.mul(d));
                }
            }
            for (; i < to; i++) {
                float d = pred[i] - target[i];
                grad[i] = g * d;
                total += (double) d * d;
            }
            partial.put(from, total);
        });
        double total = 0.0;
        for (double t : partial.values()) total += t;
        loss[0] = (float) (total / n);
    }
}
