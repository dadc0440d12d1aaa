/**
 * The streaming benchmark: events/s and state bytes per key of the Flink job for EA-6, EA-2 and SA models against a
 * pass-through job, on event streams replayed from ETTh2/ETTm2 rows. Depends on {@code dev.ea4j.flink} and the core.
 */
package dev.ea4j.flink.bench;
