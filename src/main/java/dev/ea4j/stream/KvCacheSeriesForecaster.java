package dev.ea4j.stream;

import dev.ea4j.model.KvCacheDecoder;
import dev.ea4j.model.Model;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A causal softmax (SA, SA-eager) streaming model stepped with a KV cache: the state of a series that has seen n
 * events is every layer's k and v rows, {@code 2·L·n·D} numbers, growing by {@code 2·L·D} per event. The decoder's
 * cache grows (doubling) when a state outgrows it; memory is the only limit.
 */
final class KvCacheSeriesForecaster implements SeriesForecaster {

    private static final int FIRST_CAPACITY = 256;

    private final Model model;
    private final EventCodec codec;
    private final String device;
    private final boolean strict;
    private final float[] row;
    private final int perEvent;
    private KvCacheDecoder decoder;

    KvCacheSeriesForecaster(Model model, EventCodec codec, String device, boolean strict) {
        this.model = model;
        this.codec = codec;
        this.device = device;
        this.strict = strict;
        this.row = new float[codec.width()];
        this.decoder = new KvCacheDecoder(model, 1, FIRST_CAPACITY, device, strict, true);
        this.perEvent = decoder.stateSize(1);
    }

    @Override
    public List<String> inputNames() {
        return codec.inputNames();
    }

    @Override
    public List<String> outputNames() {
        return codec.outputNames();
    }

    @Override
    public int horizon() {
        return codec.horizon();
    }

    @Override
    public float[] initialState() {
        return new float[0];
    }

    @Override
    public Step step(float[] state, LocalDateTime time, float[] values) {
        if (state == null || state.length % perEvent != 0) {
            throw new IllegalArgumentException("a KV-cache state holds a multiple of " + perEvent + " numbers, got "
                    + (state == null ? "none" : state.length) + " (a state of another model?)");
        }
        codec.encode(time, values, row);
        int n = state.length / perEvent;
        if (n + 1 > decoder.capacity()) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * decoder.capacity(), n + 1L));
            decoder.close();
            decoder = new KvCacheDecoder(model, 1, capacity, device, strict, true);
        }
        decoder.importState(0, state, 0, n);
        float[] y = decoder.step(row);
        float[] next = new float[state.length + perEvent];
        decoder.exportState(0, next, 0);
        return new Step(next, codec.decode(y));
    }

    @Override
    public String describe() {
        return String.format("%s causal, KV cache growing by %d floats (%.1f KiB) per event, %s",
                model.config().attention(), perEvent, perEvent * 4 / 1024.0, decoder.deviceId());
    }

    @Override
    public void close() {
        decoder.close();
    }
}
