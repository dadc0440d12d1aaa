package dev.ea4j.backend.cpu;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code cpu} backend's twin for each kernel id ({@code Class.method}). Each kernel family registers
 * its twins in one {@code register} method; a kernel without a twin runs its reference on one thread,
 * and the profiler says so.
 */
final class CpuTwins {

    private static final Map<String, CpuKernel> TWINS = build();

    private CpuTwins() {}

    static CpuKernel find(String kernelId) {
        return TWINS.get(kernelId);
    }

    private static Map<String, CpuKernel> build() {
        Map<String, CpuKernel> m = new HashMap<>();
        CpuDense.register(m);
        CpuNorm.register(m);
        CpuLoss.register(m);
        CpuSoftmaxAttention.register(m);
        CpuStoredSoftmax.register(m);
        dev.ea4j.backend.cpu.ea.CpuEa.register(m);
        CpuEaRecurrent.register(m);
        CpuExactEa.register(m);
        CpuLinearAttention.register(m);
        CpuModel.register(m);
        return Map.copyOf(m);
    }
}
