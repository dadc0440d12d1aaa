package dev.ea4j.backend.opencl;

import static org.jocl.CL.*;

import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceSession;
import dev.ea4j.backend.KernelRef;
import dev.ea4j.backend.TwinTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One OpenCL device: a context, an in-order queue, a device buffer per host array, and the programs
 * (one per resources/opencl/*.cl file) built on first use. A host array seen by a kernel without an
 * earlier transfer is uploaded on first sight; results come back only through transfers to the host.
 */
public final class OpenClSession implements DeviceSession {

    /** Local memory of {@code bytes} bytes as a kernel argument. */
    public record Local(long bytes) {}

    /** System property capping the device memory ea4j may allocate, in MiB (TornadoVM: device memory setting). */
    static final String MEMORY_CAP_PROPERTY = "ea4j.opencl.memory.mib";

    private final OpenClPlatforms.Entry entry;
    private final cl_context context;
    private final cl_command_queue queue;
    private final LaunchGeometry geometry;
    private final Map<Object, cl_mem> buffers = new IdentityHashMap<>();
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final Map<String, float[]> scratch = new HashMap<>();
    private final long memoryLimit;
    private long memoryInUse;

    OpenClSession(OpenClPlatforms.Entry entry) {
        this.entry = entry;
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, entry.platform());
        this.context = clCreateContext(props, 1, new org.jocl.cl_device_id[] {entry.handle()}, null, null, null);
        this.queue = clCreateCommandQueue(context, entry.handle(), 0, null);
        long type = OpenClPlatforms.longInfo(entry.handle(), CL_DEVICE_TYPE);
        this.geometry = new LaunchGeometry(entry, (type & CL_DEVICE_TYPE_GPU) != 0);
        long cap = Long.getLong(MEMORY_CAP_PROPERTY, -1L);
        this.memoryLimit = cap > 0 ? Math.min(cap << 20, entry.device().memoryBytes()) : entry.device().memoryBytes();
    }

    @Override
    public Device device() {
        return entry.device();
    }

    /** Launch sizes for this device. */
    LaunchGeometry geometry() {
        return geometry;
    }

    @Override
    public long toDevice(Object array) {
        cl_mem mem = buffers.get(array);
        if (mem == null) {
            allocate(array, true);
            return bytes(array);
        }
        clEnqueueWriteBuffer(queue, mem, CL_TRUE, 0, bytes(array), pointer(array), 0, null, null);
        return bytes(array);
    }

    @Override
    public long toHost(Object array) {
        cl_mem mem = buffers.get(array);
        if (mem == null) return 0;
        clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, bytes(array), pointer(array), 0, null, null);
        return bytes(array);
    }

    @Override
    public String launch(KernelRef kernel, Object[] args) {
        TwinTable.Twin<OpenClSession> twin = OpenClTwins.TABLE.find(kernel);
        if (twin == null) {
            throw new UnsupportedOperationException("the opencl backend has no twin for " + kernel.id());
        }
        twin.run(this, args);
        return "opencl";
    }

    @Override
    public void sync() {
        clFinish(queue);
    }

    @Override
    public boolean holds(Object array) {
        return buffers.containsKey(array);
    }

    /** The device buffer of a host array, uploading it on first sight. */
    public cl_mem buffer(Object array) {
        cl_mem mem = buffers.get(array);
        return mem != null ? mem : allocate(array, true);
    }

    /**
     * Enqueues {@code file}'s kernel {@code name} over {@code global} work-items (rounded up to the local
     * size) with {@code args}: host arrays (their device buffers), Integer, Float, or {@link Local}.
     */
    public void run(String file, String name, long global, Object... args) {
        run(file, name, geometry.global(global), geometry.local(), args);
    }

    /** As {@link #run(String, String, long, Object...)} with explicit global and local sizes. */
    public void run(String file, String name, long global, long local, Object... args) {
        if (global == 0) return;
        cl_kernel k = kernel(file, name);
        setArgs(k, args);
        clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {local}, 0, null, null);
    }

    /**
     * As {@link #run(String, String, long, long, Object...)} on the variant of {@code file} built with the
     * extra compile-time {@code defines} (e.g. {@code "-DP=6 -DVW=16"}); each (file, defines) is built once.
     */
    public void runVariant(String file, String defines, String name, long global, long local, Object... args) {
        if (global == 0) return;
        cl_kernel k = kernel(file, defines, name);
        setArgs(k, args);
        clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {local}, 0, null, null);
    }

    /**
     * Enqueues a 2-D NDRange: {@code globalX x globalY} work-items in {@code localX x localY} work-groups
     * (dimension 0 is X); the global sizes must be multiples of the local ones (see {@link LaunchGeometry}).
     */
    public void run2d(String file, String name, long globalX, long globalY, long localX, long localY, Object... args) {
        if (globalX == 0 || globalY == 0) return;
        cl_kernel k = kernel(file, name);
        setArgs(k, args);
        clEnqueueNDRangeKernel(queue, k, 2, null, new long[] {globalX, globalY}, new long[] {localX, localY}, 0,
                null, null);
    }

    private void setArgs(cl_kernel k, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case Integer v -> clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
                case Float v -> clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
                case Local l -> clSetKernelArg(k, i, l.bytes(), null);
                default -> clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(buffer(a)));
            }
        }
    }

    /**
     * A device scratch array of at least {@code n} floats (at least 1) named {@code key}, for twins that need
     * device temporaries (row statistics, partial sums, chunk states): kept while big enough, replaced (its old
     * device buffer released) when a launch needs more, never read back to the host.
     */
    float[] scratch(String key, int n) {
        float[] a = scratch.get(key);
        if (a == null || a.length < n) {
            if (a != null) release(a);
            a = new float[Math.max(1, n)];
            scratch.put(key, a);
        }
        return a;
    }

    /** Chunk length for chunked scans on this device. */
    public int chunk() {
        return geometry.chunk();
    }

    /** Local work-group size on this device. */
    public int local() {
        return geometry.local();
    }

    @Override
    public void close() {
        for (cl_kernel k : kernels.values()) clReleaseKernel(k);
        for (cl_program p : programs.values()) clReleaseProgram(p);
        for (cl_mem m : buffers.values()) clReleaseMemObject(m);
        kernels.clear();
        programs.clear();
        buffers.clear();
        scratch.clear();
        memoryInUse = 0;
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }

    private cl_kernel kernel(String file, String name) {
        return kernel(file, "", name);
    }

    private cl_kernel kernel(String file, String defines, String name) {
        String key = file + "#" + defines + "#" + name;
        cl_kernel k = kernels.get(key);
        if (k == null) {
            k = clCreateKernel(program(file, defines), name, null);
            kernels.put(key, k);
        }
        return k;
    }

    /** The program of {@code file} built with the session's defines plus {@code defines}, cached per pair. */
    private cl_program program(String file, String defines) {
        String key = defines.isEmpty() ? file : file + " " + defines;
        cl_program p = programs.get(key);
        if (p != null) return p;
        String source = source(file);
        p = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            clBuildProgram(p, 0, null, "-cl-std=CL1.2 " + geometry.buildDefines()
                    + (defines.isEmpty() ? "" : " " + defines), null, null);
        } catch (CLException e) {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, entry.handle(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, entry.handle(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            throw new IllegalStateException("OpenCL build of " + key + " failed on " + entry.device().name() + ":\n"
                    + new String(log, StandardCharsets.UTF_8), e);
        }
        programs.put(key, p);
        return p;
    }

    private static String source(String file) {
        try (InputStream in = OpenClSession.class.getResourceAsStream("/opencl/" + file)) {
            if (in == null) throw new IllegalStateException("missing OpenCL source resource /opencl/" + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /opencl/" + file, e);
        }
    }

    private cl_mem allocate(Object array, boolean upload) {
        long bytes = Math.max(4, bytes(array));
        if (bytes > entry.maxAlloc() || memoryInUse + bytes > memoryLimit) {
            throw new DeviceMemoryException(String.format(
                    "device memory exhausted on %s (%s): request of %d bytes for %s[%d], %d bytes in use, "
                            + "limit %d bytes (single buffer limit %d bytes)",
                    entry.device().id(), entry.device().name(), bytes, array.getClass().getComponentType(),
                    java.lang.reflect.Array.getLength(array), memoryInUse, memoryLimit, entry.maxAlloc()));
        }
        long flags = CL_MEM_READ_WRITE | (upload && bytes(array) > 0 ? CL_MEM_COPY_HOST_PTR : 0);
        cl_mem mem = clCreateBuffer(context, flags, bytes, upload && bytes(array) > 0 ? pointer(array) : null, null);
        buffers.put(array, mem);
        memoryInUse += bytes;
        return mem;
    }

    /** Frees the device buffer of {@code array}, if it has one; queued commands that use it finish first. */
    private void release(Object array) {
        cl_mem mem = buffers.remove(array);
        if (mem == null) return;
        clReleaseMemObject(mem);
        memoryInUse -= Math.max(4, bytes(array));
    }

    private static long bytes(Object array) {
        return switch (array) {
            case float[] f -> (long) f.length * Float.BYTES;
            case int[] i -> (long) i.length * Integer.BYTES;
            default -> throw new IllegalArgumentException("the opencl backend takes float[] and int[] buffers, got "
                    + array.getClass().getSimpleName());
        };
    }

    private static Pointer pointer(Object array) {
        return switch (array) {
            case float[] f -> Pointer.to(f);
            case int[] i -> Pointer.to(i);
            default -> throw new IllegalArgumentException("unsupported buffer type " + array.getClass().getSimpleName());
        };
    }
}
