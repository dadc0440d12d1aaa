package dev.ea4j.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed twin registry: keys derived from the kernel's method reference, lookup, context, duplicates. */
class TwinTableTest {

    /** Two tiny kernels. */
    static final class Kernels {
        private Kernels() {}

        /** y = x * f. x, y: [n]. */
        public static void scale(float[] x, float[] y, float f, int n) {
            for (int i = 0; i < n; i++) y[i] = x[i] * f;
        }

        /** y += 1. y: [n]. */
        public static void increment(float[] y, int n) {
            for (int i = 0; i < n; i++) y[i] += 1f;
        }
    }

    @Test
    void aTwinIsFoundByItsKernelsIdAndRunsWithTheContext() {
        TwinTable<List<String>> t = new TwinTable<>();
        t.add(Kernels::scale, log -> (x, y, f, n) -> {
            log.add("twin n=" + n);
            for (int i = 0; i < n; i++) y[i] = x[i] * f;
        });
        KernelRef scale = TaskCalls.ref(Kernels::scale);
        assertEquals("TwinTableTest.Kernels.scale", scale.id());
        assertEquals(Set.of(scale.id()), t.kernelIds());
        List<String> log = new ArrayList<>();
        float[] x = {1, 2, 3}, y = new float[3];
        t.find(scale).run(log, new Object[] {x, y, 2f, 3});
        assertArrayEquals(new float[] {2, 4, 6}, y);
        assertEquals(List.of("twin n=3"), log);
        assertNull(t.find(TaskCalls.ref(Kernels::increment)), "no twin registered for increment");
    }

    @Test
    void aSecondTwinForOneKernelIsRejected() {
        TwinTable<Object> t = new TwinTable<>();
        t.add(Kernels::increment, c -> (y, n) -> {});
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> t.add(Kernels::increment, c -> (y, n) -> {}));
        assertTrue(e.getMessage().contains("TwinTableTest.Kernels.increment"), e.getMessage());
    }
}
