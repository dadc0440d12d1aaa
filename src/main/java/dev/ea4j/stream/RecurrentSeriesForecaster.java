package dev.ea4j.stream;

import dev.ea4j.model.Model;
import dev.ea4j.model.RecurrentDecoder;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A causal EA streaming model stepped with the recurrent form: the state of a series is every layer's s, z
 * [D, p+1] and m [D], {@code L·D·(2p+3)} numbers whatever the series' length.
 */
final class RecurrentSeriesForecaster implements SeriesForecaster {

    private final Model model;
    private final EventCodec codec;
    private final RecurrentDecoder decoder;
    private final float[] row;
    private final float[] initial;

    RecurrentSeriesForecaster(Model model, EventCodec codec, String device, boolean strict) {
        this.model = model;
        this.codec = codec;
        this.decoder = new RecurrentDecoder(model, 1, device, strict, true);
        this.row = new float[codec.width()];
        this.initial = new float[decoder.stateSize()];
        decoder.exportState(0, initial, 0);
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
        return initial.clone();
    }

    @Override
    public Step step(float[] state, LocalDateTime time, float[] values) {
        if (state == null || state.length != initial.length) {
            throw new IllegalArgumentException("an EA state has " + initial.length + " numbers, got "
                    + (state == null ? "none" : state.length) + " (a state of another model?)");
        }
        codec.encode(time, values, row);
        decoder.importState(0, state, 0);
        float[] y = decoder.step(row);
        float[] next = new float[initial.length];
        decoder.exportState(0, next, 0);
        return new Step(next, codec.decode(y));
    }

    @Override
    public String describe() {
        return String.format("%s causal, recurrent state %d floats (%.1f KiB, constant), %s", model.config().attention(),
                initial.length, initial.length * 4 / 1024.0, decoder.deviceId());
    }

    @Override
    public void close() {
        decoder.close();
    }
}
