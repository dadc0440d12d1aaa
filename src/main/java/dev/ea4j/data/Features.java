package dev.ea4j.data;

import java.util.Locale;

/**
 * Time-Series-Library's forecasting {@code --features}: which columns a model reads and which it predicts.
 * {@code S}: the target column in, the target out; {@code M}: every column in, every column out;
 * {@code MS}: every column in, the target out.
 */
public enum Features {
    /** Univariate: target in, target out. */
    S,
    /** Multivariate: all columns in, all out. */
    M,
    /** Multivariate in, univariate (target) out. */
    MS;

    /** Parses {@code S}, {@code M} or {@code MS} (any case). */
    public static Features parse(String s) {
        for (Features f : values()) if (f.name().equalsIgnoreCase(s.strip())) return f;
        throw new IllegalArgumentException("unknown features '" + s + "'; expected S, M or MS");
    }

    /** Indices (into {@code columns}) of the model's input columns, for target column index {@code target}. */
    public int[] inputs(int columns, int target) {
        return this == S ? new int[] {target} : range(columns);
    }

    /** Indices (into {@code columns}) of the predicted columns. */
    public int[] outputs(int columns, int target) {
        return this == M ? range(columns) : new int[] {target};
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }
}
