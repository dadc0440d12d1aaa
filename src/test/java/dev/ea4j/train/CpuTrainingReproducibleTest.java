package dev.ea4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ea4j.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same training command on cpu, run twice in one JVM (the second time with the JIT warmer), gives the same bits:
 * losses in every epoch and the saved weights. SA exercises every kernel that once used a warm-dependent Vector API
 * op (softmax attention, cross-entropy, GELU).
 */
class CpuTrainingReproducibleTest {

    @TempDir
    Path tmp;

    private Path train(String name) {
        Path run = tmp.resolve(name);
        assertEquals(0, Main.run("train", "--model", "SA", "--seeds", "1", "--epochs", "2", "--device", "cpu",
                "--strict", "--no-progress", "--run-dir", run.toString()));
        return run;
    }

    @Test
    void twoRunsGiveTheSameLossesAndWeights() throws Exception {
        Path first = train("first"), second = train("second");
        assertEquals(TrainingRobustnessTest.metricsWithoutTimes(first, "SA", 1),
                TrainingRobustnessTest.metricsWithoutTimes(second, "SA", 1));
        assertArrayEquals(Files.readAllBytes(first.resolve("SA/seed-1/best/model.safetensors")),
                Files.readAllBytes(second.resolve("SA/seed-1/best/model.safetensors")));
    }
}
