/**
 * ea4j on Apache Flink: a keyed streaming job that runs a saved streaming forecaster ({@code ea4j train --streaming})
 * with each series' model state (the recurrent EA state, or an SA model's KV cache) held as Flink keyed state.
 * Depends on the core ({@code dev.ea4j.stream}) and Flink; the core never depends on this package.
 */
package dev.ea4j.flink;
