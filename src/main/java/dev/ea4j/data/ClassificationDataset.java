package dev.ea4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A labelled set of multivariate series. {@code series.get(i)} is sample {@code i} as
 * {@code float[length][dims]} (time-major; lengths may differ between samples); {@code labels[i]} indexes
 * {@code classNames}, the ordered class list of the file header. The arrays are shared, not copied: treat
 * them as read-only. {@code imputedValues} counts the values that were missing ({@code ?}, {@code NaN}, or
 * padding of a shorter dimension) and were filled by {@link MissingValues#impute}.
 */
public record ClassificationDataset(
        String name,
        List<float[][]> series,
        int[] labels,
        List<String> classNames,
        int dims,
        int minLength,
        int maxLength,
        long imputedValues) {

    /** Checks the shapes and that every label indexes {@code classNames}. */
    public ClassificationDataset {
        series = List.copyOf(series);
        classNames = List.copyOf(classNames);
        if (labels.length != series.size()) {
            throw new IllegalArgumentException("labels [" + labels.length + "] != samples [" + series.size() + "]");
        }
        for (int i = 0; i < series.size(); i++) {
            float[][] s = series.get(i);
            if (s.length < minLength || s.length > maxLength) {
                throw new IllegalArgumentException("sample " + i + " length " + s.length
                        + " outside [" + minLength + ", " + maxLength + "]");
            }
            for (float[] row : s) {
                if (row.length != dims) throw new IllegalArgumentException("sample " + i + " row width != " + dims);
            }
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("sample " + i + " label " + labels[i] + " out of range");
            }
        }
    }

    /** Builds a dataset, computing min/max length from the series (0/0 when empty). */
    public static ClassificationDataset of(String name, List<float[][]> series, int[] labels,
            List<String> classNames, int dims, long imputedValues) {
        int min = Integer.MAX_VALUE, max = 0;
        for (float[][] s : series) {
            min = Math.min(min, s.length);
            max = Math.max(max, s.length);
        }
        if (series.isEmpty()) min = 0;
        return new ClassificationDataset(name, series, labels, classNames, dims, min, max, imputedValues);
    }

    /** Number of samples. */
    public int size() {
        return series.size();
    }

    /** Number of classes in the header's class list. */
    public int numClasses() {
        return classNames.size();
    }

    /** Samples per class, indexed like {@code classNames}. */
    public int[] classCounts() {
        int[] c = new int[classNames.size()];
        for (int l : labels) c[l]++;
        return c;
    }

    /** The samples at {@code indices}, in that order (series arrays shared); the imputed count is kept as is. */
    public ClassificationDataset subset(String subsetName, int[] indices) {
        List<float[][]> s = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            s.add(series.get(indices[k]));
            l[k] = labels[indices[k]];
        }
        return of(subsetName, s, l, classNames, dims, imputedValues);
    }
}
