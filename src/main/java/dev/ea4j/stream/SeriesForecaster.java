package dev.ea4j.stream;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One live series' forecaster for stream processors: the caller keeps each series' state (a {@code float[]}, e.g. in
 * Flink keyed state) and hands it back with the next event. For a causal EA model the state is the recurrent step's
 * O(p·D) numbers per layer, constant in the series' length; for a softmax model it is the KV cache, which grows by
 * one key and one value row per layer and event. Not thread-safe: one instance per operator (thread).
 */
public interface SeriesForecaster extends AutoCloseable {

    /** The value columns an event must carry, in order. */
    List<String> inputNames();

    /** The forecast columns, in order. */
    List<String> outputNames();

    /** Steps forecast after each event. */
    int horizon();

    /** The state of a series that has seen no event yet. */
    float[] initialState();

    /**
     * Feeds one event of a series and returns its new state and the next-{@link #horizon()} forecast on the original
     * scale, {@code [H][outputs]}. {@code state} is not modified; the returned state may be a new, longer array.
     *
     * @throws IllegalArgumentException when {@code values} does not match {@link #inputNames()} or a value is not finite
     */
    Step step(float[] state, LocalDateTime time, float[] values);

    /** The state after an event and the forecast made from it. */
    record Step(float[] state, float[][] forecast) {}

    /** A one-line description for logs: model, attention, device, e.g. {@code EA-6 causal, state 1.8 KiB, cpu}. */
    String describe();

    @Override
    void close();
}
