package dev.ea4j.kernels;

/** Straightforward double-precision EA formulas, O(L^2 D), written from the paper's equations for the tests. */
final class EaDoubleReference {

    private EaDoubleReference() {}

    /** EA-series (Eq. 5/6): weights e^{-(k^2 - m)} P_p(2 q k) with m = min k^2 over the summed keys. */
    static double[] series(double[] q, double[] k, double[] v, int B, int L, int D, int p, boolean causal) {
        double[] y = new double[q.length];
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < D; c++) {
                for (int i = 0; i < L; i++) {
                    int last = causal ? i : L - 1;
                    double m = Double.POSITIVE_INFINITY;
                    for (int j = 0; j <= last; j++) m = Math.min(m, sq(k[at(b, j, c, L, D)]));
                    double num = 0, den = 0;
                    double qi = q[at(b, i, c, L, D)];
                    for (int j = 0; j <= last; j++) {
                        double kj = k[at(b, j, c, L, D)];
                        double w = Math.exp(m - kj * kj) * taylor(2 * qi * kj, p);
                        num += w * v[at(b, j, c, L, D)];
                        den += w;
                    }
                    y[at(b, i, c, L, D)] = num / den;
                }
            }
        }
        return y;
    }

    /** Exact EA (Eq. 2): softmax over j of -(q - k)^2 per channel. */
    static double[] exact(double[] q, double[] k, double[] v, int B, int L, int D, boolean causal) {
        double[] y = new double[q.length];
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < D; c++) {
                for (int i = 0; i < L; i++) {
                    int last = causal ? i : L - 1;
                    double qi = q[at(b, i, c, L, D)];
                    double mx = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= last; j++) mx = Math.max(mx, -sq(qi - k[at(b, j, c, L, D)]));
                    double num = 0, den = 0;
                    for (int j = 0; j <= last; j++) {
                        double w = Math.exp(-sq(qi - k[at(b, j, c, L, D)]) - mx);
                        num += w * v[at(b, j, c, L, D)];
                        den += w;
                    }
                    y[at(b, i, c, L, D)] = num / den;
                }
            }
        }
        return y;
    }

    /** P_p(x) = sum_{n <= p} x^n / n!. */
    static double taylor(double x, int p) {
        double term = 1, sum = 1;
        for (int n = 1; n <= p; n++) {
            term *= x / n;
            sum += term;
        }
        return sum;
    }

    static int at(int b, int i, int c, int L, int D) {
        return (b * L + i) * D + c;
    }

    private static double sq(double x) {
        return x * x;
    }
}
