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

    /** System property capping the channels per work-item (VW) of the EA-series kernels (1 to 16). */
    static final String SERIES_VW_PROPERTY = "ea4j.opencl.series.vw";

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
    private final boolean chunkSet;
    private final boolean gpu;
    private final int computeUnits;
    private final int seriesVw;
    private final int matmulWg;
    private final int matmulRb;
    private final int matmulTk;
    private final boolean matmulContig;
    private final int reduceLocal;

    LaunchGeometry(OpenClPlatforms.Entry device, boolean gpu) {
        int fallback = gpu ? 256 : 64;
        this.local = Math.max(1, Math.min(device.maxWorkGroup(), Integer.getInteger(LOCAL_PROPERTY, fallback)));
        this.chunk = Math.max(1, Integer.getInteger(CHUNK_PROPERTY, gpu ? 64 : 256));
        this.chunkSet = Integer.getInteger(CHUNK_PROPERTY) != null;
        this.gpu = gpu;
        this.computeUnits = Math.max(1, device.device().computeUnits());
        this.seriesVw = Integer.highestOneBit(Math.max(1, Math.min(16, Integer.getInteger(SERIES_VW_PROPERTY, gpu ? 1 : 16))));
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

    /**
     * Channels per work-item of the EA-series kernels for D channels: the largest power of two up to the
     * device's width (16 = one AVX-512 register on CPUs, 1 on GPUs so adjacent work-items stay adjacent
     * channels) that divides D.
     */
    int seriesWidth(int D) {
        int vw = seriesVw;
        while (vw > 1 && D % vw != 0) vw /= 2;
        return vw;
    }

    /**
     * Rows per chunk of the EA-series scans over L rows with {@code items} (b, channel-vector) work-items per
     * chunk: the {@link #CHUNK_PROPERTY} if set, else 64 on GPUs (so one sequence fills the device), and on
     * CPUs one chunk (a single pass, no prefix pass) when the channels alone give every compute unit at least
     * 4 work-items, else just enough chunks for that.
     */
    int seriesChunk(int L, long items) {
        if (chunkSet || gpu) return chunk;
        long want = 4L * computeUnits;
        if (items >= want) return Math.max(1, L);
        long parts = Math.min(Math.max(1, L), (want + items - 1) / items);
        return (int) Math.max(1, (L + parts - 1) / parts);
    }

    /**
     * Work-group size of the EA-series kernels: {@link #local()} on GPUs; 1 on CPUs, where each work-item is
     * a long SIMD loop and PoCL spreads work-groups (not work-items) over its threads.
     */
    int seriesLocal() {
        return gpu ? local : 1;
    }

    /** n rounded up to a multiple of the local size. */
    long global(long n) {
        return (n + local - 1) / local * local;
    }
}
