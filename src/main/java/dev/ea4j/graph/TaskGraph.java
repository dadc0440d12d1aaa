package dev.ea4j.graph;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.GraphStep;
import dev.ea4j.backend.KernelRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A named, ordered list of kernel tasks and the data transfers around them, modelled on TornadoVM's
 * {@code TaskGraph}. Build it, {@link #snapshot()} it, and run the snapshot through an
 * {@link ExecutionPlan}:
 *
 * <pre>{@code
 * TaskGraph g = new TaskGraph("layer_0")
 *     .transferToDevice(DataTransferMode.EVERY_EXECUTION, q, k, v)
 *     .task("ea_fwd", EaSeriesKernels::causalForward, q, k, v, y, b, l, d, p)
 *     .transferToHost(DataTransferMode.EVERY_EXECUTION, y);
 * try (ExecutionPlan plan = new ExecutionPlan(g.snapshot())) { plan.execute(); }
 * }</pre>
 */
public final class TaskGraph extends TaskGraphTasks {

    private final String name;
    private final List<GraphStep> steps = new ArrayList<>();

    /** Creates an empty graph; task ids become {@code name.taskId}. */
    public TaskGraph(String name) {
        if (name == null || name.isBlank() || name.contains(".")) {
            throw new IllegalArgumentException("task graph name must be non-empty and contain no '.': " + name);
        }
        this.name = name;
    }

    /** The graph's name. */
    public String name() {
        return name;
    }

    /** Copies host arrays to the device before the tasks that follow, as {@code mode} says. */
    public TaskGraph transferToDevice(DataTransferMode mode, Object... arrays) {
        if (mode == DataTransferMode.UNDER_DEMAND) {
            throw new IllegalArgumentException("UNDER_DEMAND applies to transferToHost only");
        }
        steps.add(new GraphStep.ToDevice(mode, checkArrays(arrays)));
        return this;
    }

    /** Copies device arrays back to the host after the tasks before it, as {@code mode} says. */
    public TaskGraph transferToHost(DataTransferMode mode, Object... arrays) {
        steps.add(new GraphStep.ToHost(mode, checkArrays(arrays)));
        return this;
    }

    /**
     * Uses arrays that an earlier graph or a plan sharing this plan's session left on the device, without
     * copying them (TornadoVM's {@code consumeFromDevice}); executing fails if one is not on the device.
     */
    public TaskGraph consumeFromDevice(Object... arrays) {
        steps.add(new GraphStep.Consume(checkArrays(arrays)));
        return this;
    }

    /**
     * Keeps arrays on the device after the graph runs, for later graphs to consume (TornadoVM's
     * {@code persistOnDevice}). Device buffers always outlive a graph in ea4j, so this only documents intent.
     */
    public TaskGraph persistOnDevice(Object... arrays) {
        checkArrays(arrays);
        return this;
    }

    /** Freezes the graph; later changes to this builder do not affect the snapshot. */
    public ImmutableTaskGraph snapshot() {
        return new ImmutableTaskGraph(name, List.copyOf(steps));
    }

    @Override
    TaskGraph addTask(String id, KernelRef kernel, Object[] args) {
        if (id == null || id.isBlank() || id.contains(".")) {
            throw new IllegalArgumentException("task id must be non-empty and contain no '.': " + id);
        }
        String full = name + "." + id;
        for (GraphStep s : steps) {
            if (s instanceof GraphStep.Launch l && l.taskId().equals(full)) {
                throw new IllegalArgumentException("duplicate task id " + full);
            }
        }
        for (Object a : args) {
            if (a == null) throw new IllegalArgumentException("task " + full + " has a null argument");
        }
        steps.add(new GraphStep.Launch(full, kernel, args));
        return this;
    }

    private static Object[] checkArrays(Object[] arrays) {
        for (Object a : arrays) {
            if (a == null || !a.getClass().isArray()) {
                throw new IllegalArgumentException("transfers take primitive arrays, got " + a);
            }
        }
        return arrays.clone();
    }
}
