package dev.ea4j.backend.cpu;

import dev.ea4j.backend.Backend;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceSession;
import dev.ea4j.backend.HostMemorySession;
import dev.ea4j.backend.TwinTable;
import java.util.List;
import java.util.Set;

/**
 * The default backend: host memory, a pool of one thread per core splitting each parallel loop into
 * contiguous chunks, and Vector API twins of the hot kernels (scalar twins when {@code ea4j.vector.bits=0}).
 */
public final class CpuBackend implements Backend {

    private static final Device DEVICE = new Device("cpu:0", "cpu",
            System.getProperty("os.arch") + " host, " + CpuPool.shared().threads() + " threads",
            Runtime.getRuntime().maxMemory(), CpuPool.shared().threads(),
            "Vector API " + VectorConfig.describe());

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public List<Device> devices() {
        return List.of(DEVICE);
    }

    @Override
    public DeviceSession open(Device device) {
        CpuPool pool = CpuPool.shared();
        String impl = VectorConfig.vectorized() ? "vector" : "scalar";
        return new HostMemorySession(DEVICE, (kernel, args) -> {
            TwinTable.Twin<CpuPool> twin = CpuTwins.TABLE.find(kernel);
            if (twin == null) {
                kernel.reference().accept(args);
                return DeviceSession.REFERENCE;
            }
            twin.run(pool, args);
            return impl;
        });
    }

    @Override
    public Set<String> twinIds() {
        return CpuTwins.TABLE.kernelIds();
    }
}
