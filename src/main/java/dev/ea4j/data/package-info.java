/**
 * Datasets for the paper's experiments: the UEA/sktime {@code .ts} reader ({@link dev.ea4j.data.TsReader})
 * giving a {@link dev.ea4j.data.ClassificationDataset}, missing-value imputation
 * ({@link dev.ea4j.data.MissingValues}), train-only standardisation ({@link dev.ea4j.data.Standardizer}),
 * a seeded stratified validation split ({@link dev.ea4j.data.StratifiedSplit}), the forecasting CSV loader
 * ({@link dev.ea4j.data.CsvTable}, {@link dev.ea4j.data.ForecastSplits}, {@link dev.ea4j.data.ForecastDataset},
 * {@link dev.ea4j.data.ForecastWindows}) with Time-Series-Library splits, and the task locator
 * ({@link dev.ea4j.data.DataSets}, {@link dev.ea4j.data.Task}). Malformed files raise
 * {@link dev.ea4j.data.DataFormatException} naming the file and the 1-based line. Depends on the JDK only.
 */
package dev.ea4j.data;
