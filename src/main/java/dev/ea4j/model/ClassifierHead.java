package dev.ea4j.model;

import java.util.Locale;

/** How a classifier turns the last block's [B, L, D] into class logits. */
public enum ClassifierHead {
    /** logits = W mean_t(x_t) + b: mean pooling over the rows, a linear layer [D] -> [classes]. */
    MEAN,
    /**
     * logits = W flatten(GELU(x)) + b, a linear layer [L * D] -> [classes], as the Time Series Library's classifiers
     * (which the paper follows) do; it needs every series to have the model's length.
     */
    FLATTEN;

    /** The name --head takes: {@code mean} or {@code flatten}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The head named {@code name} (mean or flatten, any case). */
    public static ClassifierHead parse(String name) {
        for (ClassifierHead h : values()) if (h.toString().equalsIgnoreCase(name)) return h;
        throw new IllegalArgumentException("unknown head '" + name + "' (expected mean or flatten)");
    }
}
