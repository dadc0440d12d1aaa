package dev.ea4j.model;

/** What a model predicts, which fixes its input embedding, head and loss. */
public enum TaskKind {
    /** Time series [B, L, C] -> one class per sequence: mean pooling, linear head, softmax cross-entropy. */
    CLASSIFICATION,
    /** Time series [B, L, C] -> the next H steps of all C channels: flatten head, mean squared error. */
    FORECAST,
    /** Tokens [B, L] -> the next token at every position: linear head per token, softmax cross-entropy. */
    NEXT_TOKEN,
    /**
     * Time series [B, L, C] -> at every step t the next H steps after t: linear head per step ([D] -> [H * C_out]),
     * mean squared error over every step; no positional encoding, so a trained model can read a stream of any
     * length one event at a time (dev.ea4j.stream).
     */
    STREAM_FORECAST
}
