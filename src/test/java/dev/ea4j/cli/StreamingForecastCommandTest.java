package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ea4j.data.CsvTable;
import dev.ea4j.data.Features;
import dev.ea4j.data.ForecastDataset;
import dev.ea4j.data.ForecastSplits.Layout;
import dev.ea4j.data.TimeFeatures;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.TaskKind;
import dev.ea4j.stream.SeriesForecaster;
import dev.ea4j.stream.SeriesForecasters;
import dev.ea4j.train.Checkpoints;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ea4j train --streaming} on a small synthetic traffic.csv (70/10/20 split), its saved spec and
 * {@code --resume}, and {@code ea4j forecast} on a streaming model against stepping its {@link SeriesForecaster}.
 */
class StreamingForecastCommandTest {

    @TempDir
    static Path tmp;

    static Path data, run, csv;
    static CliTestSupport.Run first;
    static final LocalDateTime START = LocalDateTime.of(2016, 7, 1, 0, 0);

    @BeforeAll
    static void streamingRun() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        csv = data.resolve("traffic.csv");
        Files.writeString(csv, rows(0, 400));
        run = tmp.resolve("run");
        first = CliTestSupport.run("train", "--task", "traffic", "--streaming", "--length", "8", "--model", "EA-2,SA",
                "--seeds", "1", "--epochs", "1", "--device", "java", "--data-dir", data.toString(), "--run-dir",
                run.toString(), "--no-progress");
        assertEquals(0, first.code(), first.err());
    }

    static String rows(int from, int to) {
        StringBuilder sb = new StringBuilder("date,load,OT\n");
        for (int r = from; r < to; r++) {
            sb.append(START.plusHours(r).toString().replace('T', ' ')).append(":00,").append(r % 7).append(',')
                    .append(20 + 5 * Math.sin(2 * Math.PI * r / 24) + r * 0.01).append('\n');
        }
        return sb.toString();
    }

    @Test
    void theStreamingFlagAndLengthAreSavedAndRestoredByResume() throws Exception {
        JsonObject spec = JsonParser.parseString(Files.readString(run.resolve("experiment.json"))).getAsJsonObject()
                .getAsJsonObject("spec");
        assertTrue(spec.get("streaming").getAsBoolean());
        assertEquals(8, spec.get("length").getAsInt());
        Path best = run.resolve("EA-2/seed-1/best");
        assertEquals(TaskKind.STREAM_FORECAST, Checkpoints.readConfig(best).task());
        assertTrue(Checkpoints.readInference(best).get("streaming").getAsBoolean());
        assertTrue(first.out().contains("streaming models (trained on windows of 8 steps)"), first.out());

        CliTestSupport.Run again = CliTestSupport.run("train", "--resume", run.toString(), "--streaming", "--length", "8");
        assertEquals(0, again.code(), again.err());
        assertEquals(first.out(), again.out());
        assertFalse(again.err().contains("ea4j: training"), again.err());

        CliTestSupport.Run other = CliTestSupport.run("train", "--resume", run.toString(), "--length", "16");
        assertEquals(2, other.code(), other.err());
        assertEquals(List.of("ea4j: error: --length 16 contradicts the run in " + run + " (started with --length 8)"),
                other.errLines());
    }

    @Test
    void badStreamingOptionsAreExitTwo() {
        CliTestSupport.Run noStreaming = CliTestSupport.run("train", "--task", "traffic", "--length", "8",
                "--data-dir", data.toString(), "--run-dir", tmp.resolve("x").toString());
        assertEquals(2, noStreaming.code(), noStreaming.err());
        assertTrue(noStreaming.err().contains("--length needs --streaming"), noStreaming.err());
        CliTestSupport.Run classifier = CliTestSupport.run("train", "--task", "jp", "--streaming",
                "--run-dir", tmp.resolve("y").toString());
        assertEquals(2, classifier.code(), classifier.err());
        assertTrue(classifier.err().contains("--streaming needs a forecasting task"), classifier.err());
        assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("y")));
    }

    @Test
    void forecastReadsTheWholeHistoryLikeTheStream() throws Exception {
        for (String model : List.of("EA-2", "SA")) {
            Path best = run.resolve(model + "/seed-1/best");
            CsvTable table = CsvTable.read(csv);
            try (SeriesForecaster f = SeriesForecasters.open(best, "java", true)) {
                assertEquals(List.of("OT"), f.inputNames());
                float[] state = f.initialState();
                for (int t = 1; t <= 60; t++) {
                    int r = t - 1;
                    SeriesForecaster.Step s = f.step(state, TimeFeatures.parse(table.dates()[r]),
                            new float[] {table.values()[r][1]});
                    state = s.state();
                    if (t != 1 && t != 25 && t != 60) continue;
                    Path history = Files.writeString(tmp.resolve(model + "-history-" + t + ".csv"), rows(0, t));
                    CliTestSupport.Run out = CliTestSupport.run("forecast", "--model", best.toString(), "--input",
                            history.toString(), "--device", "java");
                    assertEquals(0, out.code(), out.err());
                    StringBuilder expect = new StringBuilder("step,OT\n");
                    for (int h = 0; h < f.horizon(); h++) expect.append(h + 1).append(',').append(s.forecast()[h][0]).append('\n');
                    assertEquals(expect.toString(), out.out(), model + " after event " + t);
                    assertTrue(out.err().contains(t + " events"), out.err());
                }
            }
        }
    }

    @Test
    void aBadRowNamesItsLineAndAWindowModelIsNotAStream() throws Exception {
        Path best = run.resolve("EA-2/seed-1/best");
        Path bad = Files.writeString(tmp.resolve("bad.csv"), rows(0, 5).replace(",4,", ",4,x"));
        CliTestSupport.Run r = CliTestSupport.run("forecast", "--model", best.toString(), "--input", bad.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(bad.toString()), r.err());

        ForecastDataset ds = ForecastDataset.of(CsvTable.read(csv), Layout.CUSTOM, 6, 3, Features.S, "OT");
        Path window = tmp.resolve("window");
        new Trainer("java", true, false, new PrintStream(new ByteArrayOutputStream())).train(
                new ForecastTask("w", ds, new ModelSize(8, 1, 2, false), true, true), AttentionType.parse("EA-2"),
                new TrainConfig(1, 16, 1e-3, 1e-2, 0.05, 1.0, 0, 7), window, false);
        var e = assertThrows(IllegalArgumentException.class,
                () -> SeriesForecasters.open(window.resolve("best"), "java", true));
        assertTrue(e.getMessage().contains("window forecaster") && e.getMessage().contains("--streaming"), e.getMessage());

        CliTestSupport.Run restart = CliTestSupport.run("forecast", "--model", window.resolve("best").toString(),
                "--input", csv.toString(), "--restart-every", "8");
        assertEquals(2, restart.code(), restart.err());
        assertEquals(List.of("ea4j: error: --restart-every needs a streaming model (ea4j train --streaming); "
                + window.resolve("best") + " holds a window forecaster"), restart.errLines());
    }

    @Test
    void forecastWithRestartEveryEqualsTheRestartingForecasterAndRejectsABadPeriod() throws Exception {
        for (String model : List.of("EA-2", "SA")) {
            Path best = run.resolve(model + "/seed-1/best");
            Path history = Files.writeString(tmp.resolve(model + "-restart-history.csv"), rows(0, 45));
            CsvTable table = CsvTable.read(history);
            float[][] expect = null;
            try (SeriesForecaster f = SeriesForecasters.open(best, "java", true, 8)) {
                float[] state = f.initialState();
                for (int r = 0; r < table.rows(); r++) {
                    SeriesForecaster.Step s = f.step(state, TimeFeatures.parse(table.dates()[r]),
                            new float[] {table.values()[r][1]});
                    state = s.state();
                    expect = s.forecast();
                }
            }
            CliTestSupport.Run out = CliTestSupport.run("forecast", "--model", best.toString(), "--input",
                    history.toString(), "--device", "java", "--restart-every", "8");
            assertEquals(0, out.code(), out.err());
            StringBuilder text = new StringBuilder("step,OT\n");
            for (int h = 0; h < expect.length; h++) text.append(h + 1).append(',').append(expect[h][0]).append('\n');
            assertEquals(text.toString(), out.out(), model);
            assertTrue(out.err().contains("restarting every 8 events"), out.err());
            CliTestSupport.Run whole = CliTestSupport.run("forecast", "--model", best.toString(), "--input",
                    history.toString(), "--device", "java");
            assertNotEquals(whole.out(), out.out(), model + ": 45 events whole against the last 5..8");
        }
        Path best = run.resolve("EA-2/seed-1/best");
        for (String bad : List.of("7", "1", "-2")) {
            CliTestSupport.Run r = CliTestSupport.run("forecast", "--model", best.toString(), "--input", csv.toString(),
                    "--restart-every", bad);
            assertEquals(2, r.code(), r.err());
            assertEquals(List.of("ea4j: error: --restart-every: a restart period must be an even number >= 2, got " + bad
                    + " (0: never restart)"), r.errLines());
        }
    }
}
