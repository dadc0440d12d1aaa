package dev.ea4j.backend;

import java.util.List;
import java.util.Set;

/**
 * A way to run kernels: found through {@link java.util.ServiceLoader}; the highest-ranked backend with a
 * device is the default. Implementations must run every kernel of {@code dev.ea4j.kernels} with the
 * same results as the reference, within the conformance suite's tolerances.
 */
public interface Backend {

    /** Short name used in device ids and {@code --device}: {@code java}, {@code cpu}, {@code opencl}. */
    String name();

    /** Preference when no device is requested; higher wins. */
    int rank();

    /** The devices present now; empty when this backend cannot run here. */
    List<Device> devices();

    /** Why {@link #devices()} is empty (one line naming what is missing), or "" when it is not. */
    default String unavailableReason() {
        return "";
    }

    /**
     * The ids ({@code Class.method}) of the kernels this backend runs with a twin of its own rather than the
     * reference; the profiler names the twin that ran. Empty for backends without a twin table.
     */
    default Set<String> twinIds() {
        return Set.of();
    }

    /** Opens a session on one of {@link #devices()}. */
    DeviceSession open(Device device);
}
