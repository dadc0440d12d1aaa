package dev.ea4j.backend.tornado;

import dev.ea4j.backend.Backend;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceNotFoundException;
import dev.ea4j.backend.DeviceSession;
import java.util.List;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The real TornadoVM as an ea4j backend: the kernels of {@code dev.ea4j.kernels} (the same method references)
 * JIT-compiled by TornadoVM for its OpenCL and PTX devices. Ranked below {@code cpu}: it runs only when asked for.
 */
public final class TornadoBackend implements Backend {

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public int rank() {
        return 40;
    }

    @Override
    public List<Device> devices() {
        return TornadoDevices.entries().stream().map(TornadoDevices.Entry::device).toList();
    }

    @Override
    public String unavailableReason() {
        return TornadoDevices.unavailableReason();
    }

    /**
     * TornadoVM's handle of device {@code id} ({@code tornado:N}), for code that drives TornadoVM itself (benchmarks,
     * users' own task graphs next to ea4j's).
     */
    public static TornadoDevice tornadoDevice(String id) {
        for (TornadoDevices.Entry e : TornadoDevices.entries()) {
            if (e.device().id().equals(id)) return e.tornado();
        }
        throw new DeviceNotFoundException("no TornadoVM device " + id + "; "
                + (TornadoDevices.entries().isEmpty() ? TornadoDevices.unavailableReason() : "present: "
                + TornadoDevices.entries().stream().map(x -> x.device().id()).toList()));
    }

    @Override
    public DeviceSession open(Device device) {
        for (TornadoDevices.Entry e : TornadoDevices.entries()) {
            if (e.device().id().equals(device.id())) return new TornadoSession(e);
        }
        throw new DeviceNotFoundException("no TornadoVM device " + device.id() + "; " + unavailableReason());
    }
}
