package dev.ea4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ea4j.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropout masks are drawn from a counter hash, not a device's random stream: the same run trained on the java
 * reference and on the cpu backend follows the same loss curve (to float rounding), and differs from the run
 * without dropout.
 */
class DropoutAcrossDevicesTest {

    @TempDir
    Path tmp;

    private List<Double> trainLosses(String device, String dropout) throws Exception {
        Path run = tmp.resolve(device + "-" + dropout);
        assertEquals(0, Main.run("train", "--model", "EA-2", "--seeds", "1", "--epochs", "2", "--dropout", dropout,
                "--device", device, "--strict", "--no-progress", "--run-dir", run.toString()));
        return Files.readAllLines(run.resolve("EA-2/seed-1/metrics.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject())
                .map((JsonObject o) -> o.get("train_loss").getAsDouble()).toList();
    }

    @Test
    void javaAndCpuDrawTheSameMasks() throws Exception {
        List<Double> java = trainLosses("java", "0.3"), cpu = trainLosses("cpu", "0.3"), none = trainLosses("cpu", "0");
        assertEquals(2, java.size());
        for (int e = 0; e < java.size(); e++) {
            assertEquals(java.get(e), cpu.get(e), 1e-5 * Math.abs(java.get(e)), "epoch " + (e + 1));
            assertNotEquals(none.get(e), cpu.get(e), 1e-3 * Math.abs(none.get(e)), "dropout changed nothing at epoch " + (e + 1));
        }
    }
}
