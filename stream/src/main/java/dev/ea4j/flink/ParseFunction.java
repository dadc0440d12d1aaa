package dev.ea4j.flink;

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

    private final EventParser parser;

    /** Parses events of {@code width} values. */
    public ParseFunction(int width) {
        this.parser = new EventParser(width);
    }

    @Override
    public void processElement(String line, Context ctx, Collector<Event> out) {
        if (EventParser.skipped(line)) return;
        try {
            out.collect(parser.parse(line));
        } catch (BadEventException e) {
            ctx.output(REJECTS, JsonLines.reject(e.reason(), e.getMessage(), line));
        }
    }
}
