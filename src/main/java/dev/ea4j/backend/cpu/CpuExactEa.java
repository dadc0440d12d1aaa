package dev.ea4j.backend.cpu;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.ExactEaChannels;
import dev.ea4j.kernels.ExactEaKernels;
import jdk.incubator.vector.FloatVector;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.ExactEaKernels} (O(L^2 D)): parallel over (b, channel range),
 * vectorised across channels, one block of VL channels at a time so its key/value columns stay in cache;
 * per query row the same three passes as the reference (row max, softmax sums, gradients).
 */
public final class CpuExactEa {

    private CpuExactEa() {}

    static void register(TwinTable<CpuPool> t) {
        t.add(ExactEaKernels::forward, pool -> (q, k, v, y, B, L, D) -> forward(q, k, v, y, B, L, D, false, pool,
                VectorConfig.vectorized()));
        t.add(ExactEaKernels::causalForward, pool -> (q, k, v, y, B, L, D) -> forward(q, k, v, y, B, L, D, true, pool,
                VectorConfig.vectorized()));
        t.add(ExactEaKernels::backward, pool -> (q, k, v, gy, dq, dk, dv, B, L, D) -> backward(q, k, v, gy, dq, dk, dv,
                B, L, D, false, pool, VectorConfig.vectorized()));
        t.add(ExactEaKernels::causalBackward, pool -> (q, k, v, gy, dq, dk, dv, B, L, D) -> backward(q, k, v, gy, dq,
                dk, dv, B, L, D, true, pool, VectorConfig.vectorized()));
    }

    /** Twin of {@code ExactEaKernels.forward} / {@code causalForward}. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, boolean causal,
                               CpuPool pool, boolean vector) {
        CpuVectorMath.segments(pool, B, D, vector, (long) B * L * L * D, (b, c0, c1) -> {
            int base = b * L * D;
            int c = c0;
            if (vector) {
                for (; c + VL <= c1; c += VL) {
                    int col = base + c;
                    for (int i = 0; i < L; i++) {
                        int last = causal ? i : L - 1;
                        FloatVector qi = FloatVector.fromArray(S, q, col + i * D);
                        FloatVector mx = rowMax(qi, k, col, last, D);
                        FloatVector sum = qi.broadcast(0f), acc = sum;
                        for (int j = 0; j <= last; j++) {
                            int at = col + j * D;
                            FloatVector w = CpuVectorMath.exp(score(qi, FloatVector.fromArray(S, k, at)).sub(mx));
                            sum = sum.add(w);
                            acc = w.fma(FloatVector.fromArray(S, v, at), acc);
                        }
                        acc.div(sum).intoArray(y, col + i * D);
                    }
                }
            }
            ExactEaChannels.forward(q, k, v, y, B, L, D, causal ? 1 : 0, b * D + c, b * D + c1);
        });
    }

    /** Twin of {@code ExactEaKernels.backward} / {@code causalBackward}. */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, boolean causal, CpuPool pool, boolean vector) {
        CpuVectorMath.segments(pool, B, D, vector, 3L * B * L * L * D, (b, c0, c1) -> {
            int base = b * L * D;
            int c = c0;
            if (vector) {
                for (; c + VL <= c1; c += VL) {
                    int col = base + c;
                    FloatVector zero = FloatVector.zero(S);
                    for (int j = 0; j < L; j++) {
                        zero.intoArray(dk, col + j * D);
                        zero.intoArray(dv, col + j * D);
                    }
                    for (int i = 0; i < L; i++) {
                        int last = causal ? i : L - 1;
                        FloatVector qi = FloatVector.fromArray(S, q, col + i * D);
                        FloatVector gi = FloatVector.fromArray(S, gy, col + i * D);
                        FloatVector mx = rowMax(qi, k, col, last, D);
                        FloatVector sum = zero, acc = zero;
                        for (int j = 0; j <= last; j++) {
                            int at = col + j * D;
                            FloatVector w = CpuVectorMath.exp(score(qi, FloatVector.fromArray(S, k, at)).sub(mx));
                            sum = sum.add(w);
                            acc = w.fma(FloatVector.fromArray(S, v, at), acc);
                        }
                        FloatVector yi = acc.div(sum);
                        FloatVector gs = gi.div(sum);
                        FloatVector gq = zero;
                        for (int j = 0; j <= last; j++) {
                            int at = col + j * D;
                            FloatVector kj = FloatVector.fromArray(S, k, at);
                            FloatVector d = qi.sub(kj);
                            FloatVector wg = CpuVectorMath.exp(score(qi, kj).sub(mx)).mul(gs);
                            wg.add(FloatVector.fromArray(S, dv, at)).intoArray(dv, at);
                            FloatVector ds2 = wg.mul(FloatVector.fromArray(S, v, at).sub(yi)).mul(d).mul(2f);
                            gq = gq.sub(ds2);
                            ds2.add(FloatVector.fromArray(S, dk, at)).intoArray(dk, at);
                        }
                        gq.intoArray(dq, col + i * D);
                    }
                }
            }
            ExactEaChannels.backward(q, k, v, gy, dq, dk, dv, B, L, D, causal ? 1 : 0, b * D + c, b * D + c1);
        });
    }

    private static FloatVector rowMax(FloatVector qi, float[] k, int col, int last, int D) {
        FloatVector mx = qi.broadcast(Float.NEGATIVE_INFINITY);
        for (int j = 0; j <= last; j++) mx = mx.max(score(qi, FloatVector.fromArray(S, k, col + j * D)));
        return mx;
    }

    /** -(q - k)^2 capped at -Float.MAX_VALUE, as {@code ExactEaChannels.score}. */
    private static FloatVector score(FloatVector qi, FloatVector kj) {
        FloatVector d = qi.sub(kj);
        return d.mul(d).min(Float.MAX_VALUE).neg();
    }
}
