package dev.ea4j.train;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.ModelKernels;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.Model;
import dev.ea4j.model.Parameter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model living on one device: parameters, gradients and AdamW moments stay there; every plan shares
 * one device session (the first plan owns it).
 *
 * <pre>
 *   upload   : parameters, moments, positional table --toDevice (at start and after loading a checkpoint)
 *   step(B,L): x, targets --toDevice--> forward, loss, backward --> loss, |grad_i|^2 --toHost
 *   optimizer: hyper --toDevice--> adamW on every parameter (grads scaled by the clip factor)
 *   download : parameters, moments --toHost (before writing a checkpoint)
 * </pre>
 */
public final class DeviceModel implements AutoCloseable {

    private final Model model;
    private final ExecutionPlan upload;
    private final ExecutionPlan download;
    private final ExecutionPlan optimizer;
    private final float[] hyperDecay = new float[ModelKernels.ADAMW_HYPER_LENGTH];
    private final float[] hyperNoDecay = new float[ModelKernels.ADAMW_HYPER_LENGTH];
    private final float[][] squaredNorms;
    private final Map<String, Plans> byShape = new HashMap<>();

    private record Plans(BoundModel bound, ExecutionPlan train, ExecutionPlan eval) {}

    /** Places {@code model} on {@code device} (loud fallback when missing, an error when strict). */
    public DeviceModel(Model model, String device, boolean strict, PrintStream warnings) {
        this.model = model;
        Object[] resident = model.deviceResidentArrays().toArray();
        this.upload = new ExecutionPlan(new TaskGraph("upload")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, resident).snapshot())
                .withDevice(device).withStrict(strict).withWarnings(warnings);
        upload.execute();
        List<Object> state = new ArrayList<>();
        for (Parameter p : model.parameters()) state.addAll(List.of(p.value(), p.m(), p.v()));
        this.download = new ExecutionPlan(new TaskGraph("download")
                .transferToHost(DataTransferMode.EVERY_EXECUTION, state.toArray()).snapshot()).withSharedSession(upload);
        TaskGraph opt = new TaskGraph("optimizer")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, hyperDecay, hyperNoDecay);
        List<Parameter> params = model.parameters();
        squaredNorms = new float[params.size()][1];
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            opt.task("adamw_" + i, ModelKernels::adamW, p.value(), p.grad(), p.m(), p.v(),
                    p.decay() ? hyperDecay : hyperNoDecay, p.size());
        }
        this.optimizer = new ExecutionPlan(opt.snapshot()).withSharedSession(upload);
    }

    /** The device id the model lives on. */
    public String deviceId() {
        return upload.device().id();
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** Forward, loss and backward for {@code batch} without dropout; returns the mean loss. */
    public float forwardBackward(Batch batch) {
        return forwardBackward(batch, 0, false);
    }

    /**
     * Forward, loss and backward for {@code batch}, dropout masks (if the model has dropout) drawn from
     * {@code dropoutSeed}; returns the mean loss. Gradients stay on the device.
     */
    public float forwardBackward(Batch batch, int dropoutSeed) {
        return forwardBackward(batch, dropoutSeed, true);
    }

    private float forwardBackward(Batch batch, int dropoutSeed, boolean drop) {
        if (drop) model.dropout().train(dropoutSeed);
        else model.dropout().evaluate();
        Plans p = plans(batch.size(), batch.length());
        batch.fill(p.bound());
        p.train().execute();
        return p.bound().loss()[0];
    }

    /** The global gradient norm after {@link #forwardBackward}. */
    public double gradientNorm() {
        double sum = 0;
        for (float[] s : squaredNorms) sum += s[0];
        return Math.sqrt(sum);
    }

    /** One AdamW step at {@code lr} (1-based {@code step}), gradients multiplied by {@code gradScale}. */
    public void optimize(double lr, double weightDecay, long step, double gradScale) {
        fillHyper(hyperDecay, lr, weightDecay, step, gradScale);
        fillHyper(hyperNoDecay, lr, 0, step, gradScale);
        optimizer.execute();
    }

    /** Forward only for {@code batch}; the returned bound model's output holds the predictions. */
    public BoundModel forward(Batch batch) {
        model.dropout().evaluate();
        Plans p = plans(batch.size(), batch.length());
        batch.fill(p.bound());
        p.eval().execute();
        return p.bound();
    }

    /** Copies parameters and moments from the device to the host arrays. */
    public void downloadState() {
        download.execute();
    }

    /** Copies the host parameters and moments to the device (after loading a checkpoint). */
    public void uploadState() {
        upload.execute();
    }

    @Override
    public void close() {
        for (Plans p : byShape.values()) {
            p.train().close();
            p.eval().close();
        }
        optimizer.close();
        download.close();
        upload.close();
    }

    private Plans plans(int batch, int length) {
        return byShape.computeIfAbsent(batch + "x" + length, k -> {
            BoundModel bound = model.bind(batch, length);
            List<ImmutableTaskGraph> graphs = new ArrayList<>(List.of(bound.trainingGraphs()));
            graphs.add(normGraph());
            ExecutionPlan train = new ExecutionPlan(graphs.toArray(ImmutableTaskGraph[]::new)).withSharedSession(upload);
            ExecutionPlan eval = new ExecutionPlan(bound.forwardGraphs().toArray(ImmutableTaskGraph[]::new))
                    .withSharedSession(upload);
            return new Plans(bound, train, eval);
        });
    }

    private ImmutableTaskGraph normGraph() {
        TaskGraph g = new TaskGraph("grad_norm");
        List<Parameter> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            g.task("sq_" + i, ModelKernels::sumOfSquares, params.get(i).grad(), squaredNorms[i], params.get(i).size());
        }
        return g.transferToHost(DataTransferMode.EVERY_EXECUTION, (Object[]) squaredNorms).snapshot();
    }

    private static void fillHyper(float[] h, double lr, double wd, long step, double scale) {
        h[0] = (float) lr;
        h[1] = 0.9f;
        h[2] = 0.999f;
        h[3] = 1e-8f;
        h[4] = (float) wd;
        h[5] = step;
        h[6] = (float) scale;
    }
}
