package dev.ea4j.model;

/** What a model predicts, which fixes its input embedding, head and loss. */
public enum TaskKind {
    /** Time series [B, L, C] -> one class per sequence: mean pooling, linear head, softmax cross-entropy. */
    CLASSIFICATION,
    /** Time series [B, L, C] -> the next H steps of all C channels: flatten head, mean squared error. */
    FORECAST,
    /** Tokens [B, L] -> the next token at every position: linear head per token, softmax cross-entropy. */
    NEXT_TOKEN
}
