package dev.ea4j.flink;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The job's data flow, with fixed operator uids (so checkpoints restore into a changed job):
 * <pre>
 *   input (FileSource, text lines) -> [throttle] -> parse --rejects-------------------+
 *                                                     | events                       v
 *                                               keyBy(series) -> forecast --rejects-> rejects (FileSink, JSON lines)
 *                                                                   | forecasts
 *                                                                   v
 *                                                      forecasts (FileSink, JSON lines; part files committed on checkpoint)
 * </pre>
 */
public final class StreamJob {

    /** Output sub-folder of the forecasts. */
    public static final String FORECASTS = "forecasts";
    /** Output sub-folder of the rejected lines. */
    public static final String REJECTS = "rejects";

    private StreamJob() {}

    /**
     * Adds the job to {@code env}: lines from {@code input} (a file or a folder; watched for new files every second
     * when {@code watch}), at most {@code maxRate} per second when positive, events of {@code width} values, the
     * keyed {@code step} (a {@link ForecastFunction}, or {@link PassThroughFunction} for a baseline), sinks under
     * {@code out}.
     */
    public static void build(StreamExecutionEnvironment env, Location input, Location out, int width, boolean watch,
                             double maxRate, KeyedProcessFunction<String, Event, String> step) {
        FileSource.FileSourceBuilder<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                input.flink());
        if (watch) source.monitorContinuously(Duration.ofSeconds(1));
        DataStream<String> lines = env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "input").uid("input");
        if (maxRate > 0) lines = lines.map(new Throttle(maxRate)).uid("throttle").name("throttle");
        SingleOutputStreamOperator<Event> events = lines.process(new ParseFunction(width)).uid("parse").name("parse");
        SingleOutputStreamOperator<String> forecasts = events.keyBy(new SeriesKey()).process(step)
                .uid("forecast").name(step instanceof ForecastFunction ? "forecast" : "pass-through");
        forecasts.sinkTo(sink(out.resolve(FORECASTS), "forecasts")).uid("forecasts-sink").name("forecasts-sink");
        events.getSideOutput(ParseFunction.REJECTS).union(forecasts.getSideOutput(ParseFunction.REJECTS))
                .sinkTo(sink(out.resolve(REJECTS), "rejects")).uid("rejects-sink").name("rejects-sink");
    }

    /** {@link #build} for local folders. */
    public static void build(StreamExecutionEnvironment env, Path input, Path out, int width, boolean watch,
                             double maxRate, KeyedProcessFunction<String, Event, String> step) {
        build(env, Location.of(input), Location.of(out), width, watch, maxRate, step);
    }

    /** A flat folder of JSON-lines part files, each committed when the checkpoint after it completes. */
    private static FileSink<String> sink(Location dir, String prefix) {
        return FileSink.forRowFormat(dir.flink(),
                        new SimpleStringEncoder<String>("UTF-8"))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(prefix).withPartSuffix(".jsonl").build())
                .build();
    }
}
