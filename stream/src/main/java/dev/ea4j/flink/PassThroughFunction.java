package dev.ea4j.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flink step for the benchmark's baseline: the same keyed step as {@link ForecastFunction} (per-series last timestamp
 * in keyed state, order check) without a model; emits each event back as a JSON line.
 */
public final class PassThroughFunction extends KeyedProcessFunction<String, Event, String> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> last;

    @Override
    public void open(OpenContext ctx) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last-millis", Types.LONG));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<String> out) throws Exception {
        Long before = last.value();
        if (before != null && e.millis < before) {
            ctx.output(ParseFunction.REJECTS, JsonLines.reject(RejectReason.TIME_BACKWARDS,
                    "timestamp " + e.time + " is before the series' last event", ForecastFunction.line(e)));
            return;
        }
        last.update(e.millis);
        out.collect(JsonLines.passThrough(e));
    }
}
