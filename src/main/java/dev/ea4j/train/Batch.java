package dev.ea4j.train;

import dev.ea4j.model.BoundModel;

/** One mini-batch: B sequences of equal length L, able to copy its inputs and targets into a bound model. */
public interface Batch {

    /** B. */
    int size();

    /** L. */
    int length();

    /** Copies inputs (and labels or targets) into {@code model}'s buffers. */
    void fill(BoundModel model);
}
