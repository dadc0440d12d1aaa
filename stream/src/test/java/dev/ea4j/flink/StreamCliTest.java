package dev.ea4j.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ea4j stream}'s bad-input errors: exit 2 with one line naming the problem, no output written. */
class StreamCliTest {

    @TempDir
    Path tmp;

    private Fixtures.Captured<Integer> stream(String... args) {
        return Fixtures.stderr(() -> StreamMain.run(args));
    }

    private void assertOneLineError(Fixtures.Captured<Integer> c, String expected) {
        assertEquals(2, c.result(), c.err());
        List<String> errors = c.err().lines().filter(l -> l.startsWith("ea4j")).toList();
        assertEquals(1, errors.size(), c.err());
        assertTrue(errors.getFirst().startsWith("ea4j stream: error: ") && errors.getFirst().contains(expected), c.err());
    }

    @Test
    void missingModel() throws Exception {
        Path in = Fixtures.write(tmp.resolve("in.csv"), List.of("s0,2024-01-01 00:00:00,1.0"));
        assertOneLineError(stream("--model", tmp.resolve("nope").toString(), "--input", in.toString(), "--out",
                tmp.resolve("out").toString()), "nope: no such folder");
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void windowModel() throws Exception {
        Path model = Fixtures.windowModel(tmp);
        Path in = Fixtures.write(tmp.resolve("in.csv"), List.of("s0,2024-01-01 00:00:00,1.0"));
        assertOneLineError(stream("--model", model.toString(), "--input", in.toString(), "--out",
                tmp.resolve("out").toString()), "streaming needs a model trained with --streaming");
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void restartEveryNeedsAnEvenPeriodOfAtLeastTwoAndAStreamingModel() throws Exception {
        Path model = Fixtures.streamingModel(tmp, "EA-2");
        Path in = Fixtures.write(tmp.resolve("in.csv"), List.of("s0,2024-01-01 00:00:00,1.0"));
        for (String bad : List.of("7", "1", "-4")) {
            assertOneLineError(stream("--model", model.toString(), "--input", in.toString(), "--out",
                    tmp.resolve("out").toString(), "--restart-every", bad),
                    "--restart-every: a restart period must be an even number >= 2, got " + bad + " (0: never restart)");
        }
        Path window = Fixtures.windowModel(tmp);
        assertOneLineError(stream("--model", window.toString(), "--input", in.toString(), "--out",
                tmp.resolve("out").toString(), "--restart-every", "8"), "streaming needs a model trained with --streaming");
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void missingInput() throws Exception {
        Path model = Fixtures.streamingModel(tmp, "EA-2");
        assertOneLineError(stream("--model", model.toString(), "--input", tmp.resolve("missing.csv").toString(), "--out",
                tmp.resolve("out").toString()), "missing.csv: no such file or folder");
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void restoreLatestWithoutACheckpoint() throws Exception {
        Path model = Fixtures.streamingModel(tmp, "EA-2");
        Path in = Fixtures.write(tmp.resolve("in.csv"), List.of("s0,2024-01-01 00:00:00,1.0"));
        assertOneLineError(stream("--model", model.toString(), "--input", in.toString(), "--out",
                tmp.resolve("out").toString(), "--restore", "latest"), "--restore latest: no completed checkpoint under");
    }

    @Test
    void outputThatAlreadyHoldsForecastsIsLeftAlone() throws Exception {
        Path model = Fixtures.streamingModel(tmp, "EA-2");
        Path in = Fixtures.write(tmp.resolve("in.csv"), List.of("s0,2024-01-01 00:00:00,1.0"));
        Path part = Files.createDirectories(tmp.resolve("out/forecasts")).resolve("forecasts-x-0.jsonl");
        Files.writeString(part, "{}\n");
        assertOneLineError(stream("--model", model.toString(), "--input", in.toString(), "--out",
                tmp.resolve("out").toString()), "already holds forecasts; use a new --out or --restore");
        assertEquals("{}\n", Files.readString(part));
    }

    @Test
    void coreJarSaysWhereTheJobIs() {
        Fixtures.Captured<Integer> c = Fixtures.stderr(() -> dev.ea4j.cli.Main.run("stream", "--model", "x"));
        assertEquals(2, c.result());
        List<String> errors = c.err().lines().filter(l -> l.startsWith("ea4j")).toList();
        assertTrue(errors.size() == 1 && errors.getFirst().contains("stream/ module"), c.err());
    }
}
