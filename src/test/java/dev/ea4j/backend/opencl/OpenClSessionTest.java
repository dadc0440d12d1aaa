package dev.ea4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenCL session: buffers, scratch, program build, launch, transfers, memory limits; skips without OpenCL. */
class OpenClSessionTest {

    @BeforeAll
    static void needsOpenCl() {
        boolean present = !OpenClPlatforms.entries().isEmpty();
        if (!present) System.err.println("SKIPPED OpenClSessionTest: " + OpenClPlatforms.unavailableReason());
        Assumptions.assumeTrue(present, () -> "no OpenCL device: " + OpenClPlatforms.unavailableReason());
    }

    @Test
    void runsAKernelAndCopiesBack() {
        float[] x = new float[1000], y = new float[1000];
        for (int i = 0; i < x.length; i++) x[i] = i;
        try (OpenClSession s = new OpenClSession(OpenClPlatforms.entries().get(0))) {
            s.toDevice(x);
            s.run("smoke_test.cl", "scale", x.length, x, y, 2f, x.length);
            s.sync();
            s.toHost(y);
        }
        float[] expect = new float[1000];
        for (int i = 0; i < x.length; i++) expect[i] = 2 * i;
        assertArrayEquals(expect, y);
    }

    @Test
    void scratchIsKeptWhileBigEnoughAndItsOutgrownBufferReleased() {
        String old = System.setProperty(OpenClSession.MEMORY_CAP_PROPERTY, "1");
        try (OpenClSession s = new OpenClSession(OpenClPlatforms.entries().get(0))) {
            float[] small = s.scratch("t", 100_000);
            s.buffer(small); // 400 kB on the device
            assertSame(small, s.scratch("t", 50_000));
            float[] big = s.scratch("t", 200_000);
            s.buffer(big); // 800 kB: fits under the 1 MiB cap only because the 400 kB buffer was released
            assertNotSame(small, big);
            assertFalse(s.holds(small));
            assertTrue(s.holds(big));
        } finally {
            if (old == null) System.clearProperty(OpenClSession.MEMORY_CAP_PROPERTY);
            else System.setProperty(OpenClSession.MEMORY_CAP_PROPERTY, old);
        }
    }

    @Test
    void oversizedBufferNamesRequestAndLimit() {
        String old = System.setProperty(OpenClSession.MEMORY_CAP_PROPERTY, "1");
        try (OpenClSession s = new OpenClSession(OpenClPlatforms.entries().get(0))) {
            DeviceMemoryException e = assertThrows(DeviceMemoryException.class, () -> s.toDevice(new float[1 << 19]));
            assertTrue(e.getMessage().contains("2097152 bytes") && e.getMessage().contains("limit 1048576"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty(OpenClSession.MEMORY_CAP_PROPERTY);
            else System.setProperty(OpenClSession.MEMORY_CAP_PROPERTY, old);
        }
    }
}
