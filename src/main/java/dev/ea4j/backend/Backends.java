package dev.ea4j.backend;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds backends and picks a device. A request is a backend name ({@code cpu}), a device id
 * ({@code opencl:1}), or empty for the default (system property {@code ea4j.device}, else the
 * highest-ranked backend with a device). A missing device falls back loudly; strict mode throws.
 */
public final class Backends {

    /** System property that names the default device. */
    public static final String DEVICE_PROPERTY = "ea4j.device";

    private static volatile List<Backend> cached;

    private Backends() {}

    /** All backends on the class path, highest rank first. */
    public static List<Backend> all() {
        List<Backend> list = cached;
        if (list == null) {
            RuntimeConfig.load();
            list = new ArrayList<>();
            for (Backend b : ServiceLoader.load(Backend.class)) list.add(b);
            list.sort(Comparator.comparingInt(Backend::rank).reversed());
            cached = list = List.copyOf(list);
        }
        return list;
    }

    /** Every device of every backend. */
    public static List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (Backend b : all()) out.addAll(b.devices());
        return out;
    }

    /** The backend called {@code name}. */
    public static Backend backend(String name) {
        for (Backend b : all()) if (b.name().equals(name)) return b;
        throw new DeviceNotFoundException("no backend called '" + name + "'; known: " + names());
    }

    /** Resolves {@code request} to a device, warning on {@code warn} when falling back. */
    public static Device select(String request, boolean strict, PrintStream warn) {
        String req = request;
        if (req == null || req.isBlank()) req = RuntimeConfig.get(DEVICE_PROPERTY, "");
        if (req.isBlank()) return defaultDevice();
        Device found = find(req.trim());
        if (found != null) return found;
        String msg = "device '" + req + "' is not present" + reason(req.trim()) + "; present: " + ids();
        if (strict) throw new DeviceNotFoundException(msg);
        Device fallback = defaultDevice();
        warn.println("ea4j: WARNING: " + msg + "; falling back to " + fallback.id());
        return fallback;
    }

    /** Opens a session on {@code device}. */
    public static DeviceSession open(Device device) {
        return backend(device.backend()).open(device);
    }

    /** A device id ("cpu:0"), or a backend name for its first device; null when absent. */
    private static Device find(String req) {
        String backend = req.contains(":") ? req.substring(0, req.indexOf(':')) : req;
        for (Backend b : all()) {
            // only the named backend is asked for its devices: asking OpenCL loads its driver (native code a
            // cpu run has no reason to run)
            if (!b.name().equals(backend)) continue;
            List<Device> ds = b.devices();
            if (req.equals(backend)) return ds.isEmpty() ? null : ds.get(0);
            for (Device d : ds) if (d.id().equals(req)) return d;
        }
        return null;
    }

    /** " (backend: why it has no devices)" for the backend a request names, "" when it gives no reason. */
    private static String reason(String req) {
        String backend = req.contains(":") ? req.substring(0, req.indexOf(':')) : req;
        for (Backend b : all()) {
            if (b.name().equals(backend) && !b.unavailableReason().isBlank()) {
                return " (" + backend + ": " + b.unavailableReason() + ")";
            }
        }
        return "";
    }

    private static Device defaultDevice() {
        for (Backend b : all()) {
            List<Device> ds = b.devices();
            if (!ds.isEmpty()) return ds.get(0);
        }
        throw new DeviceNotFoundException("no backend has a device; backends: " + names());
    }

    private static List<String> names() {
        return all().stream().map(Backend::name).toList();
    }

    private static List<String> ids() {
        return devices().stream().map(Device::id).toList();
    }
}
