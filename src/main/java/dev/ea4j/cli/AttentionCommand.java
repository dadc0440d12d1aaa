package dev.ea4j.cli;

import dev.ea4j.api.Attention;
import dev.ea4j.api.Checks;
import dev.ea4j.api.InvalidInputException;
import dev.ea4j.io.Npy;
import dev.ea4j.io.NpyArray;
import dev.ea4j.io.NpyFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ea4j attention}: runs one attention over float32 {@code .npy} inputs of shape [B, L, D] or [L, D] and
 * writes the output (and gradients) with the input's rank. Everything is validated before anything is
 * computed or written; outputs are written atomically, all or none.
 */
@Command(name = "attention", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run EA-series (default), recurrent EA, exact EA or softmax attention on .npy files.",
                "Inputs: float32 ('<f4', C order) arrays of shape [B, L, D] or [L, D]; outputs have the input's rank."})
public final class AttentionCommand implements Callable<Integer> {

    @Option(names = "--q", required = true, paramLabel = "q.npy", description = "queries")
    Path q;

    @Option(names = "--k", required = true, paramLabel = "k.npy", description = "keys")
    Path k;

    @Option(names = "--v", required = true, paramLabel = "v.npy", description = "values")
    Path v;

    @Option(names = "--out", required = true, paramLabel = "y.npy", description = "output y")
    Path out;

    @Option(names = "--order", paramLabel = "P", description = "even Taylor degree p >= 2 of the EA-series (default 6)")
    Integer order;

    @Option(names = "--causal", description = "causal attention (token i sees tokens j <= i)")
    boolean causal;

    @Option(names = "--recurrent", description = "causal EA-series token by token with the recurrent state (forward only)")
    boolean recurrent;

    @Option(names = "--exact", description = "exact element-wise attention, O(L^2 D)")
    boolean exact;

    @Option(names = "--softmax", description = "softmax dot-product attention with --heads heads")
    boolean softmax;

    @Option(names = "--heads", paramLabel = "H", description = "heads for --softmax; must divide D (default 1)")
    Integer heads;

    @Option(names = "--grad", paramLabel = "gy.npy", description = "output gradient; writes --dq, --dk, --dv")
    Path grad;

    @Option(names = "--dq", paramLabel = "dq.npy", description = "gradient for q (with --grad)")
    Path dq;

    @Option(names = "--dk", paramLabel = "dk.npy", description = "gradient for k (with --grad)")
    Path dk;

    @Option(names = "--dv", paramLabel = "dv.npy", description = "gradient for v (with --grad)")
    Path dv;

    @Mixin
    DeviceOptions target = new DeviceOptions();

    @Override
    public Integer call() {
        try {
            return execute();
        } catch (IOException | RuntimeException e) {
            return Cli.fail(e, System.err);
        }
    }

