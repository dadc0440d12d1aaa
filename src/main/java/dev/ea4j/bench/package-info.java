/**
 * Measurement helpers shared by {@code ea4j bench} and the JMH benchmarks in {@code bench/}: medians of
 * timed runs ({@link dev.ea4j.bench.Timing}), a parallel copy-bandwidth roofline
 * ({@link dev.ea4j.bench.CopyBandwidth}), the facts every result carries ({@link dev.ea4j.bench.RunFacts}),
 * an agreement check between devices ({@link dev.ea4j.bench.Agreement}), EA-series task graphs over seeded
 * inputs ({@link dev.ea4j.bench.EaSeriesCase}) and a tiny JSON writer ({@link dev.ea4j.bench.Json}).
 * May depend on {@code graph}, {@code backend} and {@code kernels}; never on {@code cli} or {@code model}.
 */
package dev.ea4j.bench;
