package dev.ea4j.train.tasks;

import dev.ea4j.data.ForecastWindows;
import dev.ea4j.data.Standardizer;
import dev.ea4j.data.TimeFeatures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two reference forecasts scored like the models: {@code persistence} (every future step repeats the last
 * input value, y_hat[h] = x[L-1]) and {@code linear+time} (least squares y_hat = W^T [x_1..x_L, tau(t_L), 1]
 * over the window's standardised input columns and the {@link TimeFeatures} of its last input step, fitted
 * on the training windows, ridge {@value #RIDGE}). Windows must be absolute (not relative).
 */
public final class ForecastBaselines {

    /** Ridge penalty of the linear baseline (keeps the one-hot time features plus bias solvable). */
    static final double RIDGE = 1e-3;

    private ForecastBaselines() {}

    /** Metrics of both baselines on {@code test} (name to metrics), the linear one fitted on {@code train}. */
    public static Map<String, Map<String, Double>> evaluate(ForecastWindows train, ForecastWindows test,
            Standardizer outputs) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        out.put("persistence", persistence(test, outputs));
        out.put("linear+time", linear(train, test, outputs));
        return out;
    }

    static Map<String, Double> persistence(ForecastWindows w, Standardizer outputs) {
        requireAbsolute(w);
        int H = w.horizon(), O = w.outputs();
        ForecastMetrics m = new ForecastMetrics(outputs);
        float[] pred = new float[H * O], truth = new float[H * O];
        for (int i = 0; i < w.count(); i++) {
            for (int h = 0; h < H; h++) for (int o = 0; o < O; o++) pred[h * O + o] = w.last(i, o);
            w.fillTarget(i, truth, 0);
            m.add(pred, truth, H);
        }
        return m.result();
    }

    static Map<String, Double> linear(ForecastWindows train, ForecastWindows test, Standardizer outputs) {
        requireAbsolute(train);
        requireAbsolute(test);
        int H = test.horizon(), O = test.outputs();
        boolean time = train.time(0, 0) != null && test.time(0, 0) != null;
        int F = train.seqLen() * train.valueChannels() + (time ? TimeFeatures.COUNT : 0) + 1;
        LeastSquares ls = new LeastSquares(F, H * O);
        double[] x = new double[F], y = new double[H * O];
        float[] target = new float[H * O];
        for (int i = 0; i < train.count(); i++) {
            features(train, i, time, x);
            train.fillTarget(i, target, 0);
            for (int k = 0; k < y.length; k++) y[k] = target[k];
            ls.add(x, y);
        }
        double[][] W = ls.solve(RIDGE);
        ForecastMetrics m = new ForecastMetrics(outputs);
        float[] pred = new float[H * O];
        for (int i = 0; i < test.count(); i++) {
            features(test, i, time, x);
            for (int k = 0; k < pred.length; k++) {
                double s = 0;
                for (int f = 0; f < F; f++) s += x[f] * W[f][k];
                pred[k] = (float) s;
            }
            test.fillTarget(i, target, 0);
            m.add(pred, target, H);
        }
        return m.result();
    }

    private static void features(ForecastWindows w, int i, boolean time, double[] x) {
        int L = w.seqLen(), C = w.valueChannels(), f = 0;
        for (int t = 0; t < L; t++) for (int c = 0; c < C; c++) x[f++] = w.value(i, t, c);
        if (time) for (float v : w.time(i, L - 1)) x[f++] = v;
        x[f] = 1;
    }

    private static void requireAbsolute(ForecastWindows w) {
        if (w.relative()) throw new IllegalArgumentException("baselines need absolute windows");
    }
}
