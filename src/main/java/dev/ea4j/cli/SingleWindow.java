package dev.ea4j.cli;

import dev.ea4j.model.BoundModel;
import dev.ea4j.train.Batch;

/** A batch of one input window of {@code length} steps, already flattened to [length, channels]. */
record SingleWindow(float[] flat, int length) implements Batch {

    /** The window of {@code rows} ([length][channels]), flattened. */
    static SingleWindow of(float[][] rows) {
        int C = rows[0].length;
        float[] flat = new float[rows.length * C];
        for (int t = 0; t < rows.length; t++) System.arraycopy(rows[t], 0, flat, t * C, C);
        return new SingleWindow(flat, rows.length);
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public void fill(BoundModel m) {
        System.arraycopy(flat, 0, m.input(), 0, flat.length);
    }
}
