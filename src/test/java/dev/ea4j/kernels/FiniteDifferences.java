package dev.ea4j.kernels;

/** Central finite differences, in double, of loss = sum(gy * f(q, k, v)) with respect to q, k and v. */
final class FiniteDifferences {

    /** A forward function in double precision. */
    interface Forward {
        double[] apply(double[] q, double[] k, double[] v);
    }

    private FiniteDifferences() {}

    /** Returns {dq, dk, dv}. */
    static double[][] gradients(double[] q, double[] k, double[] v, double[] gy, Forward f) {
        double[][] inputs = {q, k, v};
        double[][] grads = new double[3][];
        for (int which = 0; which < 3; which++) {
            double[] x = inputs[which];
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                double h = 1e-5 * Math.max(1, Math.abs(keep));
                x[i] = keep + h;
                double up = dot(gy, f.apply(q, k, v));
                x[i] = keep - h;
                double down = dot(gy, f.apply(q, k, v));
                x[i] = keep;
                g[i] = (up - down) / (2 * h);
            }
            grads[which] = g;
        }
        return grads;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
