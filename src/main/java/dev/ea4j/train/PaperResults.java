package dev.ea4j.train;

import java.util.Map;

/** The paper's Tables 3 and 4 (Feng 2025), printed beside ea4j's results. */
public final class PaperResults {

    private PaperResults() {}

    /** Table 3: accuracy per task and model. */
    public static final Map<String, Map<String, Double>> ACCURACY = Map.of(
            "jp", Map.of("EA-2", 0.957, "EA-6", 0.973, "SA", 0.970),
            "scp1", Map.of("EA-2", 0.887, "EA-6", 0.904, "SA", 0.894),
            "scp2", Map.of("EA-2", 0.500, "EA-6", 0.533, "SA", 0.528),
            "uwave", Map.of("EA-2", 0.794, "EA-6", 0.847, "SA", 0.822));

    /** Table 4: {MAE, RMSE} per "task-horizon" and model. */
    public static final Map<String, Map<String, double[]>> FORECAST = Map.of(
            "etth2-6", Map.of("EA-2", new double[] {1.43, 2.01}, "EA-6", new double[] {1.23, 1.79}, "SA", new double[] {1.24, 1.79}),
            "etth2-12", Map.of("EA-2", new double[] {2.14, 2.90}, "EA-6", new double[] {1.90, 2.67}, "SA", new double[] {1.92, 2.71}),
            "ettm2-6", Map.of("EA-2", new double[] {0.44, 0.63}, "EA-6", new double[] {0.36, 0.53}, "SA", new double[] {0.36, 0.54}),
            "ettm2-12", Map.of("EA-2", new double[] {0.73, 1.08}, "EA-6", new double[] {0.64, 0.98}, "SA", new double[] {0.64, 0.99}),
            "traffic-6", Map.of("EA-2", new double[] {0.12, 0.15}, "EA-6", new double[] {0.09, 0.13}, "SA", new double[] {0.10, 0.13}),
            "traffic-12", Map.of("EA-2", new double[] {0.18, 0.28}, "EA-6", new double[] {0.16, 0.25}, "SA", new double[] {0.16, 0.27}));
}
