package dev.ea4j.flink.bench;

import dev.ea4j.flink.ForecastFunction;
import dev.ea4j.flink.JobSettings;
import dev.ea4j.flink.PassThroughFunction;
import dev.ea4j.flink.StreamJob;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One embedded run of the job (a model, or the pass-through baseline when the model is null) and what it measured. */
record JobRun(double seconds, long events, int maxStateFloats) {

    /** Runs the job over {@code input} into {@code out} at {@code parallelism}; {@code model} null: pass-through. */
    static JobRun of(Path model, Path input, Path out, int parallelism, long events, Duration checkpoints) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                JobSettings.of(out.resolve("checkpoints"), checkpoints, null));
        env.setParallelism(parallelism);
        StreamJob.build(env, input, out, 1, false, 0, model == null ? new PassThroughFunction()
                : new ForecastFunction(model.toAbsolutePath().toString(), "java"));
        JobExecutionResult r = env.execute("ea4j stream bench");
        Integer max = r.getAccumulatorResult(ForecastFunction.MAX_STATE_FLOATS);
        return new JobRun(r.getNetRuntime() / 1e3, events, max == null ? 0 : max);
    }

    /** Events per second of wall time (job start to end, checkpoints and the final commit included). */
    double eventsPerSecond() {
        return events / seconds;
    }
}
