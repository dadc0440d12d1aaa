package dev.ea4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ea4j.cli.Main;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.TaskKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume after SIGKILL, corrupted checkpoints, and a diverging run, end to end. */
class TrainingRobustnessTest {

    static final String[] RUN = {"train", "--model", "EA-2", "--seeds", "1", "--device", "java", "--strict",
            "--no-progress"};

    static String[] with(String... extra) {
        return Stream.concat(Stream.of(RUN), Stream.of(extra)).toArray(String[]::new);
    }

    static List<String> metricsWithoutTimes(Path run, String model, long seed) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve(model + "/seed-" + seed + "/metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            o.remove("elapsed_s");
            rows.add(o.toString());
        }
        return rows;
    }

    static JsonObject testMetrics(Path run, String model, long seed) throws Exception {
        return JsonParser.parseString(Files.readString(run.resolve(model + "/seed-" + seed + "/result.json")))
                .getAsJsonObject().getAsJsonObject("test");
    }

    /**
     * A non-default run (two models, seed 11, 2 epochs, dropout 0.2, java) killed with SIGKILL after its first checkpoint and
     * resumed with {@code --resume DIR} alone ends with the same results and metrics rows as an uninterrupted run.
     * The java backend is deterministic per seed, so rows must agree exactly (the wall-clock column aside); with
     * dropout this also shows that the resumed steps draw the masks the uninterrupted run drew.
     */
    @Test
    void aRunKilledWithSigkillResumesFromItsFolderAloneToTheSameMetrics(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight"), killed = tmp.resolve("killed");
        String[] run = {"train", "--model", "EA-2,SA", "--seed", "11", "--seeds", "1", "--epochs", "2", "--dropout", "0.2",
                "--device", "java", "--strict"};
        assertEquals(0, Main.run(Stream.concat(Stream.of(run), Stream.of("--no-progress", "--run-dir", straight.toString()))
                .toArray(String[]::new)));

        // the launcher's JVM flags (ea4j script) minus TornadoVM's argfile, on the freshly compiled classes
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-XX:+IgnoreUnrecognizedVMOptions", "-cp",
                System.getProperty("java.class.path"), "dev.ea4j.cli.Main"));
        cmd.addAll(List.of(run));
        cmd.addAll(List.of("--run-dir", killed.toString())); // with progress: stderr is a file, so plain lines
        Path log = tmp.resolve("killed.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path index = killed.resolve("EA-2/seed-11/checkpoint/" + Checkpoints.INDEX);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(index) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor();
        assertTrue(Files.exists(index), "the child wrote no checkpoint before it was killed: " + Files.readString(log));
        assertFalse(Files.exists(killed.resolve("EA-2/seed-11/result.json")), "the run finished before it could be killed");
        assertFalse(Files.exists(killed.resolve("SA")), "the second model started before the kill");
        String childLog = Files.readString(log);
        assertFalse(childLog.contains("\r"), "progress off a terminal must not redraw with carriage returns: " + childLog);
        assertTrue(childLog.contains("EA-2  epoch 1/2: "), "one progress line per epoch: " + childLog);

        assertEquals(0, Main.run("train", "--resume", killed.toString()));
        for (String model : List.of("EA-2", "SA")) {
            assertEquals(metricsWithoutTimes(straight, model, 11), metricsWithoutTimes(killed, model, 11), model);
            assertEquals(2, metricsWithoutTimes(killed, model, 11).size(), model);
            assertEquals(testMetrics(straight, model, 11), testMetrics(killed, model, 11), model);
        }
        assertEquals(Files.readString(straight.resolve("results.json")), Files.readString(killed.resolve("results.json")));
        assertEquals(Files.readString(straight.resolve("results.md")), Files.readString(killed.resolve("results.md")));
    }

    @Test
    void corruptedCheckpointsAreRefusedWithAClearMessage(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, Main.run(with("--run-dir", run.toString(), "--epochs", "2")));
        Path best = run.resolve("EA-2/seed-1/best");
        flipAByte(best.resolve("model.safetensors"));
        String err = stderrOf(() -> assertEquals(2, Main.run("classify", "--model", best.toString(), "--input",
                "src/main/resources/data/JapaneseVowels/JapaneseVowels_TEST.ts")));
        assertTrue(err.contains("corrupted") && err.contains("model.safetensors"), err);

        Path checkpoint = run.resolve("EA-2/seed-1/checkpoint");
        Files.delete(run.resolve("EA-2/seed-1/result.json"));
        try (Stream<Path> files = Files.list(checkpoint)) {
            flipAByte(files.filter(f -> f.getFileName().toString().startsWith("optimizer-")).findFirst().orElseThrow());
        }
        String err2 = stderrOf(() -> assertEquals(2, Main.run(with("--resume", run.toString(), "--epochs", "2"))));
        assertTrue(err2.contains("corrupted") && err2.contains("optimizer-"), err2);
    }

    @Test
    void aNonFiniteLossStopsTrainingAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws Exception {
        TrainingTask task = new PoisonedTask();
        TrainConfig config = new TrainConfig(3, 4, 1e-3, 0, 0, 1.0, 0, 7);
        Trainer trainer = new Trainer("java", true, false, new PrintStream(new ByteArrayOutputStream()));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.train(task, AttentionType.parse("EA-2"), config, tmp, false));
        assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("untouched"), e.getMessage());
        Path index = tmp.resolve("checkpoint/" + Checkpoints.INDEX);
        JsonObject state = JsonParser.parseString(Files.readString(index)).getAsJsonObject().getAsJsonObject("state");
        assertEquals(1, state.get("epochsDone").getAsInt(), "the checkpoint of epoch 1 stays");
        ModelConfig mc = task.modelConfig(AttentionType.parse("EA-2"));
        Checkpoints.load(tmp.resolve("checkpoint"), new dev.ea4j.model.Model(mc, 7)); // still loads and verifies
    }

    private static void flipAByte(Path f) throws Exception {
        byte[] b = Files.readAllBytes(f);
        b[b.length - 3] ^= 0x5A;
        Files.write(f, b);
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Two batches of constant series; from epoch 2 on, one input is NaN, so the loss is NaN. */
    private static final class PoisonedTask implements TrainingTask {
        public String name() { return "poisoned"; }
        public ModelConfig modelConfig(AttentionType a) {
            return new ModelConfig(TaskKind.CLASSIFICATION, a, false, 2, 8, 1, 2, 2, 4, false);
        }
        public List<Batch> trainBatches(long seed, int epoch, int batchSize) {
            return List.of(batch(0, epoch >= 1), batch(1, false));
        }
        public List<Batch> validationBatches(int batchSize) { return List.of(batch(0, false)); }
        public List<Batch> testBatches(int batchSize) { return List.of(batch(1, false)); }
        public Map<String, Double> evaluate(Evaluator ev, List<Batch> batches) {
            double s = 0;
            for (Batch b : batches) for (float x : ev.forward(b).output()) s += x;
            return Map.of("loss", Math.abs(s));
        }
        public String selectionMetric() { return "loss"; }
        public boolean higherIsBetter() { return false; }
        public long tokensPerEpoch() { return 32; }
        public Map<String, Object> inferenceInfo() { return Map.of("kind", "test"); }

        private static Batch batch(int label, boolean poison) {
            return new Batch() {
                public int size() { return 4; }
                public int length() { return 4; }
                public void fill(BoundModel m) {
                    java.util.Arrays.fill(m.input(), label);
                    if (poison) m.input()[0] = Float.NaN;
                    java.util.Arrays.fill(m.labels(), label);
                }
            };
        }
    }
}
