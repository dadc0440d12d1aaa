package dev.ea4j.backend.opencl;

import dev.ea4j.backend.Backend;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceNotFoundException;
import dev.ea4j.backend.DeviceSession;
import java.util.List;
import java.util.Set;

/**
 * OpenCL through JOCL: every kernel has an OpenCL C twin (resources/opencl, one file per family), built
 * once per device; task-graph buffers live on the device. Any OpenCL 1.2+ device works: PoCL on CPUs,
 * NVIDIA/AMD/Intel GPUs.
 */
public final class OpenClBackend implements Backend {

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int rank() {
        return 50;
    }

    @Override
    public List<Device> devices() {
        return OpenClPlatforms.entries().stream().map(OpenClPlatforms.Entry::device).toList();
    }

    @Override
    public String unavailableReason() {
        return OpenClPlatforms.unavailableReason();
    }

    @Override
    public Set<String> twinIds() {
        return OpenClTwins.TABLE.kernelIds();
    }

    @Override
    public DeviceSession open(Device device) {
        for (OpenClPlatforms.Entry e : OpenClPlatforms.entries()) {
            if (e.device().id().equals(device.id())) return new OpenClSession(e);
        }
        throw new DeviceNotFoundException("no OpenCL device " + device.id());
    }
}
