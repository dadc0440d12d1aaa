package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.EaMath;
import dev.ea4j.kernels.EaRecurrentKernels;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.EaRecurrentKernels} (resources/opencl/ea_recurrent.cl): reset and
 * step for the whole batch in one launch (one work-item per (b, c)); prefill sums the prompt with
 * ea_series.cl's chunked passes and merges the total into the state.
 */
final class OpenClEaRecurrent {

    static final String FILE = "ea_recurrent.cl";

    private OpenClEaRecurrent() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(EaRecurrentKernels::reset, s -> (sa, za, ma, B, D, p) ->
                s.run(FILE, "ea_reset", (long) B * D, sa, za, ma, B, D, p));
        t.add(EaRecurrentKernels::decodeStep, s -> (q, k, v, y, sa, za, ma, B, D, p) -> s.run(FILE, "ea_step",
                (long) B * D, q, k, v, y, sa, za, ma, B, D, p, EaMath.keyClamp(p)));
        t.add(EaRecurrentKernels::prefill, s -> (k, v, sa, za, ma, B, L, D, p) ->
                prefill(s, k, v, sa, za, ma, B, L, D, p));
    }

    static void prefill(OpenClSession s, float[] k, float[] v, float[] sa, float[] za, float[] ma, int B, int L,
                        int D, int p) {
        if (L == 0) return;
        OpenClEaSeries.Shape h = OpenClEaSeries.Shape.of(s, B, L, D, p);
        float[] scratch = OpenClEaSeries.scratch(s, h);
        OpenClEaSeries.totals(s, h, k, v, scratch);
        s.run(FILE, "ea_prefill", (long) B * D, sa, za, ma, scratch, B, D, p, h.tot());
    }
}
