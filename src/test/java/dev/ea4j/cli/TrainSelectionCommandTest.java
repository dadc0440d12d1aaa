package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ea4j train --selection held-out|refit|test}: checked, saved with the run, reported, and held to on resume. */
class TrainSelectionCommandTest {

    @TempDir
    Path tmp;

    @Test
    void badValuesAndForecastingTasksExit2WithoutAFolder() {
        CliTestSupport.Run bogus = CliTestSupport.run("train", "--selection", "val", "--run-dir", tmp.resolve("a").toString());
        assertEquals(2, bogus.code(), bogus.err());
        assertTrue(bogus.err().contains("--selection must be held-out, refit or test, got 'val'"), bogus.err());
        CliTestSupport.Run forecast = CliTestSupport.run("train", "--task", "etth2", "--selection", "test",
                "--run-dir", tmp.resolve("b").toString());
        assertEquals(2, forecast.code(), forecast.err());
        assertTrue(forecast.err().contains("--selection is for classification tasks"), forecast.err());
        assertFalse(Files.exists(tmp.resolve("a")) || Files.exists(tmp.resolve("b")));
    }

    @Test
    void testSelectionIsSavedReportedAndHeldToOnResume() throws Exception {
        Path run = tmp.resolve("run");
        CliTestSupport.Run first = CliTestSupport.run("train", "--model", "EA-2", "--seeds", "1", "--epochs", "1",
                "--device", "java", "--selection", "test", "--run-dir", run.toString(), "--no-progress", "--json");
        assertEquals(0, first.code(), first.err());
        JsonObject out = JsonParser.parseString(first.out()).getAsJsonObject();
        assertEquals("test", out.get("selection").getAsString());
        JsonObject saved = JsonParser.parseString(Files.readString(run.resolve("experiment.json"))).getAsJsonObject();
        assertEquals("test", saved.getAsJsonObject("spec").get("selection").getAsString());
        assertTrue(Files.readString(run.resolve("results.md")).contains("selected on TEST accuracy"));

        CliTestSupport.Run contradicting = CliTestSupport.run("train", "--resume", run.toString(), "--selection", "held-out");
        assertEquals(2, contradicting.code(), contradicting.err());
        assertTrue(contradicting.err().contains("--selection held-out contradicts the run"), contradicting.err());
    }

    /**
     * --selection refit: the held-out run (dir/select) chooses the epoch count, then a fresh model trains exactly that
     * many epochs on all of TRAIN without reading a validation set; a resume after the held-out phase does not redo it
     * and ends where the uninterrupted run ended (the java backend is deterministic per seed).
     */
    @Test
    void refitRetrainsOnAllOfTrainForTheEpochsChosenOnTheHeldOutShare() throws Exception {
        Path run = tmp.resolve("refit");
        CliTestSupport.Run first = CliTestSupport.run("train", "--model", "EA-2", "--seeds", "1", "--epochs", "3",
                "--device", "java", "--selection", "refit", "--run-dir", run.toString(), "--no-progress", "--json");
        assertEquals(0, first.code(), first.err());
        Path seed = run.resolve("EA-2/seed-1");
        int chosen = JsonParser.parseString(Files.readString(seed.resolve("select/result.json"))).getAsJsonObject()
                .get("bestEpoch").getAsInt();
        List<String> refitRows = Files.readAllLines(seed.resolve("metrics.jsonl"));
        List<String> selectRows = Files.readAllLines(seed.resolve("select/metrics.jsonl"));
        assertEquals(chosen, refitRows.size(), "the refit runs the chosen epochs: " + refitRows);
        for (String row : refitRows) assertFalse(row.contains("val_"), "the refit reads no validation set: " + row);
        long refitSteps = JsonParser.parseString(refitRows.get(0)).getAsJsonObject().get("step").getAsLong();
        long selectSteps = JsonParser.parseString(selectRows.get(0)).getAsJsonObject().get("step").getAsLong();
        assertTrue(refitSteps > selectSteps, "all of TRAIN (" + refitSteps + " steps an epoch) against 80 % ("
                + selectSteps + ")");
        assertTrue(first.err().contains(chosen + " epoch(s) chosen on the held-out 20 % of TRAIN"), first.err());
        assertEquals("refit", JsonParser.parseString(first.out()).getAsJsonObject().get("selection").getAsString());
        assertTrue(Files.readString(run.resolve("results.md")).contains("retrained on all of TRAIN"));

        // killed after the held-out phase: the resume keeps it and redoes only the refit
        String results = Files.readString(run.resolve("results.json"));
        String selectLog = Files.readString(seed.resolve("select/metrics.jsonl"));
        for (String gone : List.of("result.json", "metrics.jsonl")) Files.delete(seed.resolve(gone));
        for (String gone : List.of("checkpoint", "best")) deleteTree(seed.resolve(gone));
        CliTestSupport.Run resumed = CliTestSupport.run("train", "--resume", run.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertFalse(resumed.err().contains("training EA-2 seed 1 on jp (" + seed.resolve("select")), resumed.err());
        assertEquals(selectLog, Files.readString(seed.resolve("select/metrics.jsonl")));
        assertEquals(chosen, Files.readAllLines(seed.resolve("metrics.jsonl")).size());
        assertEquals(results, Files.readString(run.resolve("results.json")));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
