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

    /**
     * System property overriding the matmul work-group side (work-items per tile edge). Matmul defaults,
     * measured on M=4096, N=K=768: GPUs 16 x 16 work-items with 4 x 4 register blocks at strided rows and
     * columns (conflict-free local memory); CPUs (PoCL) 4 x 4 work-items with contiguous 8 x 8 blocks that the
     * compiler vectorises within a work-item (34 GFLOP/s on 2 EPYC cores vs 4 GFLOP/s with the GPU shape).
     */
    static final String MATMUL_WG_PROPERTY = "ea4j.opencl.matmul.wg";

    /** System property overriding the matmul register block (each work-item computes RB x RB of C). */
    static final String MATMUL_RB_PROPERTY = "ea4j.opencl.matmul.rb";

    /** System property overriding the depth (along K) of the A and B tiles staged in local memory. */
    static final String MATMUL_TK_PROPERTY = "ea4j.opencl.matmul.tk";

    /** System property choosing contiguous (true) or strided (false) register blocks in the matmuls. */
    static final String MATMUL_CONTIG_PROPERTY = "ea4j.opencl.matmul.contig";

    private final int local;
    private final int chunk;
    private final int matmulWg;
    private final int matmulRb;
    private final int matmulTk;
    private final boolean matmulContig;
    private final int reduceLocal;

    LaunchGeometry(OpenClPlatforms.Entry device, boolean gpu) {
        int fallback = gpu ? 256 : 64;
        this.local = Math.max(1, Math.min(device.maxWorkGroup(), Integer.getInteger(LOCAL_PROPERTY, fallback)));
        this.chunk = Math.max(1, Integer.getInteger(CHUNK_PROPERTY, gpu ? 64 : 256));
        int wg = Integer.getInteger(MATMUL_WG_PROPERTY, gpu ? 16 : 4);
        while (wg > 1 && wg * wg > device.maxWorkGroup()) wg /= 2;
        this.matmulWg = Math.max(1, wg);
        this.matmulRb = Math.max(1, Integer.getInteger(MATMUL_RB_PROPERTY, gpu ? 4 : 8));
        this.matmulTk = Math.max(1, Integer.getInteger(MATMUL_TK_PROPERTY, 16));
        String contig = System.getProperty(MATMUL_CONTIG_PROPERTY);
        this.matmulContig = contig == null ? !gpu : Boolean.parseBoolean(contig);
        this.reduceLocal = Integer.highestOneBit(local);
    }

    /** Work-items per edge of a matmul work-group (the work-group is matmulWg x matmulWg). */
    int matmulWg() {
        return matmulWg;
    }

    /** Rows (and columns) of C per matmul work-group: matmulWg * register block. */
    int matmulTile() {
        return matmulWg * matmulRb;
    }

    /** Global size along one matmul axis of n elements of C: whole tiles, matmulWg work-items each. */
    long matmulGlobal(int n) {
        return (long) ((n + matmulTile() - 1) / matmulTile()) * matmulWg;
    }

    /** Work-items per work-group for tree reductions (a power of two, at most {@link #local()}). */
    int reduceLocal() {
        return reduceLocal;
    }

    /** Compile-time sizes handed to every program build (the kernels' tile shapes come from here only). */
    String buildDefines() {
        return "-DEA4J_MM_WG=" + matmulWg + " -DEA4J_MM_RB=" + matmulRb + " -DEA4J_MM_TK=" + matmulTk
                + (matmulContig ? " -DEA4J_MM_CONTIG" : "");
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
