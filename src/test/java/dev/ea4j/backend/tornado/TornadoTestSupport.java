package dev.ea4j.backend.tornado;

import org.junit.jupiter.api.Assumptions;

/** Skips a test class visibly when TornadoVM is not on the test JVM (see tornado-config/install-tornadovm.sh). */
final class TornadoTestSupport {

    /** The device the tests use. */
    static final String DEVICE = "tornado:0";

    private TornadoTestSupport() {}

    /** Aborts (skips) the calling test class, saying why on stderr, when TornadoVM has no device here. */
    static void requireTornado(String testClass) {
        boolean present = !TornadoDevices.entries().isEmpty();
        if (!present) System.err.println("SKIPPED " + testClass + ": " + TornadoDevices.unavailableReason());
        Assumptions.assumeTrue(present, () -> "no TornadoVM device: " + TornadoDevices.unavailableReason());
    }
}
