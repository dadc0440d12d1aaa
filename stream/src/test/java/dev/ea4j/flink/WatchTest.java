package dev.ea4j.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --watch} the job keeps running and forecasts files that appear in the input folder later; input and
 * output named by {@code file://} URIs (the form a cluster's file systems take).
 */
class WatchTest {

    @TempDir
    Path tmp;

    @Test
    void forecastsFilesAddedWhileTheJobRuns() throws Exception {
        Path model = Fixtures.streamingModel(tmp, "EA-2");
        List<String> lines = Fixtures.series(2, 20, 4).stream().map(Fixtures.Row::line).toList();
        Path in = tmp.resolve("in"), out = tmp.resolve("out");
        Fixtures.write(in.resolve("1.csv"), lines.subList(0, 20));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                JobSettings.of(out.resolve("checkpoints"), Duration.ofMillis(200), null));
        env.setParallelism(2);
        StreamJob.build(env, Location.of(in.toUri().toString()), Location.of(out.toUri().toString()), 1, true, 0,
                new ForecastFunction(model.toString(), "java"));
        JobClient job = env.executeAsync("watch");
        try {
            awaitCommitted(out, 20, job);
            Fixtures.write(in.resolve("2.csv"), lines.subList(20, 40));   // the same series, later events
            awaitCommitted(out, 40, job);
            assertFalse(job.getJobStatus().get().isGloballyTerminalState(), "a watching job keeps running");
        } finally {
            job.cancel().get();
        }
        assertEquals(40, Fixtures.multiset(Fixtures.committed(out.resolve("forecasts"))).size(), "40 distinct forecasts");
        assertEquals(List.of(), Fixtures.committed(out.resolve("rejects")));
    }

    /** Waits until {@code n} forecasts are committed; fails if the job ends first. */
    private static void awaitCommitted(Path out, int n, JobClient job) throws Exception {
        while (Fixtures.committed(out.resolve("forecasts")).size() < n) {
            assertFalse(job.getJobStatus().get().isGloballyTerminalState(), "the job ended: " + job.getJobStatus().get());
            Thread.sleep(50);
        }
        assertEquals(n, Fixtures.committed(out.resolve("forecasts")).size());
    }
}
