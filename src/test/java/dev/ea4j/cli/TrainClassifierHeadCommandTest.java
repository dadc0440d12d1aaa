package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ea4j.model.ClassifierHead;
import dev.ea4j.model.Model;
import dev.ea4j.model.Parameter;
import dev.ea4j.train.Experiment;
import dev.ea4j.train.SavedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ea4j train --head mean|flatten}: checked, trained, saved with the run, reported, held to on resume. */
class TrainClassifierHeadCommandTest {

    private static final int LENGTH = 6, WIDTH = 8;

    @TempDir
    static Path tmp;

    static Path data;
    static Path run;
    static CliTestSupport.Run first;

    /** A tiny equal-length UWave look-alike (2 channels, 2 classes), trained 1 epoch with the flatten head. */
    @BeforeAll
    static void finishedRun() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        SplittableRandom r = new SplittableRandom(1);
        for (String split : List.of("TRAIN", "TEST")) {
            StringBuilder ts = new StringBuilder("@problemName Tiny\n@dimensions 2\n@equalLength true\n@seriesLength "
                    + LENGTH + "\n@classLabel true 1 2\n@data\n");
            for (int i = 0; i < 20; i++) {
                for (int c = 0; c < 2; c++) {
                    for (int t = 0; t < LENGTH; t++) ts.append(t > 0 ? "," : "").append(String.format("%.3f", r.nextDouble() + i % 2));
                    ts.append(':');
                }
                ts.append(1 + i % 2).append('\n');
            }
            Files.writeString(data.resolve("UWaveGestureLibrary_" + split + ".ts"), ts, StandardCharsets.UTF_8);
        }
        run = tmp.resolve("run");
        first = CliTestSupport.run("train", "--task", "uwave", "--data-dir", data.toString(), "--model", "EA-2,SA",
                "--head", "flatten", "--width", String.valueOf(WIDTH), "--blocks", "1", "--heads", "2", "--seeds", "1",
                "--epochs", "1", "--device", "java", "--run-dir", run.toString(), "--no-progress", "--json");
        assertEquals(0, first.code(), first.err());
    }

    @Test
    void theHeadIsSavedReportedAndTrained() throws Exception {
        assertEquals("flatten", JsonParser.parseString(first.out()).getAsJsonObject().get("head").getAsString());
        JsonObject spec = JsonParser.parseString(Files.readString(run.resolve(Experiment.SPEC_FILE))).getAsJsonObject()
                .getAsJsonObject("spec");
        assertEquals("flatten", spec.get("head").getAsString());
        assertTrue(Files.readString(run.resolve("results.md")).contains("flatten classifier head"));
        for (String model : List.of("EA-2", "SA")) {
            Model m = SavedModel.load(run.resolve(model).resolve("seed-1/best")).model();
            assertEquals(ClassifierHead.FLATTEN, m.config().head(), model);
            Parameter head = m.parameters().stream().filter(p -> p.name().equals("head.weight")).findFirst().orElseThrow();
            assertArrayEquals(new int[] {2, LENGTH * WIDTH}, head.shape(), model);
        }
    }

    @Test
    void aFlagBesideResumeMustAgreeWithTheSavedHead() {
        CliTestSupport.Run agreeing = CliTestSupport.run("train", "--resume", run.toString(), "--head", "flatten",
                "--no-progress");
        assertEquals(0, agreeing.code(), agreeing.err());
        CliTestSupport.Run r = CliTestSupport.run("train", "--resume", run.toString(), "--head", "mean");
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of("ea4j: error: --head mean contradicts the run in " + run + " (started with --head flatten)"),
                r.errLines());
    }

    @Test
    void theDefaultIsMeanPooling() throws Exception {
        Path dir = tmp.resolve("mean");
        CliTestSupport.Run r = CliTestSupport.run("train", "--task", "uwave", "--data-dir", data.toString(), "--model",
                "EA-2", "--width", String.valueOf(WIDTH), "--blocks", "1", "--seeds", "1", "--epochs", "1", "--device",
                "java", "--run-dir", dir.toString(), "--no-progress", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("mean", JsonParser.parseString(r.out()).getAsJsonObject().get("head").getAsString());
        Model m = SavedModel.load(dir.resolve("EA-2/seed-1/best")).model();
        assertEquals(ClassifierHead.MEAN, m.config().head());
    }

    @Test
    void aRunSavedBeforeTheOptionReadsAsMeanPooling() throws Exception {
        Path old = Files.createDirectories(tmp.resolve("old"));
        JsonObject saved = JsonParser.parseString(Files.readString(run.resolve(Experiment.SPEC_FILE))).getAsJsonObject();
        saved.getAsJsonObject("spec").remove("head");
        Files.writeString(old.resolve(Experiment.SPEC_FILE), saved.toString());
        Experiment.Spec spec = Experiment.readSpec(old);
        assertEquals("mean", spec.head());
        assertEquals(ClassifierHead.MEAN, spec.size().head());
    }

    @Test
    void badHeadsExitTwoWithOneLine() {
        String[][] cases = {
                {"--head sum", "--head must be mean or flatten, got 'sum'"},
                {"--task etth2 --head flatten", "--head is for classification tasks (jp, scp1, scp2, uwave), not etth2"},
                {"--model EA-2 --head flatten --epochs 1 --seeds 1",
                        "--head flatten needs series of one length; jp has lengths 7 to 29 (use --head mean)"}};
        for (int i = 0; i < cases.length; i++) {
            String[] args = Stream.concat(Stream.of("train", "--run-dir",
                    tmp.resolve("bad-" + i).toString(), "--device", "java", "--no-progress"),
                    Stream.of(cases[i][0].split(" "))).toArray(String[]::new);
            CliTestSupport.Run r = CliTestSupport.run(args);
            assertEquals(2, r.code(), cases[i][0] + ": " + r.err());
            assertEquals(List.of("ea4j: error: " + cases[i][1]), r.errLines(), cases[i][0]);
        }
    }
}
