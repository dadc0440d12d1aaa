package dev.ea4j.flink;

import dev.ea4j.data.TimeFeatures;
import dev.ea4j.stream.SeriesForecaster;
import org.apache.flink.api.common.accumulators.IntMaximum;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flink step, keyed by series: feeds each event to the saved streaming model with the series' state from keyed state
 * ({@code ValueState<float[]>}, plus the last timestamp) and emits the next-H forecast as a JSON line. An event older
 * than the series' last one, or one the model fails on, goes to {@link ParseFunction#REJECTS} and leaves the state
 * as it was. The model is opened once per operator instance, in {@link #open}.
 */
public final class ForecastFunction extends KeyedProcessFunction<String, Event, String> {

    private static final long serialVersionUID = 1L;

    /** Accumulator: the largest state (floats) any series held, for the benchmark. */
    public static final String MAX_STATE_FLOATS = "maxStateFloats";

    /** Accumulator: forecasts emitted. */
    public static final String FORECASTS = "forecasts";

    private final ForecasterFactory factory;
    private transient SeriesForecaster forecaster;
    private transient ValueState<float[]> state;
    private transient ValueState<Long> last;
    private transient IntMaximum maxState;
    private transient LongCounter forecasts;
    private transient LongCounter rejected;

    /** Runs the model saved in {@code modelDir} on {@code device} (e.g. {@code java}). */
    public ForecastFunction(String modelDir, String device) {
        this(modelDir, device, 0);
    }

    /** Runs the model saved in {@code modelDir} on {@code device}, restarting every {@code restartEvery} events (0: never). */
    public ForecastFunction(String modelDir, String device, int restartEvery) {
        this(ForecasterFactory.saved(modelDir, device, restartEvery));
    }

    /** Runs the forecasters {@code factory} opens, one per operator instance. */
    public ForecastFunction(ForecasterFactory factory) {
        this.factory = factory;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        forecaster = factory.open();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("ea-state",
                PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last-millis", Types.LONG));
        maxState = new IntMaximum();
        getRuntimeContext().addAccumulator(MAX_STATE_FLOATS, maxState);
        forecasts = new LongCounter();
        getRuntimeContext().addAccumulator(FORECASTS, forecasts);
        rejected = new LongCounter();
        getRuntimeContext().addAccumulator(ParseFunction.REJECTED, rejected);
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<String> out) throws Exception {
        Long before = last.value();
        if (before != null && e.millis < before) {
            ctx.output(ParseFunction.REJECTS, JsonLines.reject(RejectReason.TIME_BACKWARDS,
                    "timestamp " + e.time + " is before the series' last event", line(e)));
            rejected.add(1);
            return;
        }
        float[] s = state.value();
        SeriesForecaster.Step step;
        try {
            step = forecaster.step(s == null ? forecaster.initialState() : s, TimeFeatures.parse(e.time), e.values);
        } catch (RuntimeException ex) {
            ctx.output(ParseFunction.REJECTS, JsonLines.reject(RejectReason.MODEL_ERROR,
                    ex.getClass().getSimpleName() + ": " + ex.getMessage(), line(e)));
            rejected.add(1);
            return;
        }
        state.update(step.state());
        last.update(e.millis);
        maxState.add(step.state().length);
        out.collect(JsonLines.forecast(e, step.forecast()));
        forecasts.add(1);
    }

    /** The event as an input line again (for a reject found after parsing). */
    static String line(Event e) {
        StringBuilder b = new StringBuilder(e.series).append(',').append(e.time);
        for (float v : e.values) b.append(',').append(v);
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        if (forecaster != null) forecaster.close();
    }
}
