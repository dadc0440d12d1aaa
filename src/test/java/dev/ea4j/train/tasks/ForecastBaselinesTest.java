package dev.ea4j.train.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.data.ForecastWindows;
import dev.ea4j.data.Standardizer;
import dev.ea4j.data.TimeFeatures;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastBaselinesTest {

    static final int[] ONE = {0};

    /** One column z_t = f(t) and the time features of hourly dates from 2016-07-01 00:00. */
    static ForecastWindows windows(java.util.function.IntToDoubleFunction f, int from, int n, int L, int H) {
        float[][] rows = new float[n][1];
        float[][] time = new float[n][TimeFeatures.COUNT];
        LocalDateTime start = LocalDateTime.of(2016, 7, 1, 0, 0);
        for (int r = 0; r < n; r++) {
            rows[r][0] = (float) f.applyAsDouble(from + r);
            TimeFeatures.encode(start.plusHours(from + r), time[r], 0);
        }
        return new ForecastWindows(rows, time, ONE, ONE, false, false, L, H, from);
    }

    @Test
    void persistenceOnARampErrsByTheStepAhead() {
        // z_t = 0.1 t: predicting z_{L-1} for step h is off by 0.1 h; std 2 doubles it on the original scale
        ForecastWindows w = windows(t -> 0.1 * t, 0, 50, 2, 3);
        Map<String, Double> m = ForecastBaselines.persistence(w, Standardizer.of(new double[] {5}, new double[] {2}));
        assertEquals(0.2, m.get("mae_scaled"), 1e-5);
        assertEquals(0.1 * Math.sqrt((1 + 4 + 9) / 3.0), m.get("rmse_scaled"), 1e-5);
        assertEquals(0.4, m.get("mae"), 1e-5);
        assertEquals(0.2 * Math.sqrt((1 + 4 + 9) / 3.0), m.get("rmse"), 1e-5);
    }

    @Test
    void linearRecoversAnAutoregressionExactly() {
        // z_t = 0.995^t cos(t / 2): a linear recurrence of order 2, so the next H values are linear in the last 2
        java.util.function.IntToDoubleFunction f = t -> Math.pow(0.995, t) * Math.cos(0.5 * t);
        Standardizer s = Standardizer.of(new double[] {0}, new double[] {3});
        Map<String, Double> lin = ForecastBaselines.linear(windows(f, 0, 200, 3, 4), windows(f, 200, 60, 3, 4), s);
        Map<String, Double> last = ForecastBaselines.persistence(windows(f, 200, 60, 3, 4), s);
        assertTrue(last.get("mae_scaled") > 1e-3, "persistence is not exact here: " + last);
        assertTrue(lin.get("mae_scaled") < 1e-3 * last.get("mae_scaled"), "linear: " + lin + " persistence: " + last);
        assertEquals(3 * lin.get("mae_scaled"), lin.get("mae"), 1e-9);
    }

    @Test
    void linearUsesTheHourOfTheLastInputStep() {
        // a daily profile that no short autoregression follows: z_t = g(hour of t), g arbitrary
        double[] g = new double[24];
        for (int h = 0; h < 24; h++) g[h] = ((h * 7919) % 24) / 10.0;
        java.util.function.IntToDoubleFunction f = t -> g[t % 24];
        Standardizer s = Standardizer.of(new double[] {0}, new double[] {1});
        Map<String, Double> lin = ForecastBaselines.linear(windows(f, 0, 24 * 30, 2, 6), windows(f, 24 * 30, 24 * 5, 2, 6), s);
        Map<String, Double> last = ForecastBaselines.persistence(windows(f, 24 * 30, 24 * 5, 2, 6), s);
        assertTrue(last.get("mae") > 0.3, "persistence: " + last);
        assertTrue(lin.get("mae") < 1e-3, "linear+time: " + lin);
    }

    @Test
    void relativeWindowsAreRefused() {
        float[][] rows = new float[20][1];
        ForecastWindows rel = new ForecastWindows(rows, null, ONE, ONE, false, true, 2, 2, 0);
        assertThrows(IllegalArgumentException.class,
                () -> ForecastBaselines.persistence(rel, Standardizer.of(new double[] {0}, new double[] {1})));
    }
}
