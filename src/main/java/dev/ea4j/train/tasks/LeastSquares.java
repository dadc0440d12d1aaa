package dev.ea4j.train.tasks;

/**
 * Ridge-regularised least squares in double: W = argmin ||X W - Y||^2 + lambda ||W||^2, solved from the
 * normal equations (X^T X + lambda I) W = X^T Y by Cholesky. Rows are added one at a time.
 */
final class LeastSquares {

    private final int features;
    private final int outputs;
    private final double[] xtx;
    private final double[] xty;

    LeastSquares(int features, int outputs) {
        this.features = features;
        this.outputs = outputs;
        this.xtx = new double[features * features];
        this.xty = new double[features * outputs];
    }

    /** Adds one sample {@code x [features]} with target {@code y [outputs]}. */
    void add(double[] x, double[] y) {
        for (int i = 0; i < features; i++) {
            if (x[i] == 0) continue;
            for (int j = 0; j < features; j++) xtx[i * features + j] += x[i] * x[j];
            for (int o = 0; o < outputs; o++) xty[i * outputs + o] += x[i] * y[o];
        }
    }

    /** Solves with ridge {@code lambda}; returns W {@code [features][outputs]}. */
    double[][] solve(double lambda) {
        int F = features;
        double[] a = xtx.clone();
        for (int i = 0; i < F; i++) a[i * F + i] += lambda;
        // Cholesky: a = L L^T, L stored in the lower triangle
        for (int j = 0; j < F; j++) {
            double d = a[j * F + j];
            for (int k = 0; k < j; k++) d -= a[j * F + k] * a[j * F + k];
            if (!(d > 0)) throw new IllegalStateException("normal equations not positive definite at " + j);
            a[j * F + j] = Math.sqrt(d);
            for (int i = j + 1; i < F; i++) {
                double s = a[i * F + j];
                for (int k = 0; k < j; k++) s -= a[i * F + k] * a[j * F + k];
                a[i * F + j] = s / a[j * F + j];
            }
        }
        double[][] w = new double[F][outputs];
        double[] z = new double[F];
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < F; i++) {
                double s = xty[i * outputs + o];
                for (int k = 0; k < i; k++) s -= a[i * F + k] * z[k];
                z[i] = s / a[i * F + i];
            }
            for (int i = F - 1; i >= 0; i--) {
                double s = z[i];
                for (int k = i + 1; k < F; k++) s -= a[k * F + i] * w[k][o];
                w[i][o] = s / a[i * F + i];
            }
        }
        return w;
    }
}
