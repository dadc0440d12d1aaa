package dev.ea4j.graph;

import dev.ea4j.backend.Backends;
import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceSession;
import dev.ea4j.backend.GraphCompiler;
import dev.ea4j.backend.GraphStep;
import dev.ea4j.backend.RuntimeConfig;
import dev.ea4j.backend.TaskProfile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs frozen task graphs on one device (TornadoVM's {@code TornadoExecutionPlan}). The device session
 * stays open between executions, so {@link DataTransferMode#FIRST_EXECUTION} buffers are copied once.
 * The plan reports which device and implementation ran every task (see {@link #withProfiler}).
 */
public final class ExecutionPlan implements AutoCloseable {

    private final List<ImmutableTaskGraph> graphs;
    private String deviceRequest = "";
    private boolean strict;
    private PrintStream warnings = System.err;
    private ProfilerMode profilerMode = ProfilerMode.DISABLED;
    private DeviceSession session;
    private GraphCompiler.CompiledPlan compiled;
    private ExecutionPlan sessionOwner;
    private long executions;

    /** A plan over {@code graphs}, run in order on every {@link #execute()}. */
    public ExecutionPlan(ImmutableTaskGraph... graphs) {
        if (graphs.length == 0) throw new IllegalArgumentException("an execution plan needs at least one graph");
        this.graphs = List.of(graphs);
    }

    /** Runs on {@code request} ({@code cpu}, {@code java}, {@code opencl:0}); default: best present. */
    public ExecutionPlan withDevice(String request) {
        ensureNotStarted();
        this.deviceRequest = request == null ? "" : request;
        return this;
    }

    /** Runs on {@code device}. */
    public ExecutionPlan withDevice(Device device) {
        return withDevice(device.id());
    }

    /**
     * Runs on the same device session as {@code owner}, sharing its device buffers (weights updated on the
     * device by one plan are seen by the other). The owner keeps the session; closing this plan leaves it open.
     */
    public ExecutionPlan withSharedSession(ExecutionPlan owner) {
        ensureNotStarted();
        if (owner == this) throw new IllegalArgumentException("a plan cannot share its own session");
        this.sessionOwner = owner;
        return this;
    }

    /** Makes a missing device an error instead of a loud fallback. */
    public ExecutionPlan withStrict(boolean strict) {
        ensureNotStarted();
        this.strict = strict;
        return this;
    }

    /** Where fallback warnings go (stderr by default). */
    public ExecutionPlan withWarnings(PrintStream out) {
        this.warnings = out;
        return this;
    }

    /** Turns the per-task profiler on or off. */
    public ExecutionPlan withProfiler(ProfilerMode mode) {
        this.profilerMode = mode;
        return this;
    }

    /** The device this plan runs on (opening it if needed). */
    public Device device() {
        return session().device();
    }

    /** Runs every graph once: transfers in, tasks, transfers out. */
    public ExecutionResult execute() {
        DeviceSession s = session();
        if (s instanceof GraphCompiler compiler) return executeCompiled(compiler);
        boolean first = executions++ == 0;
        boolean profile = profilerMode != ProfilerMode.DISABLED;
        List<TaskProfile> rows = profile ? new ArrayList<>() : List.of();
        String dev = s.device().id();
        for (ImmutableTaskGraph g : graphs) {
            for (GraphStep step : g.steps()) {
                long t0 = System.nanoTime();
                switch (step) {
                    case GraphStep.ToDevice in -> {
                        if (in.mode() == DataTransferMode.EVERY_EXECUTION || first) {
                            long bytes = 0;
                            for (Object a : in.arrays()) bytes += s.toDevice(a);
                            if (profile) rows.add(new TaskProfile(g.name() + ".toDevice", dev, "copy",
                                    System.nanoTime() - t0, bytes, 0));
                        }
                    }
                    case GraphStep.ToHost out -> {
                        if (out.mode() == DataTransferMode.EVERY_EXECUTION
                                || (out.mode() == DataTransferMode.FIRST_EXECUTION && first)) {
                            s.sync();
                            long bytes = 0;
                            for (Object a : out.arrays()) bytes += s.toHost(a);
                            if (profile) rows.add(new TaskProfile(g.name() + ".toHost", dev, "copy",
                                    System.nanoTime() - t0, 0, bytes));
                        }
                    }
                    case GraphStep.Consume c -> {
                        for (Object a : c.arrays()) {
                            if (!s.holds(a)) {
                                throw new IllegalStateException("graph " + g.name() + " consumes a "
                                        + a.getClass().getSimpleName() + " that is not on " + s.device().id()
                                        + "; transfer it to the device first");
                            }
                        }
                    }
                    case GraphStep.Launch l -> {
                        String impl = s.launch(l.kernel(), l.args());
                        if (profile) {
                            s.sync();
                            rows.add(new TaskProfile(l.taskId(), dev, impl, System.nanoTime() - t0, 0, 0));
                        }
                    }
                }
            }
        }
        s.sync();
        printProfile(rows);
        return new ExecutionResult(s::toHost, rows);
    }

    /** Releases the device session and its buffers. */
    @Override
    public void close() {
        if (compiled != null) compiled.close();
        compiled = null;
        if (session != null && sessionOwner == null) session.close();
        session = null;
    }

    /** A session that runs whole graphs (TornadoVM): compile the plan's graphs once, then run the compiled plan. */
    private ExecutionResult executeCompiled(GraphCompiler compiler) {
        if (compiled == null) compiled = compiler.compile(graphs.stream().map(ImmutableTaskGraph::deviceSteps).toList(), strict, warnings);
        List<TaskProfile> rows = compiled.execute(profilerMode != ProfilerMode.DISABLED);
        printProfile(rows);
        return new ExecutionResult(compiled::transferToHost, rows);
    }

    private void printProfile(List<TaskProfile> rows) {
        if (profilerMode != ProfilerMode.CONSOLE) return;
        for (TaskProfile p : rows) {
            warnings.printf("ea4j profile: %-28s %-10s %-12s %10.3f ms  in %d B  out %d B%n", p.taskId(),
                    p.device(), p.implementation(), p.nanos() / 1e6, p.bytesToDevice(), p.bytesToHost());
        }
    }

    private DeviceSession session() {
        if (session == null && sessionOwner != null) {
            session = sessionOwner.session();
        }
        if (session == null) {
            Device d = Backends.select(deviceRequest.isBlank() ? configuredDevice() : deviceRequest, strict, warnings);
            session = Backends.open(d);
        }
        return session;
    }

    /**
     * The device the settings name for this plan's tasks ({@code <graph>.<task>.device}, else
     * {@code <graph>.device}), "" when none; a plan runs on one device, so differing settings are an error.
     */
    private String configuredDevice() {
        String found = "";
        for (ImmutableTaskGraph g : graphs) {
            for (String task : g.taskIds()) {
                String d = RuntimeConfig.get(task + ".device", RuntimeConfig.get(g.name() + ".device", ""));
                if (d.isBlank()) continue;
                if (!found.isEmpty() && !found.equals(d)) {
                    throw new IllegalArgumentException("the settings put tasks of one plan on different devices ("
                            + found + " and " + d + " for " + task + "); one plan runs on one device");
                }
                found = d;
            }
        }
        return found;
    }

    private void ensureNotStarted() {
        if (session != null) throw new IllegalStateException("the plan has already started on " + session.device().id());
    }
}
