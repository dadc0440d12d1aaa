package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;

/** The {@code opencl} backend's twin of each kernel, keyed by its method reference; each family registers its own. */
final class OpenClTwins {

    /** Every OpenCL twin; run with the session that launches it. */
    static final TwinTable<OpenClSession> TABLE = build();

    private OpenClTwins() {}

    private static TwinTable<OpenClSession> build() {
        TwinTable<OpenClSession> t = new TwinTable<>();
        OpenClEaSeries.register(t);
        OpenClEaRecurrent.register(t);
        OpenClExactEa.register(t);
        OpenClDense.register(t);
        OpenClSoftmaxAttention.register(t);
        OpenClStoredSoftmax.register(t);
        OpenClNorm.register(t);
        OpenClLoss.register(t);
        OpenClLinearAttention.register(t);
        OpenClModel.register(t);
        return t;
    }
}
