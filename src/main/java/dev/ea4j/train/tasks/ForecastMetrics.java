package dev.ea4j.train.tasks;

import dev.ea4j.data.Standardizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates forecast errors: MAE = mean |y_hat - y| and RMSE = sqrt(mean (y_hat - y)^2) on the standardised
 * scale and on the original scale ({@code y * std + mean} with the training statistics of the predicted columns).
 */
final class ForecastMetrics {

    private final Standardizer outputs;
    private double abs, sq, absOrig, sqOrig;
    private long n;

    /** Errors of rows whose columns have the statistics {@code outputs}. */
    ForecastMetrics(Standardizer outputs) {
        this.outputs = outputs;
    }

    /** Adds {@code rows} standardised rows of predictions and truths (row-major, {@code outputs.dims()} wide). */
    void add(float[] pred, float[] truth, int rows) {
        int C = outputs.dims();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < C; c++) {
                int i = r * C + c;
                double d = (double) pred[i] - truth[i];
                abs += Math.abs(d);
                sq += d * d;
                double o = d * outputs.std(c); // the mean cancels in the difference
                absOrig += Math.abs(o);
                sqOrig += o * o;
            }
        }
        n += (long) rows * C;
    }

    /** {@code mae}, {@code rmse} (original scale), {@code mse_scaled}, {@code mae_scaled}, {@code rmse_scaled}. */
    Map<String, Double> result() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mae", absOrig / n);
        out.put("rmse", Math.sqrt(sqOrig / n));
        out.put("mse_scaled", sq / n);
        out.put("mae_scaled", abs / n);
        out.put("rmse_scaled", Math.sqrt(sq / n));
        return out;
    }
}
