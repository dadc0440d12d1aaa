package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.data.CsvTable;
import dev.ea4j.data.Features;
import dev.ea4j.data.ForecastDataset;
import dev.ea4j.data.ForecastSplits.Layout;
import dev.ea4j.model.AttentionType;
import dev.ea4j.train.Checkpoints;
import dev.ea4j.train.DeviceModel;
import dev.ea4j.train.SavedModel;
import dev.ea4j.train.TrainConfig;
import dev.ea4j.train.Trainer;
import dev.ea4j.train.tasks.ForecastTask;
import dev.ea4j.train.tasks.ModelSize;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A features-S model with time features, trained and saved, then run by {@code ea4j forecast}. */
class ForecastRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void savedUnivariateModelForecastsLikeItsOwnForward() throws Exception {
        LocalDateTime start = LocalDateTime.of(2016, 7, 1, 0, 0);
        StringBuilder csv = new StringBuilder("date,load,OT\n");
        for (int r = 0; r < 300; r++) {
            csv.append(start.plusHours(r).toString().replace('T', ' ')).append(":00,").append(r % 7).append(',')
                    .append(20 + 5 * Math.sin(2 * Math.PI * r / 24) + r * 0.01).append('\n');
        }
        Path file = dir.resolve("synthetic.csv");
        Files.writeString(file, csv);
        ForecastDataset data = ForecastDataset.of(CsvTable.read(file), Layout.CUSTOM, 6, 3, Features.S, "OT");
        ForecastTask task = new ForecastTask("synthetic", data, new ModelSize(8, 1, 2, false), true, true);
        Path run = dir.resolve("run");
        for (String attention : List.of("EA-2", "SA")) {
            new Trainer("java", true, false, new PrintStream(new ByteArrayOutputStream()))
                    .train(task, AttentionType.parse(attention), new TrainConfig(1, 16, 1e-3, 1e-2, 0.05, 1.0, 0, 7),
                            run.resolve(attention), false);
            Path best = run.resolve(attention).resolve("best");
            assertEquals("S", Checkpoints.readInference(best).get("features").getAsString());

            CliTestSupport.Run r = CliTestSupport.run("forecast", "--model", best.toString(), "--input", file.toString(),
                    "--device", "java");
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals("step,OT", lines.get(0));
            assertEquals(4, lines.size());

            // the same forecast by hand: OT minus its last value, scaled, then one-hot hour and weekday per step
            SavedModel saved = SavedModel.load(best);
            CsvTable t = CsvTable.read(file);
            double mean = saved.scaler().mean(1), std = saved.scaler().std(1);
            int n = t.rows(), W = 1 + 24 + 7;
            double last = (t.values()[n - 1][1] - mean) / std;
            float[] flat = new float[6 * W];
            for (int s = 0; s < 6; s++) {
                int row = n - 6 + s;
                flat[s * W] = (float) ((t.values()[row][1] - mean) / std - last);
                LocalDateTime d = start.plusHours(row);
                flat[s * W + 1 + d.getHour()] = 1;
                flat[s * W + 1 + 24 + d.getDayOfWeek().getValue() - 1] = 1;
            }
            try (DeviceModel dm = new DeviceModel(saved.model(), "java", true, System.err)) {
                float[] y = dm.forward(new SingleWindow(flat, 6)).output();
                for (int h = 0; h < 3; h++) {
                    double expected = (y[h] + last) * std + mean;
                    String[] cells = lines.get(h + 1).split(",");
                    assertEquals(String.valueOf(h + 1), cells[0]);
                    double got = Double.parseDouble(cells[1]);
                    assertEquals(expected, got, 1e-4 * Math.abs(expected), attention + " step " + (h + 1));
                    assertTrue(Math.abs(got - 20) < 50, "a forecast on the data's scale: " + got);
                }
            }
        }
    }
}
