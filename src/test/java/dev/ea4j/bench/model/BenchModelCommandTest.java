package dev.ea4j.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ea4j bench model} end to end at tiny sizes. */
class BenchModelCommandTest {

    @Test
    void writesPlotsReportJsonlCsvAndHistory(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out"), history = dir.resolve("hist").resolve("perf-history.jsonl");
        int code = Main.run("bench", "model", "--out", out.toString(), "--lengths", "8,16,32", "--layers", "1",
                "--width", "16", "--heads", "2", "--vocab", "8", "--bsl-batches", "1,2,4", "--budget", "0.002",
                "--decode-batches", "1,2", "--decode-lengths", "8,16", "--decode-steps", "2", "--repeats", "1",
                "--warmup", "1", "--history", history.toString(), "--no-progress", "--profile");
        assertEquals(0, code);
        for (String png : BenchCharts.FILES) {
            Path f = out.resolve(png);
            assertTrue(Files.size(f) > 1000, png);
            assertTrue(ImageIO.read(f.toFile()).getWidth() > 100, png);
        }
        List<String> jsonl = Files.readAllLines(out.resolve("results.jsonl"));
        // 5 models x 3 BS-L batches, 5 x 3 train lengths, 3 decodable models x 2 batches x 2 lengths
        assertEquals(15 + 15 + 12, jsonl.size());
        for (String line : jsonl) {
            for (String key : List.of("\"what\"", "\"model\"", "\"B\"", "\"L\"", "\"tokens_per_s\"", "\"latency_s\"",
                    "\"peak_bytes\"", "\"machine\"", "\"device\"", "\"commit\"", "\"date\"")) {
                assertTrue(line.contains(key), key + " missing in " + line);
            }
        }
        assertTrue(jsonl.stream().anyMatch(l -> l.contains("\"what\": \"train\"") && l.contains("\"model\": \"EA-6\"")));
        assertTrue(jsonl.stream().anyMatch(l -> l.contains("\"what\": \"decode\"") && l.contains("\"model\": \"SA\"")));
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(jsonl.size() + 1, csv.size());
        assertTrue(csv.getFirst().startsWith("what,model,B,L,tokens_per_s"));
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Memory against L: fits"));
        assertTrue(report.contains("**EA-6**: memory is linear in L (expected linear: yes)"), report);
        assertTrue(report.contains("**SA-eager**: memory is superlinear in L (expected superlinear: yes)"), report);
        assertTrue(report.contains("7530")); // the paper's BS-L table sits beside ours
        assertTrue(Files.readString(out.resolve("profile.md")).contains("attention backward"));
        assertEquals(15 + 12, Files.readAllLines(history).size()); // BS-L points stay out of the history
    }

    @Test
    void badModelIsBadInput(@TempDir Path dir) {
        assertEquals(2, Main.run("bench", "model", "--out", dir.toString(), "--models", "EA-3", "--no-progress",
                "--no-history"));
    }
}
