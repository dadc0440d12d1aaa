package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ea4j train --selection held-out|test}: checked, saved with the run, reported, and held to on resume. */
class TrainSelectionCommandTest {

    @TempDir
    Path tmp;

    @Test
    void badValuesAndForecastingTasksExit2WithoutAFolder() {
        CliTestSupport.Run bogus = CliTestSupport.run("train", "--selection", "val", "--run-dir", tmp.resolve("a").toString());
        assertEquals(2, bogus.code(), bogus.err());
        assertTrue(bogus.err().contains("--selection must be held-out or test, got 'val'"), bogus.err());
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
}
