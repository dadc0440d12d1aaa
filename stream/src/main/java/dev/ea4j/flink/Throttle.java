package dev.ea4j.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Flink step that passes lines through at most {@code rate} per second in all (each of n subtasks: rate / n). */
public final class Throttle extends RichMapFunction<String, String> {

    private static final long serialVersionUID = 1L;

    private final double rate;
    private transient long intervalNanos;
    private transient long next;

    /** At most {@code rate} lines per second over all subtasks. */
    public Throttle(double rate) {
        if (!(rate > 0)) throw new IllegalArgumentException("--max-rate must be > 0, got " + rate);
        this.rate = rate;
    }

    @Override
    public void open(OpenContext ctx) {
        int n = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        intervalNanos = (long) (1e9 * n / rate);
        next = System.nanoTime();
    }

    @Override
    public String map(String line) throws InterruptedException {
        long wait = next - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        next = Math.max(next, System.nanoTime() - intervalNanos) + intervalNanos;
        return line;
    }
}
