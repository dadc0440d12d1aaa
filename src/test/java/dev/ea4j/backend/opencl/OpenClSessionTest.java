package dev.ea4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenCL session: buffers, program build, launch, transfers, memory limits. Skips visibly without OpenCL. */
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
