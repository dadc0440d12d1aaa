package dev.ea4j.bench.model;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Java heap in use after garbage collection: the live bytes, for "with buffers alive minus before" deltas. */
public final class HeapProbe {

    private HeapProbe() {}

    /** Heap bytes in use after collecting garbage until the figure settles (at most a few rounds). */
    public static long usedAfterGc() {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long used = bean.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < (1 << 16)) return used;
            last = used;
        }
        return last;
    }
}
