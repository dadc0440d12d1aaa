package dev.ea4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-dimension (per-column) standardisation {@code (x - mean) / std}, fitted on training data only.
 * Mean and population standard deviation (divisor n, as scikit-learn's {@code StandardScaler} used by
 * Time-Series-Library) are accumulated in double over every time step of every fitted block; the std is
 * floored at {@value #STD_FLOOR}.
 */
public final class Standardizer {

    /** Smallest std used; constant columns are centred but not blown up. */
    public static final double STD_FLOOR = 1e-8;

    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Fits on the rows of {@code blocks}, each {@code float[rows][dims]}; {@code dims} fixes the width. */
    public static Standardizer fit(List<float[][]> blocks, int dims) {
        double[] sum = new double[dims];
        long n = 0;
        for (float[][] b : blocks) {
            for (float[] row : b) {
                if (row.length != dims) throw new IllegalArgumentException("row width " + row.length + " != " + dims);
                for (int d = 0; d < dims; d++) sum[d] += row[d];
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("cannot fit a standardizer on no rows");
        double[] mean = new double[dims];
        for (int d = 0; d < dims; d++) mean[d] = sum[d] / n;
        double[] ss = new double[dims];
        for (float[][] b : blocks) {
            for (float[] row : b) {
                for (int d = 0; d < dims; d++) {
                    double c = row[d] - mean[d];
                    ss[d] += c * c;
                }
            }
        }
        double[] std = new double[dims];
        for (int d = 0; d < dims; d++) std[d] = Math.max(Math.sqrt(ss[d] / n), STD_FLOOR);
        return new Standardizer(mean, std);
    }

    /** A standardiser with known statistics (e.g. read back from a saved model). */
    public static Standardizer of(double[] mean, double[] std) {
        if (mean.length != std.length) throw new IllegalArgumentException("mean and std lengths differ");
        return new Standardizer(mean.clone(), std.clone());
    }

    /** Fits on all time steps of all samples of {@code train}. */
    public static Standardizer fit(ClassificationDataset train) {
        return fit(train.series(), train.dims());
    }

    /** Number of dimensions (columns). */
    public int dims() {
        return mean.length;
    }

    /** The fitted mean of dimension {@code d}. */
    public double mean(int d) {
        return mean[d];
    }

    /** The fitted (floored) std of dimension {@code d}. */
    public double std(int d) {
        return std[d];
    }

    /** The statistics of dimensions {@code dims} only, in that order. */
    public Standardizer select(int[] dims) {
        double[] m = new double[dims.length], sd = new double[dims.length];
        for (int i = 0; i < dims.length; i++) {
            m[i] = mean[dims[i]];
            sd[i] = std[dims[i]];
        }
        return new Standardizer(m, sd);
    }

    /** A standardised copy of {@code x [rows][dims]}. */
    public float[][] transform(float[][] x) {
        float[][] y = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = new float[x[t].length];
            transform(x[t], y[t], 0);
        }
        return y;
    }

    /** Writes the standardised {@code row [dims]}, {@code (x - mean) / std}, into {@code dst} at {@code off}. */
    public void transform(float[] row, float[] dst, int off) {
        checkWidth(row.length);
        for (int d = 0; d < row.length; d++) dst[off + d] = (float) ((row[d] - mean[d]) / std[d]);
    }

    /** A copy of {@code y [rows][dims]} mapped back to the original scale: {@code y * std + mean}. */
    public float[][] inverse(float[][] y) {
        float[][] x = new float[y.length][];
        for (int t = 0; t < y.length; t++) {
            float[] r = y[t];
            checkWidth(r.length);
            float[] o = new float[r.length];
            for (int d = 0; d < r.length; d++) o[d] = (float) (r[d] * std[d] + mean[d]);
            x[t] = o;
        }
        return x;
    }

    /** Maps a flat row-major {@code [rows * dims]} block back to the original scale, in place. */
    public void inverseInPlace(float[] flat, int offset, int rows) {
        int c = mean.length;
        for (int t = 0; t < rows; t++) {
            int base = offset + t * c;
            for (int d = 0; d < c; d++) flat[base + d] = (float) (flat[base + d] * std[d] + mean[d]);
        }
    }

    /** A standardised copy of every sample of {@code ds} (labels and class list kept). */
    public ClassificationDataset transform(ClassificationDataset ds) {
        checkWidth(ds.dims());
        List<float[][]> s = new ArrayList<>(ds.size());
        for (float[][] x : ds.series()) s.add(transform(x));
        return new ClassificationDataset(ds.name(), s, ds.labels(), ds.classNames(), ds.dims(), ds.minLength(),
                ds.maxLength(), ds.imputedValues());
    }

    private void checkWidth(int w) {
        if (w != mean.length) throw new IllegalArgumentException("width " + w + " != fitted dims " + mean.length);
    }
}
