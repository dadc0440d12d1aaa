package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClEaSeries.f;
import static dev.ea4j.backend.opencl.OpenClEaSeries.i;

import dev.ea4j.kernels.EaMath;
import java.util.Map;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.EaRecurrentKernels} (resources/opencl/ea_recurrent.cl): reset and
 * step for the whole batch in one launch (one work-item per (b, c)); prefill sums the prompt with
 * ea_series.cl's chunked passes and merges the total into the state.
 */
final class OpenClEaRecurrent {

    static final String FILE = "ea_recurrent.cl";

    private OpenClEaRecurrent() {}

    static void register(Map<String, OpenClKernel> m) {
        m.put("EaRecurrentKernels.reset", (s, a) ->
                s.run(FILE, "ea_reset", (long) i(a[3]) * i(a[4]), a[0], a[1], a[2], a[3], a[4], a[5]));
        m.put("EaRecurrentKernels.decodeStep", (s, a) -> s.run(FILE, "ea_step", (long) i(a[7]) * i(a[8]),
                a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], EaMath.keyClamp(i(a[9]))));
        m.put("EaRecurrentKernels.prefill", (s, a) -> prefill(s, f(a[0]), f(a[1]), f(a[2]), f(a[3]), f(a[4]),
                i(a[5]), i(a[6]), i(a[7]), i(a[8])));
    }

    static void prefill(OpenClSession s, float[] k, float[] v, float[] sa, float[] za, float[] ma, int B, int L,
                        int D, int p) {
        if (L == 0) return;
        OpenClEaSeries.Shape h = OpenClEaSeries.Shape.of(s, B, L, D, p);
        float[] scratch = OpenClEaSeries.scratch(s, "series", B, h.nChunks(), D, p);
        OpenClEaSeries.totals(s, h, k, v, scratch);
        s.run(FILE, "ea_prefill", (long) B * D, sa, za, ma, scratch, B, D, p, h.tot());
    }
}
