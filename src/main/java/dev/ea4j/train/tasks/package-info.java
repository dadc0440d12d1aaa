/**
 * The training tasks: UEA classification, ETT/Traffic forecasting and synthetic associative recall, each a
 * TrainingTask that builds, batches and scores its models, with the model sizes they train. Depends on train/,
 * model/, data/ and kernels/.
 */
package dev.ea4j.train.tasks;
