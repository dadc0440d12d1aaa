package dev.ea4j.flink;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;

/**
 * Waits for a submitted job and prints a progress line every {@code every} while it runs: forecasts so far, their
 * rate over the last interval, lines rejected (from the job's accumulators, which lag the job by up to a heartbeat).
 */
final class JobProgress {

    private JobProgress() {}

    /** The job's result once it ends; progress lines on {@code err} meanwhile. */
    static JobExecutionResult follow(JobClient job, Duration every, PrintStream err) throws Exception {
        long start = System.nanoTime(), lastCount = 0, lastTime = start;
        var result = job.getJobExecutionResult();
        while (true) {
            try {
                return result.get(every.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                Map<String, Object> acc = accumulators(job);
                if (acc == null) continue;
                long now = System.nanoTime();
                long forecasts = count(acc, ForecastFunction.FORECASTS), rejected = count(acc, ParseFunction.REJECTED);
                double rate = (forecasts - lastCount) / ((now - lastTime) / 1e9);
                err.printf(Locale.ROOT, "ea4j stream: %.0f s: %,d forecasts (%,.0f/s), %,d rejected%n",
                        (now - start) / 1e9, forecasts, rate, rejected);
                lastCount = forecasts;
                lastTime = now;
            }
        }
    }

    /** The running job's accumulators, or null when the cluster cannot say yet. */
    private static Map<String, Object> accumulators(JobClient job) {
        try {
            return job.getAccumulators().get(5, TimeUnit.SECONDS);
        } catch (Exception notYet) {
            return null;
        }
    }

    private static long count(Map<String, Object> acc, String name) {
        return acc.get(name) instanceof Number n ? n.longValue() : 0;
    }
}
