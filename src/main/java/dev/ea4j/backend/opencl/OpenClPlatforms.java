package dev.ea4j.backend.opencl;

import static org.jocl.CL.*;

import dev.ea4j.backend.Device;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Enumerates OpenCL platforms and devices once; ids are {@code opencl:N} in platform, then device order. */
final class OpenClPlatforms {

    /** One device with the handles needed to open it. */
    record Entry(Device device, cl_platform_id platform, cl_device_id handle, long maxAlloc, int maxWorkGroup) {}

    private static List<Entry> entries;
    private static String unavailableReason = "";

    private OpenClPlatforms() {}

    /** The devices found, empty when there is no OpenCL runtime (see {@link #unavailableReason()}). */
    static synchronized List<Entry> entries() {
        if (entries == null) entries = discover();
        return entries;
    }

    /** Why no device was found (empty when some were). */
    static synchronized String unavailableReason() {
        entries();
        return unavailableReason;
    }

    private static List<Entry> discover() {
        List<Entry> out = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            for (cl_platform_id platform : platforms) {
                String platformName = string(platform, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (RuntimeException noDevices) {
                    continue;
                }
                cl_device_id[] devices = new cl_device_id[n[0]];
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, devices.length, devices, null);
                for (cl_device_id d : devices) {
                    String id = "opencl:" + out.size();
                    long mem = longInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE);
                    int units = (int) intInfo(d, CL_DEVICE_MAX_COMPUTE_UNITS);
                    String details = platformName + ", " + string(d, CL_DEVICE_VERSION) + ", driver "
                            + string(d, CL_DRIVER_VERSION) + ", max work-group " + longInfo(d, CL_DEVICE_MAX_WORK_GROUP_SIZE);
                    Device dev = new Device(id, "opencl", string(d, CL_DEVICE_NAME).trim(), mem, units, details);
                    out.add(new Entry(dev, platform, d, longInfo(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                            (int) longInfo(d, CL_DEVICE_MAX_WORK_GROUP_SIZE)));
                }
            }
            if (out.isEmpty()) unavailableReason = "no OpenCL device found on " + platforms.length + " platform(s)";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            unavailableReason = "no OpenCL runtime (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); on Debian: apt-get install pocl-opencl-icd ocl-icd-opencl-dev";
        }
        return List.copyOf(out);
    }

    static String string(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1));
    }

    static String string(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1));
    }

    static long longInfo(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_long, Pointer.to(v), null);
        return v[0];
    }

    static long intInfo(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_int, Pointer.to(v), null);
        return v[0];
    }
}
