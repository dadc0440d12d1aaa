package dev.ea4j.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A deterministic stratified train/validation split of a training set, for early stopping. Per class,
 * in class order, the sample indices are shuffled with one {@link SplittableRandom} seeded by {@code seed}
 * and the first {@code round(count * valFraction)} go to validation, clamped so that a class with at least
 * two samples keeps at least one on each side (a class with one sample stays in training). Both index
 * lists come back sorted ascending. The same labels, fraction and seed always give the same split.
 */
public record StratifiedSplit(int[] train, int[] validation) {

    /** Splits sample indices {@code 0..labels.length-1} by class; labels lie in {@code [0, numClasses)}. */
    public static StratifiedSplit of(int[] labels, int numClasses, double valFraction, long seed) {
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new IllegalArgumentException("valFraction must be in [0, 1), got " + valFraction);
        }
        int[][] byClass = new int[numClasses][];
        int[] counts = new int[numClasses];
        for (int l : labels) counts[l]++;
        for (int c = 0; c < numClasses; c++) byClass[c] = new int[counts[c]];
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) byClass[labels[i]][fill[labels[i]]++] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] val = new int[labels.length];
        int[] tr = new int[labels.length];
        int nv = 0, nt = 0;
        for (int c = 0; c < numClasses; c++) {
            int[] idx = byClass[c];
            for (int i = idx.length - 1; i > 0; i--) { // Fisher-Yates
                int j = rnd.nextInt(i + 1);
                int tmp = idx[i];
                idx[i] = idx[j];
                idx[j] = tmp;
            }
            int k = (int) Math.round(idx.length * valFraction);
            if (idx.length >= 2 && valFraction > 0) k = Math.min(Math.max(k, 1), idx.length - 1);
            if (idx.length < 2) k = 0;
            for (int i = 0; i < idx.length; i++) {
                if (i < k) val[nv++] = idx[i];
                else tr[nt++] = idx[i];
            }
        }
        int[] v = Arrays.copyOf(val, nv), t = Arrays.copyOf(tr, nt);
        Arrays.sort(v);
        Arrays.sort(t);
        return new StratifiedSplit(t, v);
    }

    /** Splits {@code ds} and returns the two subsets, named {@code <name>/train} and {@code <name>/val}. */
    public static ClassificationDataset[] apply(ClassificationDataset ds, double valFraction, long seed) {
        StratifiedSplit s = of(ds.labels(), ds.numClasses(), valFraction, seed);
        return new ClassificationDataset[] {
            ds.subset(ds.name() + "/train", s.train()), ds.subset(ds.name() + "/val", s.validation())
        };
    }
}
