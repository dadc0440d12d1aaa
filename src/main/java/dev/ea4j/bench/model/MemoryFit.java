package dev.ea4j.bench.model;

/**
 * Least-squares fits of memory against sequence length: linear y = a + bL and quadratic y = a + bL + cL^2,
 * with R^2 each, and the verdict whether the series grows linearly or superlinearly.
 *
 * @param a intercept of the linear fit
 * @param b slope of the linear fit
 * @param r2Linear R^2 of the linear fit
 * @param qa intercept of the quadratic fit
 * @param qb linear coefficient of the quadratic fit
 * @param qc quadratic coefficient (NaN with fewer than 3 distinct lengths)
 * @param r2Quadratic R^2 of the quadratic fit (NaN with fewer than 3 distinct lengths)
 * @param quadraticShare c L^2 / y(L) at the largest L: the part of the memory the quadratic term explains there
 */
public record MemoryFit(double a, double b, double r2Linear, double qa, double qb, double qc, double r2Quadratic,
                        double quadraticShare) {

    /** A quadratic term explaining at least this share of the memory at the largest L makes a series superlinear. */
    public static final double SUPERLINEAR_SHARE = 0.02;

    /** Fits {@code y} against {@code x} (at least 2 points). */
    public static MemoryFit of(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) throw new IllegalArgumentException("need at least 2 (L, bytes) points");
        // scale x to O(1) so the normal equations stay well conditioned
        double xs = 0;
        for (double v : x) xs = Math.max(xs, Math.abs(v));
        if (xs == 0) xs = 1;
        double[] u = new double[x.length];
        for (int i = 0; i < x.length; i++) u[i] = x[i] / xs;
        double[] lin = solve(u, y, 2);
        double r2l = r2(u, y, lin);
        long distinct = java.util.Arrays.stream(x).distinct().count();
        double[] quad = distinct >= 3 ? solve(u, y, 3) : new double[] {Double.NaN, Double.NaN, Double.NaN};
        double r2q = distinct >= 3 ? r2(u, y, quad) : Double.NaN;
        double share = Double.NaN;
        if (distinct >= 3) {
            double top = quad[0] + quad[1] + quad[2]; // u = 1 at the largest |x|
            share = top != 0 ? quad[2] / top : Double.NaN;
        }
        return new MemoryFit(lin[0], lin[1] / xs, r2l, quad[0], quad[1] / xs, quad[2] / (xs * xs), r2q, share);
    }

    /** Whether the quadratic term matters: it explains at least {@link #SUPERLINEAR_SHARE} of the memory at the largest L. */
    public boolean superlinear() {
        return !Double.isNaN(quadraticShare) && quadraticShare >= SUPERLINEAR_SHARE;
    }

    /** "linear", "superlinear" or "undetermined (fewer than 3 lengths)". */
    public String verdict() {
        if (Double.isNaN(quadraticShare)) return "undetermined (fewer than 3 lengths)";
        return superlinear() ? "superlinear" : "linear";
    }

    /** Least squares for polynomial coefficients of degree terms-1 (Gaussian elimination on the normal equations). */
    private static double[] solve(double[] u, double[] y, int terms) {
        double[][] m = new double[terms][terms + 1];
        for (int i = 0; i < u.length; i++) {
            double[] p = new double[terms];
            p[0] = 1;
            for (int k = 1; k < terms; k++) p[k] = p[k - 1] * u[i];
            for (int r = 0; r < terms; r++) {
                for (int c = 0; c < terms; c++) m[r][c] += p[r] * p[c];
                m[r][terms] += p[r] * y[i];
            }
        }
        for (int col = 0; col < terms; col++) {
            int piv = col;
            for (int r = col + 1; r < terms; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
            double[] t = m[col];
            m[col] = m[piv];
            m[piv] = t;
            if (m[col][col] == 0) throw new IllegalArgumentException("degenerate fit (too few distinct lengths)");
            for (int r = 0; r < terms; r++) {
                if (r == col) continue;
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= terms; c++) m[r][c] -= f * m[col][c];
            }
        }
        double[] coef = new double[terms];
        for (int r = 0; r < terms; r++) coef[r] = m[r][terms] / m[r][r];
        return coef;
    }

    private static double r2(double[] u, double[] y, double[] coef) {
        double mean = 0;
        for (double v : y) mean += v;
        mean /= y.length;
        double ssTot = 0, ssRes = 0;
        for (int i = 0; i < u.length; i++) {
            double f = 0, p = 1;
            for (double c : coef) {
                f += c * p;
                p *= u[i];
            }
            ssRes += (y[i] - f) * (y[i] - f);
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        return ssTot == 0 ? 1.0 : 1 - ssRes / ssTot;
    }
}
