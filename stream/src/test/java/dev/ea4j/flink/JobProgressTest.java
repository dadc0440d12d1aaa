package dev.ea4j.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;

/** {@link JobProgress}: a line per poll from the job's accumulators while it runs, then the job's result. */
class JobProgressTest {

    /** A job that ends after its accumulators were asked for three times, with 100 more forecasts each time. */
    private static final class ScriptedJob implements JobClient {
        final AtomicInteger polls = new AtomicInteger();
        final JobExecutionResult done = new JobExecutionResult(new JobID(), 1, Map.of());
        final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();

        @Override
        public CompletableFuture<Map<String, Object>> getAccumulators() {
            int n = polls.incrementAndGet();
            if (n == 3) result.complete(done);
            return CompletableFuture.completedFuture(Map.of(ForecastFunction.FORECASTS, 100L * n,
                    ParseFunction.REJECTED, (long) n - 1));
        }

        @Override
        public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
            return result;
        }

        @Override
        public JobID getJobID() {
            return done.getJobID();
        }

        @Override
        public CompletableFuture<JobStatus> getJobStatus() {
            return CompletableFuture.completedFuture(JobStatus.RUNNING);
        }

        @Override
        public CompletableFuture<Void> cancel() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<String> stopWithSavepoint(boolean drain, String dir, SavepointFormatType format) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<String> triggerSavepoint(String dir, SavepointFormatType format) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void printsTheCountsWhileTheJobRunsAndReturnsItsResult() throws Exception {
        ScriptedJob job = new ScriptedJob();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JobExecutionResult r = JobProgress.follow(job, Duration.ofMillis(20), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertSame(job.done, r);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("ea4j stream: \\d+ s: 100 forecasts \\([\\d,]+/s\\), 0 rejected"), lines.get(0));
        assertTrue(lines.get(2).matches("ea4j stream: \\d+ s: 300 forecasts \\([\\d,]+/s\\), 2 rejected"), lines.get(2));
    }
}
