package dev.ea4j.backend.opencl;

import java.util.HashMap;
import java.util.Map;

/** The {@code opencl} backend's twin for each kernel id ({@code Class.method}); each family registers its own. */
final class OpenClTwins {

    private static final Map<String, OpenClKernel> TWINS = build();

    private OpenClTwins() {}

    static OpenClKernel find(String kernelId) {
        return TWINS.get(kernelId);
    }

    private static Map<String, OpenClKernel> build() {
        Map<String, OpenClKernel> m = new HashMap<>();
        // Each family adds its twins here.
        OpenClEaSeries.register(m);
        OpenClEaRecurrent.register(m);
        OpenClExactEa.register(m);
        OpenClDense.register(m);
        OpenClSoftmaxAttention.register(m);
        OpenClStoredSoftmax.register(m);
        OpenClNorm.register(m);
        OpenClLoss.register(m);
        OpenClLinearAttention.register(m);
        OpenClModel.register(m);
        return Map.copyOf(m);
    }
}
