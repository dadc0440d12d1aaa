package dev.ea4j.backend.tornado;

import dev.ea4j.backend.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/**
 * TornadoVM's devices as ea4j devices: {@code tornado:N} numbers every device of every TornadoVM driver in
 * TornadoVM's order ({@code tornado:0} is driver 0, device 0). Asks TornadoVM only when its runtime is on this JVM,
 * and says why when it is not.
 */
final class TornadoDevices {

    /** A device and the TornadoVM handle that runs it. */
    record Entry(Device device, TornadoDevice tornado, String driver) {}

    /** How to get TornadoVM onto the JVM, for the messages. */
    static final String HOW = "run tornado-config/install-tornadovm.sh and start java with "
            + "@tornado-config/tornado.argfile (./ea4j adds it once the argfile exists)";

    private static List<Entry> entries;
    private static String unavailableReason = "";

    private TornadoDevices() {}

    /** The devices, empty when TornadoVM is not loaded or has none (see {@link #unavailableReason()}). */
    static synchronized List<Entry> entries() {
        if (entries == null) entries = discover();
        return entries;
    }

    /** Why {@link #entries()} is empty, or "". */
    static synchronized String unavailableReason() {
        entries();
        return unavailableReason;
    }

    /** Whether TornadoVM's runtime is on this JVM (its module and the property that names its implementation). */
    static boolean runtimeLoaded() {
        return System.getProperty("tornado.load.runtime.implementation") != null
                && ModuleLayer.boot().findModule("tornado.runtime").isPresent();
    }

    private static List<Entry> discover() {
        if (!runtimeLoaded()) {
            unavailableReason = "TornadoVM is not on this JVM: " + HOW;
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try {
            TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
            for (int b = 0; b < runtime.getNumBackends(); b++) {
                TornadoBackend backend = runtime.getBackend(b);
                for (int d = 0; d < backend.getNumDevices(); d++) {
                    TornadoDevice td = backend.getDevice(d);
                    out.add(new Entry(device(out.size(), b, d, backend, td), td, backend.getName()));
                }
            }
        } catch (Throwable e) { // TornadoVM's drivers fail with errors as well as exceptions (missing native libraries)
            unavailableReason = "TornadoVM did not start (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            return List.of();
        }
        if (out.isEmpty()) {
            unavailableReason = "TornadoVM found no device (its OpenCL driver needs an OpenCL runtime, e.g. "
                    + "apt-get install pocl-opencl-icd; its PTX driver an NVIDIA driver)";
        }
        return List.copyOf(out);
    }

    private static Device device(int index, int backendIndex, int deviceIndex, TornadoBackend backend, TornadoDevice td) {
        String details = String.format(Locale.ROOT, "TornadoVM %s driver, device %d:%d on %s", backend.getName(),
                backendIndex, deviceIndex, td.getPlatformName().strip());
        return new Device("tornado:" + index, "tornado", td.getPhysicalDevice().getDeviceName().strip(),
                td.getMaxGlobalMemory(), td.getPhysicalDevice().getDeviceMaxComputeUnits(), details);
    }
}
