package dev.ea4j.bench.model;

/**
 * One measurement of {@code ea4j bench model}.
 *
 * @param what {@code train} (one training step, optimizer included), {@code decode} (token-by-token inference)
 *     or {@code bsl} (a point of a BS-L curve, from the exact accounting)
 * @param model the attention, e.g. {@code EA-6}
 * @param batch B
 * @param length L (train: tokens per sequence; decode: tokens generated; bsl: the longest L that fits)
 * @param tokensPerS train: B L / median step time; NaN otherwise
 * @param latencyS train: median step seconds; decode: seconds to generate L tokens per sequence (see note)
 * @param tokenLatencyS decode: seconds of one step at the last position; NaN otherwise
 * @param peakBytes exact bytes of all arrays the step needs at once (dry-run accounting, pinned by tests to a
 *     census of the real buffers)
 * @param heapBytes measured: Java heap in use after GC with the buffers alive minus before; -1 when not measured
 * @param deviceBytes device memory the device reports, -1 where it reports none (host-memory backends)
 * @param note how the number was obtained, or why a point was skipped
 */
public record BenchRow(String what, String model, int batch, int length, double tokensPerS, double latencyS,
                       double tokenLatencyS, long peakBytes, long heapBytes, long deviceBytes, String note) {

    /** Whether this row holds a measurement (not a skipped point). */
    public boolean measured() {
        return !note.startsWith("skipped");
    }
}
