package dev.ea4j.backend.java;

import dev.ea4j.backend.Backend;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceSession;
import dev.ea4j.backend.HostMemorySession;
import java.util.List;

/** The sequential reference backend: runs every kernel's plain Java method on the calling thread. The oracle. */
public final class JavaBackend implements Backend {

    private static final Device DEVICE = new Device("java:0", "java", "sequential reference (calling thread)",
            Runtime.getRuntime().maxMemory(), 1, "plain Java, no threads, no vectors");

    @Override
    public String name() {
        return "java";
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public List<Device> devices() {
        return List.of(DEVICE);
    }

    @Override
    public DeviceSession open(Device device) {
        return new HostMemorySession(DEVICE, (kernel, args) -> {
            kernel.reference().accept(args);
            return DeviceSession.REFERENCE;
        });
    }
}
