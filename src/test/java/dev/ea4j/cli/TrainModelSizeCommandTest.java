package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ea4j.model.Model;
import dev.ea4j.model.Parameter;
import dev.ea4j.train.Checkpoints;
import dev.ea4j.train.Experiment;
import dev.ea4j.train.SavedModel;
import dev.ea4j.train.tasks.ModelSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ea4j train --width D --blocks N --heads H}: checked, trained, saved with the run, reported, held to on resume. */
class TrainModelSizeCommandTest {

    @TempDir
    static Path tmp;

    static Path run;
    static CliTestSupport.Run first;

    /** One tiny finished run (width 8, 1 block, 2 heads; SA has heads, EA-2 none), 1 epoch on the java backend. */
    @BeforeAll
    static void finishedRun() {
        run = tmp.resolve("run");
        first = CliTestSupport.run("train", "--model", "SA,EA-2", "--width", "8", "--blocks", "1", "--heads", "2",
                "--seeds", "1", "--epochs", "1", "--device", "java", "--run-dir", run.toString(), "--no-progress", "--json");
        assertEquals(0, first.code(), first.err());
    }

    @Test
    void theSizeIsSavedAndReported() throws Exception {
        JsonObject out = JsonParser.parseString(first.out()).getAsJsonObject();
        assertSize(out, 8, 1, 2);
        JsonObject spec = JsonParser.parseString(Files.readString(run.resolve(Experiment.SPEC_FILE))).getAsJsonObject()
                .getAsJsonObject("spec");
        assertSize(spec, 8, 1, 2);
        assertTrue(Files.readString(run.resolve("results.md")).contains("Model: width 8, 1 block, 2 heads."),
                Files.readString(run.resolve("results.md")));
    }

    @Test
    void theTrainedModelsHaveThatSize() throws Exception {
        for (String model : List.of("SA", "EA-2")) {
            Path seed = run.resolve(model).resolve("seed-1");
            assertModelSize(SavedModel.load(seed.resolve("best")).model(), 8, 1, 2);
            assertEquals(8, Checkpoints.readConfig(seed.resolve("checkpoint")).width(), model);
        }
    }

