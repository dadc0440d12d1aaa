package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ea4j train --resume DIR}: the saved run is the only source of its settings; flags beside it must agree. */
class TrainResumeCommandTest {

    @TempDir
    static Path tmp;

    static Path data, run;
    static CliTestSupport.Run first;

    /** One small finished run with non-default settings, its data in a folder of its own. */
    @BeforeAll
    static void finishedRun() throws Exception {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        for (String f : List.of("JapaneseVowels_TRAIN.ts", "JapaneseVowels_TEST.ts")) {
            Files.copy(Path.of("src/main/resources/data/JapaneseVowels", f), data.resolve(f));
        }
        run = tmp.resolve("run");
        first = CliTestSupport.run("train", "--model", "sa,EA-2", "--seed", "5", "--seeds", "1", "--epochs", "1",
                "--lr", "2e-3", "--device", "java", "--data-dir", data.toString(), "--run-dir", run.toString(),
                "--no-progress");
        assertEquals(0, first.code(), first.err());
    }

    @Test
    void theWholeSpecIsSavedWithCommaSeparatedModels() throws Exception {
        JsonObject spec = JsonParser.parseString(Files.readString(run.resolve("experiment.json"))).getAsJsonObject()
                .getAsJsonObject("spec");
        assertEquals("[\"SA\",\"EA-2\"]", spec.get("models").toString());
        assertEquals("[5]", spec.get("seeds").toString());
        assertEquals(1, spec.get("epochs").getAsInt());
        assertEquals(2e-3, spec.get("lr").getAsDouble());
        assertEquals("java", spec.get("device").getAsString());
        assertEquals(data.toAbsolutePath().toString(), spec.get("dataDir").getAsString());
        assertTrue(Files.exists(run.resolve("SA/seed-5/result.json")) && Files.exists(run.resolve("EA-2/seed-5/result.json")));
    }

