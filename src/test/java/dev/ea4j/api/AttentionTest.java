package dev.ea4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The facade on java and cpu: EA-series against a double-precision Figure 2 reimplementation, recurrent
 * against causal, and EA-series gradients against central finite differences of the double version.
 * Needs the real kernels (fails against the skeleton stubs).
 */
class AttentionTest {

    private static final int B = 2, L = 37, D = 5;

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    /** Figure 2 of the paper in double: y = sum_n a_n q^n S_n / sum_n a_n q^n Z_n. All [B, L, D]. */
    static double[] eaSeries(double[] q, double[] k, double[] v, int p, boolean causal) {
        double[] y = new double[q.length];
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < D; c++) {
                double[] s = new double[p + 1], z = new double[p + 1];
                if (!causal) {
                    for (int j = 0; j < L; j++) accumulate(k, v, (b * L + j) * D + c, s, z);
                }
                for (int i = 0; i < L; i++) {
                    int at = (b * L + i) * D + c;
                    if (causal) accumulate(k, v, at, s, z);
                    double num = 0, den = 0, a = 1, qn = 1;
                    for (int n = 0; n <= p; n++) {
                        num += a * qn * s[n];
                        den += a * qn * z[n];
                        qn *= q[at];
                        a *= 2.0 / (n + 1);
                    }
                    y[at] = num / den;
                }
            }
        }
        return y;
    }

    private static void accumulate(double[] k, double[] v, int at, double[] s, double[] z) {
        double e = Math.exp(-k[at] * k[at]), kn = 1;
        for (int n = 0; n < s.length; n++) {
            z[n] += kn * e;
            s[n] += kn * e * v[at];
            kn *= k[at];
        }
    }

    private static double[] wide(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    private static double maxRelErr(float[] got, double[] want) {
        double scale = 1, err = 0;
        for (double w : want) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
        return err / scale;
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "cpu"})
    void eaSeriesMatchesFigure2AndRecurrentMatchesCausal(String device) {
        Attention att = new Attention(device, true);
        Random r = new Random(7);
        float[] q = random(r, B * L * D), k = random(r, B * L * D), v = random(r, B * L * D);
        for (int p : new int[] {2, 6}) {
            for (boolean causal : new boolean[] {false, true}) {
                Attention.Result res = att.eaSeries(q, k, v, B, L, D, p, causal);
                assertTrue(res.device().startsWith(device + ":"), res.device());
                double err = maxRelErr(res.y(), eaSeries(wide(q), wide(k), wide(v), p, causal));
                assertTrue(err < 1e-5, "p=" + p + " causal=" + causal + " err " + err);
            }
            Attention.Result rec = att.recurrent(q, k, v, B, L, D, p);
            double err = maxRelErr(rec.y(), eaSeries(wide(q), wide(k), wide(v), p, true));
            assertTrue(err < 1e-5, "recurrent p=" + p + " err " + err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "cpu"})
    void eaSeriesGradientsMatchFiniteDifferences(String device) {
        Attention att = new Attention(device, true);
        Random r = new Random(11);
        int n = B * L * D;
        float[] q = random(r, n), k = random(r, n), v = random(r, n), gy = random(r, n);
        for (boolean causal : new boolean[] {false, true}) {
            int p = 6;
            Attention.Result res = att.backward(Attention.Spec.series(p, causal), q, k, v, gy, Checks.dims(B, L, D));
            assertEquals(n, res.dq().length);
            float[][] grads = {res.dq(), res.dk(), res.dv()};
            for (int which = 0; which < 3; which++) {
                for (int t = 0; t < 4; t++) {
                    int at = r.nextInt(n);
                    double h = 1e-4;
                    double[][] xs = {wide(q), wide(k), wide(v)};
                    xs[which][at] += h;
                    double up = dot(wide(gy), eaSeries(xs[0], xs[1], xs[2], p, causal));
                    xs[which][at] -= 2 * h;
                    double down = dot(wide(gy), eaSeries(xs[0], xs[1], xs[2], p, causal));
                    double fd = (up - down) / (2 * h);
                    double got = grads[which][at];
                    assertTrue(Math.abs(got - fd) <= 1e-3 * Math.max(1, Math.abs(fd)),
                            "causal=" + causal + " d" + "qkv".charAt(which) + "[" + at + "] = " + got + ", FD " + fd);
                }
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
