package dev.ea4j.backend;


/**
 * A session of a host-memory backend ({@code java}, {@code cpu}): the kernels work on the host arrays
 * themselves, so transfers are no-ops that move 0 bytes; only how a kernel is launched differs.
 */
public final class HostMemorySession implements DeviceSession {

    /** How a host-memory backend runs one kernel; returns the implementation's name (see {@link #launch}). */
    @FunctionalInterface
    public interface Launcher {
        /** Runs {@code kernel} on {@code args} and names the implementation that ran it. */
        String launch(KernelRef kernel, Object[] args);
    }

    private final Device device;
    private final Launcher launcher;

    /** A session on {@code device} that runs kernels with {@code launcher}. */
    public HostMemorySession(Device device, Launcher launcher) {
        this.device = device;
        this.launcher = launcher;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public long toDevice(Object array) {
        return 0;
    }

    @Override
    public long toHost(Object array) {
        return 0;
    }

    @Override
    public String launch(KernelRef kernel, Object[] args) {
        return launcher.launch(kernel, args);
    }
}