    @Test
    void aFinishedRunResumedPrintsItsResultsWithoutTraining() throws Exception {
        String metrics = Files.readString(run.resolve("SA/seed-5/metrics.jsonl"));
        CliTestSupport.Run again = CliTestSupport.run("train", "--resume", run.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(first.out(), again.out());
        assertFalse(again.err().contains("ea4j: training"), again.err());
        assertTrue(again.err().contains("SA seed 5 already finished") && again.err().contains("EA-2 seed 5 already finished"),
                again.err());
        assertEquals(metrics, Files.readString(run.resolve("SA/seed-5/metrics.jsonl")));

        CliTestSupport.Run json = CliTestSupport.run("train", "--resume", run.toString(), "--json", "--no-progress");
        assertEquals(0, json.code(), json.err());
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals("SA", o.getAsJsonArray("results").get(0).getAsJsonObject().get("model").getAsString());
    }

    @Test
    void flagsThatAgreeWithTheSavedRunAreAccepted() {
        CliTestSupport.Run r = CliTestSupport.run("train", "--resume", run.toString(), "--model", "SA,ea-2", "--seed", "5",
                "--seeds", "1", "--epochs", "1", "--lr", "0.002", "--device", "java", "--task", "jp",
                "--data-dir", data.resolve("../data").toString(), "--run-dir", run.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aFlagThatContradictsTheSavedRunIsExitTwoNamingIt() {
        String[][] cases = {
                {"--epochs", "12", "--epochs 12 contradicts the run in " + run + " (started with --epochs 1)"},
                {"--seed", "1", "--seed 1 contradicts the run in " + run + " (started with --seed 5)"},
                {"--seeds", "3", "--seeds 3 contradicts the run in " + run + " (started with --seeds 1)"},
                {"--model", "EA-6", "--model EA-6 contradicts the run in " + run + " (started with --model SA,EA-2)"},
                {"--lr", "1e-3", "--lr 0.001 contradicts the run in " + run + " (started with --lr 0.002)"},
                {"--device", "cpu", "--device cpu contradicts the run in " + run + " (started with --device java)"},
                {"--task", "scp1", "--task scp1 contradicts the run in " + run + " (started with --task jp)"},
                {"--strict", null, "--strict contradicts the run in " + run + " (started without --strict)"},
                {"--data-dir", tmp.toString(), "--data-dir " + tmp + " contradicts the run in " + run + " (started with --data-dir "
                        + data + ")"}};
        for (String[] c : cases) {
            CliTestSupport.Run r = c[1] == null ? CliTestSupport.run("train", "--resume", run.toString(), c[0])
                    : CliTestSupport.run("train", "--resume", run.toString(), c[0], c[1]);
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertEquals(List.of("ea4j: error: " + c[2]), r.errLines(), c[0]);
        }
    }

    @Test
    void aFolderWithoutASavedSpecIsExitTwo() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertOneLineExitTwo(CliTestSupport.run("train", "--resume", empty.toString()), "not a run folder (no experiment.json)");
        assertOneLineExitTwo(CliTestSupport.run("train", "--resume", tmp.resolve("absent").toString()), "no such run folder");

        Path old = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(old.resolve("experiment.json"), "{\"spec\": {\"task\": \"jp\", \"models\": [\"SA\"]}}");
        assertOneLineExitTwo(CliTestSupport.run("train", "--resume", old.toString()), "written by an older ea4j");

        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("experiment.json"), "{\"format\": \"ea4j-experiment-2\", \"spec\": [1");
        assertOneLineExitTwo(CliTestSupport.run("train", "--resume", bad.toString()), "is not a valid experiment file");
        Files.writeString(bad.resolve("experiment.json"), "{\"format\": \"ea4j-experiment-2\", \"spec\": {\"task\": \"jp\"}}");
        assertOneLineExitTwo(CliTestSupport.run("train", "--resume", bad.toString()), "its spec lacks a field");
    }

    @Test
    void aNewRunIntoAFolderThatHoldsARunOrIntoAFileIsExitTwo() throws Exception {
        assertOneLineExitTwo(CliTestSupport.run("train", "--run-dir", run.toString(), "--epochs", "1"),
                "already holds a run; continue it with --resume");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertOneLineExitTwo(CliTestSupport.run("train", "--run-dir", file.toString(), "--epochs", "1"), "is a file, not a folder");
        assertOneLineExitTwo(CliTestSupport.run("train", "--run-dir", file.resolve("sub").toString(), "--epochs", "1"),
                "Not a directory");
        assertOneLineExitTwo(CliTestSupport.run("train", "--resume", run.toString(), "--run-dir", tmp.toString()),
                "give either --resume DIR or --run-dir DIR, not both");
    }

    @Test
    void missingDataIsExitTwoNamingTheTaskAndWhereItLooked() throws Exception {
        Path nowhere = Files.createDirectories(tmp.resolve("no-data"));
        CliTestSupport.Run r = CliTestSupport.run("train", "--task", "scp1", "--data-dir", nowhere.toString(),
                "--model", "EA-6,SA", "--json");
        assertOneLineExitTwo(r, "cannot find the files of task scp1 (SelfRegulationSCP1); tried: " + nowhere);
        assertFalse(r.err().contains("internal error"), r.err());
        assertOneLineExitTwo(CliTestSupport.run("train", "--task", "etth2", "--data-dir", tmp.resolve("absent").toString()),
                tmp.resolve("absent") + " (no such folder)");
    }

    @Test
    void commandsRefuseUnusableFilesWithOneLine() throws Exception {
        Path best = run.resolve("SA/seed-5/best");
        Path input = data.resolve("JapaneseVowels_TEST.ts");
        assertOneLineExitTwo(CliTestSupport.run("classify", "--model", best.toString(), "--input", tmp.toString()),
                tmp + ": a folder, not a file");
        assertOneLineExitTwo(CliTestSupport.run("classify", "--model", best.toString(), "--input", input.toString(),
                "--out", tmp.resolve("absent/out.csv").toString()), "folder " + tmp.resolve("absent") + " does not exist");
        assertOneLineExitTwo(CliTestSupport.run("forecast", "--model", best.toString(), "--input", input.toString(),
                "--out", tmp.toString()), "--out " + tmp + " is a directory");
        Path aFile = Files.writeString(tmp.resolve("plain-file"), "x");
        assertOneLineExitTwo(CliTestSupport.run("classify", "--model", best.toString(), "--input", input.toString(),
                "--out", aFile.resolve("out.csv").toString()), aFile + " is a file, not a folder");
        Path recallDir = tmp.resolve("recall-run");
        assertOneLineExitTwo(CliTestSupport.run("recall", "--lr", "-1", "--run-dir", recallDir.toString()),
                "learning rate must be > 0");
        assertFalse(Files.exists(recallDir), "a rejected recall run leaves no folder");
        Path broken = Files.createDirectories(tmp.resolve("broken-model"));
        Files.writeString(broken.resolve("checkpoint.json"), "{\"format\": \"ea4j-model-1\", \"model\": {}, \"files\": {}}");
        assertOneLineExitTwo(CliTestSupport.run("classify", "--model", broken.toString(), "--input", input.toString()),
                "invalid model section");
        Files.writeString(broken.resolve("checkpoint.json"), "{\"model\": {}, \"files\": [1]}");
        assertOneLineExitTwo(CliTestSupport.run("classify", "--model", broken.toString(), "--input", input.toString()),
                "is not an ea4j checkpoint index");
    }

    private static void assertOneLineExitTwo(CliTestSupport.Run r, String part) {
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("ea4j: error: ") && lines.get(0).contains(part), lines.get(0));
    }
}
