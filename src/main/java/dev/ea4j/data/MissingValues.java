package dev.ea4j.data;

/**
 * Fills missing values (NaN) of one sample, per dimension, by linear interpolation in the time index
 * between the nearest present values before and after; before the first or after the last present value
 * the nearest present value is repeated; a dimension with no present value becomes all 0.
 */
public final class MissingValues {

    private MissingValues() {}

    /** Imputes NaNs of {@code x [length][dims]} in place; returns how many values were filled. */
    public static int impute(float[][] x) {
        if (x.length == 0) return 0;
        int dims = x[0].length, filled = 0;
        for (int d = 0; d < dims; d++) {
            int prev = -1; // index of the last present value
            for (int t = 0; t <= x.length; t++) {
                boolean present = t < x.length && !Float.isNaN(x[t][d]);
                if (!present && t < x.length) continue;
                // gap is (prev, t): fill it
                int gapStart = prev + 1;
                if (t > gapStart) {
                    filled += t - gapStart;
                    if (prev < 0 && t == x.length) {
                        for (int k = gapStart; k < t; k++) x[k][d] = 0f;
                    } else if (prev < 0) {
                        for (int k = gapStart; k < t; k++) x[k][d] = x[t][d];
                    } else if (t == x.length) {
                        for (int k = gapStart; k < t; k++) x[k][d] = x[prev][d];
                    } else {
                        double a = x[prev][d], b = x[t][d];
                        for (int k = gapStart; k < t; k++) {
                            double w = (double) (k - prev) / (t - prev);
                            x[k][d] = (float) (a + (b - a) * w);
                        }
                    }
                }
                prev = t;
            }
        }
        return filled;
    }
}
