package dev.ea4j.backend.opencl;

/**
 * The one place that decides OpenCL launch sizes. Local size: {@code ea4j.opencl.local} if set (the
 * equivalent of TornadoVM's {@code <graph>.<task>.local.workgroup}), else 64 on CPU devices and 256 on
 * GPUs, capped by the device's maximum work-group size. Global sizes are rounded up to a multiple of it;
 * kernels guard their index.
 */
final class LaunchGeometry {

    /** System property overriding the local work-group size. */
    static final String LOCAL_PROPERTY = "ea4j.opencl.local";

    /** Rows per chunk of the chunked causal scans. */
    static final String CHUNK_PROPERTY = "ea4j.opencl.chunk";

    private final int local;
    private final int chunk;

    LaunchGeometry(OpenClPlatforms.Entry device, boolean gpu) {
        int fallback = gpu ? 256 : 64;
        this.local = Math.max(1, Math.min(device.maxWorkGroup(), Integer.getInteger(LOCAL_PROPERTY, fallback)));
        this.chunk = Math.max(1, Integer.getInteger(CHUNK_PROPERTY, gpu ? 64 : 256));
    }

    /** Work-items per work-group for 1-D element-wise and per-channel kernels. */
    int local() {
        return local;
    }

    /** Rows per chunk for chunked sequence scans. */
    int chunk() {
        return chunk;
    }

    /** n rounded up to a multiple of the local size. */
    long global(long n) {
        return (n + local - 1) / local * local;
    }
}
