/**
 * Transformer layers and models built as task graphs: Linear, LayerNorm, FeedForward, AttentionLayer (EA-p,
 * softmax or linear attention), EncoderBlock, Embeddings, Model and its ModelConfig, a Model bound to one batch
 * shape (BoundModel, one graph per layer and pass), and token-by-token decoders (RecurrentDecoder for EA,
 * KvCacheDecoder for softmax attention). Depends on graph/, backend/ (transfer modes) and kernels/.
 */
package dev.ea4j.model;