    private int execute() throws IOException {
        // 1. flags, before touching any file
        Attention.Spec spec = spec();
        boolean wantGrad = gradients();
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--out", out);
        if (wantGrad) {
            outputs.put("--dq", dq);
            outputs.put("--dk", dk);
            outputs.put("--dv", dv);
        }
        Cli.checkOutputs(outputs);

        // 2. inputs: readable float32 .npy files, same [B, L, D] or [L, D] shape, finite values
        NpyArray qa = read("--q", q), ka = read("--k", k), va = read("--v", v);
        NpyArray ga = wantGrad ? read("--grad", grad) : null;
        Checks.Dims dims = Checks.shape("q (" + q + ")", qa.shape());
        Checks.sameShape("k (" + k + ")", ka.shape(), "q", qa.shape());
        Checks.sameShape("v (" + v + ")", va.shape(), "q", qa.shape());
        if (ga != null) Checks.sameShape("gy (" + grad + ")", ga.shape(), "q", qa.shape());
        Checks.finite("q (" + q + ")", qa.data(), qa.shape());
        Checks.finite("k (" + k + ")", ka.data(), ka.shape());
        Checks.finite("v (" + v + ")", va.data(), va.shape());
        if (ga != null) Checks.finite("gy (" + grad + ")", ga.data(), ga.shape());
        if (spec.mode() == Attention.Mode.SOFTMAX) Checks.heads(spec.heads(), dims.D());

        // 3. run
        Attention att = new Attention(target.device, target.strict);
        Attention.Result r = wantGrad
                ? att.backward(spec, qa.data(), ka.data(), va.data(), ga.data(), dims)
                : att.forward(spec, qa.data(), ka.data(), va.data(), dims);

        // 4. write, all or none (a non-finite result is an internal error: nothing is written)
        int[] shape = qa.shape();
        Map<Path, NpyArray> files = new LinkedHashMap<>();
        files.put(out, result("y", r.y(), shape));
        if (wantGrad) {
            files.put(dq, result("dq", r.dq(), shape));
            files.put(dk, result("dk", r.dk(), shape));
            files.put(dv, result("dv", r.dv(), shape));
        }
        Npy.writeAll(files);
        System.err.println("ea4j: ran on " + r.device() + " (" + r.implementation() + ")");
        for (Map.Entry<Path, NpyArray> e : files.entrySet()) {
            System.out.println("wrote " + e.getKey() + " " + e.getValue().shapeString());
        }
        return Cli.OK;
    }

    private Attention.Spec spec() {
        List<String> modes = new ArrayList<>();
        if (recurrent) modes.add("--recurrent");
        if (exact) modes.add("--exact");
        if (softmax) modes.add("--softmax");
        if (modes.size() > 1) {
            throw new Cli.UsageError("conflicting mode flags " + String.join(" and ", modes)
                    + "; choose one of --recurrent, --exact, --softmax (or none for the EA-series)");
        }
        if (heads != null && !softmax) throw new Cli.UsageError("--heads applies only to --softmax");
        if (order != null && (exact || softmax)) {
            throw new Cli.UsageError("--order applies only to the EA-series and --recurrent, not to "
                    + modes.get(0));
        }
        int p = order == null ? 6 : order;
        if (recurrent) return Attention.Spec.recurrent(Checks.order(p));
        if (exact) return Attention.Spec.exact(causal);
        if (softmax) {
            int h = heads == null ? 1 : heads;
            if (h < 1) throw new InvalidInputException("--heads " + h + ": need H >= 1");
            return Attention.Spec.softmax(h, causal);
        }
        return Attention.Spec.series(Checks.order(p), causal);
    }

    private boolean gradients() {
        List<String> missing = new ArrayList<>();
        if (dq == null) missing.add("--dq");
        if (dk == null) missing.add("--dk");
        if (dv == null) missing.add("--dv");
        if (grad == null) {
            if (missing.size() < 3) throw new Cli.UsageError("--dq, --dk and --dv need --grad gy.npy");
            return false;
        }
        if (recurrent) {
            throw new Cli.UsageError("gradients are not available for --recurrent (forward only);"
                    + " drop --grad or use --causal for the parallel causal EA-series");
        }
        if (!missing.isEmpty()) throw new Cli.UsageError("--grad needs all of --dq, --dk, --dv; missing " + String.join(", ", missing));
        return true;
    }

    private static NpyArray read(String option, Path file) throws IOException {
        try {
            return Npy.read(file);
        } catch (NoSuchFileException e) {
            throw new Cli.UsageError(option + " " + file + ": no such file");
        } catch (NpyFormatException e) {
            throw new Cli.UsageError(option + " " + e.getMessage());
        }
    }

    private static NpyArray result(String name, float[] data, int[] shape) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalStateException("the kernel produced a non-finite " + name + " at index "
                        + Arrays.toString(Checks.unravel(i, shape)) + "; nothing was written");
            }
        }
        return new NpyArray(data, shape);
    }
}
