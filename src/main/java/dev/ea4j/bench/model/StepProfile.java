package dev.ea4j.bench.model;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.TaskProfile;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.ProfilerMode;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.ModelKernels;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.Model;
import dev.ea4j.model.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the time of one training step goes: the step's plan (forward, loss, backward, then AdamW on every
 * parameter, as {@code DeviceModel} runs them) executed with {@link ProfilerMode#SILENT}, per-task times summed
 * by kernel family.
 */
public final class StepProfile {

    private StepProfile() {}

    /**
     * One kernel family's share of a step.
     *
     * @param family e.g. {@code matmul (forward)}
     * @param seconds mean seconds per step
     * @param tasks tasks of the family in one step
     */
    public record Family(String family, double seconds, int tasks) {}

    /** Mean per-step time by family over {@code repeats} profiled steps after one warmup step, largest first. */
    public static List<Family> profile(ModelPreset preset, AttentionType attention, int batch, int length, String device,
                                       boolean strict, int repeats, long seed) {
        Model model = new Model(preset.config(attention, length), seed);
        BoundModel bound = model.bind(batch, length);
        new TokenBatch(batch, length, preset.vocab(), seed).fill(bound);
        float[] hyper = new float[ModelKernels.ADAMW_HYPER_LENGTH];
        hyper[0] = 1e-4f;
        hyper[1] = 0.9f;
        hyper[2] = 0.999f;
        hyper[3] = 1e-8f;
        hyper[5] = 1;
        hyper[6] = 1;
        TaskGraph opt = new TaskGraph("optimizer").transferToDevice(DataTransferMode.EVERY_EXECUTION, hyper);
        List<Parameter> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            opt.task("adamw_" + i, ModelKernels::adamW, p.value(), p.grad(), p.m(), p.v(), hyper, p.size());
        }
        Map<String, long[]> sums = new TreeMap<>();
        try (ExecutionPlan upload = new ExecutionPlan(new TaskGraph("upload")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, model.deviceResidentArrays().toArray()).snapshot())
                .withDevice(device).withStrict(strict);
             ExecutionPlan step = new ExecutionPlan(concat(bound.trainingGraphs(), opt.snapshot()))
                     .withSharedSession(upload).withProfiler(ProfilerMode.SILENT)) {
            upload.execute();
            step.execute();
            for (int r = 0; r < repeats; r++) {
                ExecutionResult res = step.execute();
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (TaskProfile t : res.profile()) {
                    String f = family(t.taskId());
                    long[] s = sums.computeIfAbsent(f, k -> new long[2]);
                    s[0] += t.nanos();
                    counts.merge(f, 1, Integer::sum);
                }
                for (Map.Entry<String, Integer> e : counts.entrySet()) sums.get(e.getKey())[1] = e.getValue();
            }
        }
        return sums.entrySet().stream().map(e -> new Family(e.getKey(), e.getValue()[0] * 1e-9 / repeats, (int) e.getValue()[1]))
                .sorted((a, b) -> Double.compare(b.seconds(), a.seconds())).toList();
    }

    /** The kernel family of a task id {@code graph.task}. */
    public static String family(String taskId) {
        String t = taskId.substring(taskId.indexOf('.') + 1);
        if (taskId.endsWith(".toDevice") || taskId.endsWith(".toHost")) return "transfers";
        if (t.matches(".*_(ea|sa|sa_eager|la)_fwd")) return "attention forward";
        if (t.matches(".*_(ea|sa|sa_eager|la)_bwd")) return "attention backward";
        if (t.endsWith("_matmul")) return "matmul forward (x W^T)";
        if (t.endsWith("_dweight")) return "matmul dW (gy^T x)";
        if (t.endsWith("_dinput")) return "matmul dX (gy W)";
        if (t.endsWith("_bias") || t.endsWith("_dbias")) return "bias and bias gradient";
        if (t.endsWith("_gelu") || t.endsWith("_dgelu")) return "GELU and its gradient";
        if (t.matches(".*_ln[12](_bwd)?")) return "LayerNorm and its gradient";
        if (t.matches(".*_(res[12]|dres[12]|dx_qk|dx_v)")) return "residual adds";
        if (t.endsWith("_lookup") || t.endsWith("_positional") || t.endsWith("_dtable")) return "embedding";
        if (t.startsWith("adamw_")) return "AdamW";
        if (t.equals("cross_entropy") || t.equals("mse")) return "loss";
        return "other";
    }

    /** A markdown table of {@code families}. */
    public static String markdown(List<Family> families) {
        double total = families.stream().mapToDouble(Family::seconds).sum();
        StringBuilder sb = new StringBuilder("| kernel family | ms per step | share | tasks per step |\n|---|---:|---:|---:|\n");
        for (Family f : families) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f %% | %d |%n", f.family(), f.seconds() * 1e3,
                    100 * f.seconds() / total, f.tasks()));
        }
        sb.append(String.format(Locale.ROOT, "| **total** | **%.2f** | 100 %% | |%n", total * 1e3));
        return sb.toString();
    }

    private static ImmutableTaskGraph[] concat(ImmutableTaskGraph[] a, ImmutableTaskGraph b) {
        ImmutableTaskGraph[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
