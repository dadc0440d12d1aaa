package dev.ea4j.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job killed with SIGKILL after its second completed checkpoint and restored from the latest one commits the same
 * multiset of forecasts as an uninterrupted run: none lost, none twice.
 */
class ExactlyOnceTest {

    @TempDir
    Path tmp;

    @Test
    void killedAndRestoredRunCommitsWhatAnUninterruptedRunCommits() throws Exception {
        Path model = Fixtures.streamingModel(tmp, "EA-2");
        List<Fixtures.Row> rows = Fixtures.series(4, 150, 3);
        Path in = tmp.resolve("in");
        Fixtures.write(in.resolve("events.csv"), rows.stream().map(Fixtures.Row::line).toList());

        assertEquals(0, StreamMain.run("--model", model.toString(), "--input", in.toString(), "--out",
                tmp.resolve("whole").toString(), "--parallelism", "2", "--checkpoint-interval", "500"));
        List<String> whole = Fixtures.committed(tmp.resolve("whole/forecasts"));
        assertEquals(rows.size(), whole.size());

        // a child JVM reads at 150 events/s (4 s in all) with a checkpoint every 200 ms, killed after chk-2
        Path out = tmp.resolve("killed");
        Process child = new ProcessBuilder(javaBin(), "--add-modules", "jdk.incubator.vector",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath(),
                StreamMain.class.getName(), "--model", model.toString(), "--input", in.toString(), "--out",
                out.toString(), "--parallelism", "2", "--checkpoint-interval", "200", "--max-rate", "150")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            while (!hasCheckpoint(out.resolve("checkpoints"), 2)) {   // chk-2 or later (Flink keeps only the latest)
                assertTrue(child.isAlive(), "the job ended before its second checkpoint: " + Files.readString(tmp.resolve("child.log")));
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly();   // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        int before = Fixtures.committed(out.resolve("forecasts")).size();
        assertTrue(before < rows.size(), "killed mid-stream: " + before + " of " + rows.size() + " committed");

        assertEquals(0, StreamMain.run("--model", model.toString(), "--input", in.toString(), "--out", out.toString(),
                "--parallelism", "2", "--checkpoint-interval", "500", "--restore", "latest"));
        assertEquals(Fixtures.multiset(whole), Fixtures.multiset(Fixtures.committed(out.resolve("forecasts"))));
    }

    /** Whether a checkpoint numbered {@code n} or later has completed under {@code dir}. */
    private static boolean hasCheckpoint(Path dir, int n) throws Exception {
        return LatestCheckpoint.in(dir).filter(p -> LatestCheckpoint.number(p) >= n).isPresent();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The module's classes and runtime libraries (Flink included), as surefire names them. */
    private static String classpath() {
        return System.getProperty("ea4j.stream.classes") + File.pathSeparator
                + Path.of(System.getProperty("ea4j.stream.lib")).resolve("*");
    }
}