    @Test
    void resumeAloneRestoresTheSize() throws Exception {
        Path copy = copyOfRun("resumed");
        Path seed = copy.resolve("SA/seed-1");
        for (String gone : List.of("result.json", "metrics.jsonl", "checkpoint", "best")) deleteTree(seed.resolve(gone));
        CliTestSupport.Run resumed = CliTestSupport.run("train", "--resume", copy.toString(), "--json", "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("ea4j: training SA seed 1"), resumed.err());
        assertSize(JsonParser.parseString(resumed.out()).getAsJsonObject(), 8, 1, 2);
        assertModelSize(SavedModel.load(seed.resolve("best")).model(), 8, 1, 2);
    }

    @Test
    void aRunSavedBeforeTheOptionsResumesWithTheTaskDefaults() throws Exception {
        Path old = copyOfRun("old");
        Path file = old.resolve(Experiment.SPEC_FILE);
        JsonObject saved = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        for (String key : List.of("width", "blocks", "heads")) saved.getAsJsonObject("spec").remove(key);
        Files.writeString(file, saved.toString());

        ModelSize jp = Experiment.defaultSize("jp");
        Experiment.Spec spec = Experiment.readSpec(old);
        assertEquals(List.of(jp.width(), jp.layers(), jp.heads()), List.of(spec.width(), spec.blocks(), spec.heads()));
        CliTestSupport.Run resumed = CliTestSupport.run("train", "--resume", old.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("Model: width " + jp.width() + ", " + jp.layers() + " blocks, " + jp.heads()
                + " heads."), resumed.out());
    }

    @Test
    void flagsBesideResumeMustAgreeWithTheSavedSize() {
        CliTestSupport.Run agreeing = CliTestSupport.run("train", "--resume", run.toString(), "--width", "8", "--blocks", "1",
                "--heads", "2", "--no-progress");
        assertEquals(0, agreeing.code(), agreeing.err());
        String[][] cases = {
                {"--width", "64", "--width 64 contradicts the run in " + run + " (started with --width 8)"},
                {"--blocks", "2", "--blocks 2 contradicts the run in " + run + " (started with --blocks 1)"},
                {"--heads", "4", "--heads 4 contradicts the run in " + run + " (started with --heads 2)"}};
        for (String[] c : cases) {
            CliTestSupport.Run r = CliTestSupport.run("train", "--resume", run.toString(), c[0], c[1]);
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertEquals(List.of("ea4j: error: " + c[2]), r.errLines(), c[0]);
        }
    }

    @Test
    void badSizesExitTwoWithOneLineAndNoFolder() {
        String[][] cases = {
                {"--width 0", "--width must be >= 1, got 0"},
                {"--blocks 0", "--blocks must be >= 1, got 0"},
                {"--heads -1", "--heads must be >= 1, got -1"},
                {"--model SA --width 10 --heads 4", "--heads 4 does not divide --width 10 (SA splits the width into heads)"},
                {"--heads 3", "--heads 3 does not divide --width 64 (SA splits the width into heads)"},
                {"--model LA --width 1028 --heads 4", "--width 1028 / --heads 4 = 257 is over LA's largest head dimension"
                        + " 256; use more --heads"}};
        for (int i = 0; i < cases.length; i++) {
            Path dir = tmp.resolve("bad-" + i);
            String[] args = Stream.concat(Stream.of("train", "--run-dir", dir.toString(), "--device", "java"),
                    Stream.of(cases[i][0].split(" "))).toArray(String[]::new);
            CliTestSupport.Run r = CliTestSupport.run(args);
            assertEquals(2, r.code(), cases[i][0] + ": " + r.err());
            assertEquals(List.of("ea4j: error: " + cases[i][1]), r.errLines(), cases[i][0]);
            assertFalse(Files.exists(dir), cases[i][0] + " made " + dir);
        }
    }

    /** EA has no heads: a width they do not divide trains, and the table names no heads. */
    @Test
    void eaIgnoresTheHeads() throws Exception {
        Path dir = tmp.resolve("ea");
        CliTestSupport.Run r = CliTestSupport.run("train", "--model", "EA-2", "--width", "10", "--blocks", "1", "--heads", "4",
                "--seeds", "1", "--epochs", "1", "--device", "java", "--run-dir", dir.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Model: width 10, 1 block.") && !r.out().contains("head"), r.out());
        assertModelSize(SavedModel.load(dir.resolve("EA-2/seed-1/best")).model(), 10, 1, 4);
    }

    private static void assertSize(JsonObject o, int width, int blocks, int heads) {
        assertEquals(List.of(width, blocks, heads),
                List.of(o.get("width").getAsInt(), o.get("blocks").getAsInt(), o.get("heads").getAsInt()), o.toString());
    }

    /** The model's config and its weights (q projection D x D, one block per --blocks). */
    private static void assertModelSize(Model model, int width, int blocks, int heads) {
        assertEquals(List.of(width, blocks, heads),
                List.of(model.config().width(), model.config().layers(), model.config().heads()));
        assertEquals(blocks, model.blocks().size());
        Parameter q = model.parameters().stream().filter(p -> p.name().equals("layer_0.attn.q.weight")).findFirst()
                .orElseThrow();
        assertArrayEquals(new int[] {width, width}, q.shape());
        assertFalse(model.parameters().stream().anyMatch(p -> p.name().startsWith("layer_" + blocks + ".")));
    }

    private static Path copyOfRun(String name) throws IOException {
        Path copy = tmp.resolve(name);
        try (Stream<Path> paths = Files.walk(run)) {
            for (Path p : paths.toList()) {
                Path to = copy.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return copy;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
