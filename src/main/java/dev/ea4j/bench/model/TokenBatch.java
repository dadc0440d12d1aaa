package dev.ea4j.bench.model;

import dev.ea4j.model.BoundModel;
import dev.ea4j.train.Batch;
import java.util.SplittableRandom;

/** A fixed random next-token batch: B sequences of L ids and their next tokens as labels. */
public final class TokenBatch implements Batch {

    private final int batch;
    private final int length;
    private final int[] ids;
    private final int[] labels;

    /** B sequences of L tokens from a vocabulary of {@code vocab}, drawn with {@code seed}. */
    public TokenBatch(int batch, int length, int vocab, long seed) {
        this.batch = batch;
        this.length = length;
        SplittableRandom r = new SplittableRandom(seed);
        int n = Math.multiplyExact(batch, length);
        int[] stream = new int[n + batch];
        for (int i = 0; i < stream.length; i++) stream[i] = r.nextInt(vocab);
        ids = new int[n];
        labels = new int[n];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                ids[b * length + t] = stream[b * (length + 1) + t];
                labels[b * length + t] = stream[b * (length + 1) + t + 1];
            }
        }
    }

    @Override
    public int size() {
        return batch;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void fill(BoundModel model) {
        System.arraycopy(ids, 0, model.ids(), 0, ids.length);
        System.arraycopy(labels, 0, model.labels(), 0, labels.length);
    }
}
