/**
 * Forecasting live series one event at a time, with each series' state held by the caller (a stream processor's
 * keyed state): {@link dev.ea4j.stream.SeriesForecaster}. Needs no stream-processing library; the Flink job lives in
 * its own module.
 */
package dev.ea4j.stream;
