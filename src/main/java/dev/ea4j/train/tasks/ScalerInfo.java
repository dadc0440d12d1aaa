package dev.ea4j.train.tasks;

import dev.ea4j.data.Standardizer;

/** A standardiser's per-channel statistics as plain arrays, for the saved inference information. */
final class ScalerInfo {

    private ScalerInfo() {}

    static double[] means(Standardizer s) {
        double[] m = new double[s.dims()];
        for (int d = 0; d < m.length; d++) m[d] = s.mean(d);
        return m;
    }

    static double[] stds(Standardizer s) {
        double[] m = new double[s.dims()];
        for (int d = 0; d < m.length; d++) m[d] = s.std(d);
        return m;
    }
}
