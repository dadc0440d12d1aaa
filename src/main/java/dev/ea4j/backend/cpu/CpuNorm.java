package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.NormKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.NormKernels}: rows split across threads, each row's sums and
 * updates vectorized over the columns; the dgamma/dbeta reduction splits the columns instead. The
 * {@code vector} flag selects the Vector API body (false: scalar).
 */
public final class CpuNorm {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;

    private CpuNorm() {}

    /** Registers the twins under {@code NormKernels.method}. */
    static void register(TwinTable<CpuPool> t) {
        t.add(NormKernels::layerNorm, pool -> (x, gamma, beta, y, mean, rstd, rows, cols, eps) -> layerNorm(x, gamma,
                beta, y, mean, rstd, rows, cols, eps, pool, VectorConfig.vectorized()));
        t.add(NormKernels::layerNormBackward, pool -> (x, gamma, mean, rstd, gy, gx, dgamma, dbeta, rows, cols) ->
                layerNormBackward(x, gamma, mean, rstd, gy, gx, dgamma, dbeta, rows, cols, pool,
                VectorConfig.vectorized()));
    }

    /** y = (x - mean) rstd gamma + beta, saving mean and rstd. */
    public static void layerNorm(float[] x, float[] gamma, float[] beta, float[] y, float[] mean, float[] rstd,
                                 int rows, int cols, float eps, CpuPool pool, boolean vector) {
        pool.parallelFor(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                int c = 0;
                float s = 0f;
                if (vector) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
                        acc = acc.add(FloatVector.fromArray(S, x, o + c));
                    }
                    s = LaneSums.sum(acc);
                }
                for (; c < cols; c++) s += x[o + c];
                float mu = s / cols;
                c = 0;
                float ss = 0f;
                if (vector) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
                        FloatVector d = FloatVector.fromArray(S, x, o + c).sub(mu);
                        acc = d.fma(d, acc);
                    }
                    ss = LaneSums.sum(acc);
                }
                for (; c < cols; c++) {
                    float d = x[o + c] - mu;
                    ss += d * d;
                }
                float rs = (float) (1.0 / Math.sqrt(ss / cols + eps));
                c = 0;
                if (vector) {
                    for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
                        FloatVector.fromArray(S, x, o + c).sub(mu).mul(rs).mul(FloatVector.fromArray(S, gamma, c))
                                .add(FloatVector.fromArray(S, beta, c)).intoArray(y, o + c);
                    }
                }
                for (; c < cols; c++) y[o + c] = (x[o + c] - mu) * rs * gamma[c] + beta[c];
                mean[r] = mu;
                rstd[r] = rs;
            }
        });
    }

    /** gx, dgamma, dbeta (overwritten) from gy and the saved mean/rstd. */
    public static void layerNormBackward(float[] x, float[] gamma, float[] mean, float[] rstd, float[] gy, float[] gx,
                                         float[] dgamma, float[] dbeta, int rows, int cols, CpuPool pool,
                                         boolean vector) {
        pool.parallelFor(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                float mu = mean[r];
                float rs = rstd[r];
                float sg = 0f;
                float sgx = 0f;
                int c = 0;
                if (vector) {
                    FloatVector ag = FloatVector.zero(S);
                    FloatVector agx = FloatVector.zero(S);
                    for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
                        FloatVector g = FloatVector.fromArray(S, gy, o + c).mul(FloatVector.fromArray(S, gamma, c));
                        FloatVector xh = FloatVector.fromArray(S, x, o + c).sub(mu).mul(rs);
                        ag = ag.add(g);
                        agx = g.fma(xh, agx);
                    }
                    sg = LaneSums.sum(ag);
                    sgx = LaneSums.sum(agx);
                }
                for (; c < cols; c++) {
                    float g = gy[o + c] * gamma[c];
                    sg += g;
                    sgx += g * (x[o + c] - mu) * rs;
                }
                float mg = sg / cols;
                float mgx = sgx / cols;
                c = 0;
                if (vector) {
                    for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
                        FloatVector xh = FloatVector.fromArray(S, x, o + c).sub(mu).mul(rs);
                        FloatVector g = FloatVector.fromArray(S, gy, o + c).mul(FloatVector.fromArray(S, gamma, c));
                        g.sub(mg).sub(xh.mul(mgx)).mul(rs).intoArray(gx, o + c);
                    }
                }
                for (; c < cols; c++) {
                    float xhat = (x[o + c] - mu) * rs;
                    gx[o + c] = rs * (gy[o + c] * gamma[c] - mg - xhat * mgx);
                }
            }
        });
        int grain = vector ? S.length() : 1;
        pool.parallelFor(cols, grain, (from, to) -> {
            int c = from;
            if (vector) {
                for (int bound = from + S.loopBound(to - from); c < bound; c += S.length()) {
                    FloatVector ag = FloatVector.zero(S);
                    FloatVector ab = FloatVector.zero(S);
                    for (int r = 0; r < rows; r++) {
                        FloatVector g = FloatVector.fromArray(S, gy, r * cols + c);
                        FloatVector xh = FloatVector.fromArray(S, x, r * cols + c).sub(mean[r]).mul(rstd[r]);
                        ag = g.fma(xh, ag);
                        ab = ab.add(g);
                    }
                    ag.intoArray(dgamma, c);
                    ab.intoArray(dbeta, c);
                }
            }
            for (; c < to; c++) {
                float sgm = 0f;
                float sb = 0f;
                for (int r = 0; r < rows; r++) {
                    float g = gy[r * cols + c];
                    sgm += g * (x[r * cols + c] - mean[r]) * rstd[r];
                    sb += g;
                }
                dgamma[c] = sgm;
                dbeta[c] = sb;
            }
        });
    }
}
