/**
 * Training: the Trainer loop (AdamW, warm-up and cosine decay, gradient clipping, early stopping) over a
 * TrainingTask, checkpoints that resume exactly (Checkpoints, TrainerState), metrics logs, experiments over
 * several models and seeds, the paper's reference results, and SavedModel for inference. Depends on model/,
 * graph/, backend/, data/, io/ (safetensors, atomic files), kernels/ and Gson for its JSON files.
 */
package dev.ea4j.train;
