package dev.ea4j.flink;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Flink step: input lines to {@link Event}s; bad lines go to the {@link #REJECTS} side output with their reason. */
public final class ParseFunction extends ProcessFunction<String, Event> {

    private static final long serialVersionUID = 1L;

    /** The side output of rejected lines (JSON, see {@link JsonLines#reject}). */
    public static final OutputTag<String> REJECTS = new OutputTag<>("rejects") {
        private static final long serialVersionUID = 1L;
    };

    /** Accumulator: lines rejected, by this step and {@link ForecastFunction} together. */
    public static final String REJECTED = "rejected";

    private final EventParser parser;
    private transient LongCounter rejected;

    /** Parses events of {@code width} values. */
    public ParseFunction(int width) {
        this.parser = new EventParser(width);
    }

    @Override
    public void open(OpenContext ctx) {
        rejected = new LongCounter();
        getRuntimeContext().addAccumulator(REJECTED, rejected);
    }

    @Override
    public void processElement(String line, Context ctx, Collector<Event> out) {
        if (EventParser.skipped(line)) return;
        try {
            out.collect(parser.parse(line));
        } catch (BadEventException e) {
            ctx.output(REJECTS, JsonLines.reject(e.reason(), e.getMessage(), line));
            rejected.add(1);
        }
    }
}
