package dev.ea4j.flink;

import dev.ea4j.stream.RestartingSeriesForecaster;
import dev.ea4j.stream.SeriesForecaster;
import dev.ea4j.stream.SeriesForecasters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ea4j stream}: runs a saved streaming model over a stream of events on Flink, emitting the next-H forecast of
 * each event's series. Embedded local Flink when started directly (the launcher), the cluster's when submitted with
 * {@code flink run}. Exit codes: 0 ok, 1 the job failed, 2 bad input.
 */
@Command(name = "ea4j stream", mixinStandardHelpOptions = true, sortOptions = false,
        version = "ea4j stream 0.1.0 (Apache Flink 2.3.0)",
        description = {"Forecast every event of a stream with a streaming model (ea4j train --streaming) on Apache "
                + "Flink, each series' model state in Flink keyed state.",
                "Input lines: series,timestamp,v1,...,vn (blank, '#' and header lines skipped).",
                "Writes OUT/forecasts/*.jsonl, OUT/rejects/*.jsonl (bad events, with the reason) and checkpoints to "
                + "OUT/checkpoints. See docs/streaming.md."})
public final class StreamMain implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a streaming model (RUN/EA-6/seed-1/best)")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "a CSV file or a folder of them (a local path or a Flink file system URI, e.g. s3://...)")
    String input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (a local path or a URI)")
    String out;

    @Option(names = "--parallelism", paramLabel = "N", description = "operator parallelism (default: Flink's; locally the number of cores)")
    Integer parallelism;

    @Option(names = "--device", paramLabel = "D", defaultValue = "java",
            description = "device of the model on each task (default java: faster than cpu inside the job, "
                    + "see docs/streaming.md)")
    String device;

    @Option(names = "--restart-every", paramLabel = "N", defaultValue = "0",
            description = "two states per series restarted every N events, staggered by N/2; the forecast comes from the "
                    + "one with N/2+1..N events (N even, >= 2; default 0: never, the whole history)")
    int restartEvery;

    @Option(names = "--restore", paramLabel = "DIR|latest",
            description = "restore from a checkpoint or savepoint folder; 'latest': the newest under the checkpoint folder")
    String restore;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = "checkpoint folder (default OUT/checkpoints)")
    String checkpoints;

    @Option(names = "--checkpoint-interval", paramLabel = "MS", defaultValue = "2000",
            description = "milliseconds between checkpoints; output is committed at each (default 2000)")
    long checkpointMillis;

    @Option(names = "--watch", description = "keep watching the input folder for new files (runs until cancelled)")
    boolean watch;

    @Option(names = "--max-rate", paramLabel = "EVENTS/S", description = "read at most this many lines per second")
    Double maxRate;

    /** How often a running job prints a progress line. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    /** Runs the command; exits with its status when that is not 0 (under {@code flink run}, returns normally on success). */
    public static void main(String[] args) {
        int rc = run(args);
        if (rc != 0) System.exit(rc);
    }

    /** Runs the command and returns its exit status (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new StreamMain());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("ea4j stream: error: " + ex.getMessage() + " (see 'ea4j stream --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageError) {
                System.err.println("ea4j stream: error: " + ex.getMessage());
                return 2;
            }
            Throwable root = ExceptionUtils.stripExecutionException(ex);
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            System.err.println("ea4j stream: job failed: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            if ("1".equals(System.getenv("EA4J_DEBUG"))) ex.printStackTrace();
            return 1;
        });
        return cl.execute(args);
    }

    /** A bad-input error: one line, exit 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (checkpointMillis < 10) throw new UsageError("--checkpoint-interval must be at least 10 ms, got " + checkpointMillis);
        if (maxRate != null && !(maxRate > 0)) throw new UsageError("--max-rate must be > 0, got " + maxRate);
        if (parallelism != null && parallelism < 1) throw new UsageError("--parallelism must be >= 1, got " + parallelism);
        RestartingSeriesForecaster.optionProblem(restartEvery).ifPresent(problem -> {
            throw new UsageError(problem);
        });
        Location in = Location.of(input), to = Location.of(out);
        if (in.isLocal() && !Files.exists(in.path())) throw new UsageError("--input " + input + ": no such file or folder");
        Location chk = checkpoints != null ? Location.of(checkpoints) : to.resolve("checkpoints");
        Location from = restoreFrom(chk);
        Location forecasts = to.resolve(StreamJob.FORECASTS), rejects = to.resolve(StreamJob.REJECTS);
        if (from == null && forecasts.isLocal() && hasFiles(forecasts.path())) {
            throw new UsageError(forecasts + " already holds forecasts; use a new --out or --restore");
        }
        int width;
        String describe;
        try (SeriesForecaster f = open(model, device, restartEvery)) {
            width = f.inputNames().size();
            describe = f.describe() + ", inputs " + f.inputNames() + ", forecast " + f.horizon() + " x " + f.outputNames();
        }
        System.err.println("ea4j stream: " + describe + (from != null ? "; restoring " + from : ""));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                JobSettings.of(chk, Duration.ofMillis(checkpointMillis), from));
        if (parallelism != null) env.setParallelism(parallelism);
        StreamJob.build(env, in, to, width, watch, maxRate == null ? 0 : maxRate,
                new ForecastFunction(model.toAbsolutePath().toString(), device, restartEvery));
        JobExecutionResult r = JobProgress.follow(env.executeAsync("ea4j stream " + model), PROGRESS_EVERY, System.err);
        if (r.isJobExecutionResult() && to.isLocal()) {
            System.err.printf("ea4j stream: done in %.1f s: %d forecast lines in %s, %d rejects in %s%n",
                    r.getNetRuntime() / 1e3, lines(forecasts.path()), forecasts, lines(rejects.path()), rejects);
        } else if (r.isJobExecutionResult()) {
            System.err.printf("ea4j stream: done in %.1f s: forecasts in %s, rejects in %s%n", r.getNetRuntime() / 1e3,
                    forecasts, rejects);
        }
        return 0;
    }

    /** Opens the streaming model in {@code dir} (restarting every {@code restartEvery} events unless 0), every failure as a one-line usage error. */
    static SeriesForecaster open(Path dir, String device, int restartEvery) {
        if (!Files.isDirectory(dir)) throw new UsageError("--model " + dir + ": no such folder");
        try {
            return SeriesForecasters.open(dir, device, true, restartEvery);
        } catch (IOException | RuntimeException e) {
            throw new UsageError("--model " + dir + ": " + e.getMessage());
        }
    }

    /** The checkpoint or savepoint to restore, if any; {@code latest} and local folders are checked here. */
    private Location restoreFrom(Location chk) throws IOException {
        if (restore == null) return null;
        if (restore.equals("latest")) {
            if (!chk.isLocal()) throw new UsageError("--restore latest needs a local checkpoint folder; name the checkpoint (" + chk + "/<job id>/chk-N)");
            return Location.of(LatestCheckpoint.in(chk.path())
                    .orElseThrow(() -> new UsageError("--restore latest: no completed checkpoint under " + chk)));
        }
        Location p = Location.of(restore);
        if (p.isLocal() && !Files.isRegularFile(p.path().resolve("_metadata"))) {
            throw new UsageError("--restore " + p + ": not a checkpoint (no _metadata)");
        }
        return p;
    }

    /** Whether {@code dir} holds a committed (visible) part file. */
    static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> !p.getFileName().toString().startsWith("."));
        }
    }

    /** Lines in the committed (visible) part files of {@code dir}. */
    static long lines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).mapToLong(p -> {
                try (Stream<String> l = Files.lines(p)) {
                    return l.count();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
