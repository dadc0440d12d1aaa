package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.backend.cpu.ea.CpuEa;

/**
 * The {@code cpu} backend's twin of each kernel, keyed by the kernel's method reference. Each kernel family
 * registers its twins in one {@code register} method; a kernel without a twin runs its reference on one thread,
 * and the profiler says so.
 */
final class CpuTwins {

    /** Every cpu twin; run with the backend's thread pool. */
    static final TwinTable<CpuPool> TABLE = build();

    private CpuTwins() {}

    private static TwinTable<CpuPool> build() {
        TwinTable<CpuPool> t = new TwinTable<>();
        CpuDense.register(t);
        CpuDropout.register(t);
        CpuNorm.register(t);
        CpuLoss.register(t);
        CpuSoftmaxAttention.register(t);
        CpuStoredSoftmax.register(t);
        CpuEa.register(t);
        CpuEaRecurrent.register(t);
        CpuExactEa.register(t);
        CpuLinearAttention.register(t);
        CpuModel.register(t);
        return t;
    }
}
