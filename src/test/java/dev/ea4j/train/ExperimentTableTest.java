package dev.ea4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The forecasting results table and JSON: features, original and scaled metrics, per-seed values, baselines. */
class ExperimentTableTest {

    static Map<String, Double> metrics(double mae, double rmse) {
        return Map.of("mae", mae, "rmse", rmse, "mae_scaled", mae / 10, "rmse_scaled", rmse / 10, "mse_scaled", 0.0);
    }

    @Test
    void forecastRowsCarryBothScalesAndBaselines() {
        Experiment.Spec spec = new Experiment.Spec("etth2", 6, List.of("EA-6"), List.of(1L, 2L), null, null, null, "cpu",
                false, null, null);
        List<Map<String, Double>> seeds = List.of(metrics(1.2, 1.8), metrics(1.4, 2.0));
        List<Experiment.Row> rows = List.of(
                new Experiment.Row("EA-6", metrics(1.3, 1.9), seeds, Map.of("mae", 1.23, "rmse", 1.79)),
                new Experiment.Row("persistence", metrics(2.6, 3.9), List.of(metrics(2.6, 3.9)), Map.of()));
        JsonObject o = Experiment.toJson(spec, rows);
        assertEquals("S", o.get("features").getAsString());
        assertEquals("OT", o.get("target").getAsString());
        JsonObject ea = o.getAsJsonArray("results").get(0).getAsJsonObject();
        for (String k : List.of("mae", "rmse", "mae_scaled", "rmse_scaled")) assertTrue(ea.has(k), k);
        assertEquals(1.3, ea.get("mae").getAsDouble());
        assertEquals(0.13, ea.get("mae_scaled").getAsDouble(), 1e-12);
        assertEquals(2, ea.getAsJsonArray("per_seed").size());
        JsonObject last = o.getAsJsonArray("results").get(1).getAsJsonObject();
        assertEquals("persistence", last.get("model").getAsString());
        assertFalse(last.has("per_seed"));
        String table = Experiment.table(spec, rows);
        assertTrue(table.contains("features S, target OT"), table);
        assertTrue(table.contains("| EA-6 | 1.300 | 1.900 | 0.130 | 0.190 | 1.230 | 1.790 | 1.200/1.800 1.400/2.000 |"), table);
        assertTrue(table.contains("| persistence | 2.600 | 3.900 |"), table);
    }
}
