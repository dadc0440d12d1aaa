package dev.ea4j.backend.tornado;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.GraphStep;
import dev.ea4j.backend.TaskProfile;
import dev.ea4j.backend.UnsupportedOnDeviceException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.exceptions.TornadoBailoutRuntimeException;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

/**
 * A run of consecutive tasks of one ea4j plan as one TornadoVM {@link TaskGraph} and {@link TornadoExecutionPlan},
 * built once and executed many times: data stays on the device between its tasks (TornadoVM's dataflow analysis
 * sees them all); task {@code g.t} is TornadoVM task {@code g_t}. Transfers map one to one: ea4j's
 * {@code FIRST_EXECUTION}, {@code EVERY_EXECUTION} and {@code UNDER_DEMAND} are TornadoVM's. An array a task uses
 * with no transfer in is copied on the first execution (ea4j's "uploaded on first sight"); arrays this segment shares
 * with other segments of the session go in and out on every execution.
 *
 * <pre>
 *   host --(FIRST: weights, undeclared | EVERY: per-step inputs, shared)--> [g0_t0 -> g0_t1 -> g1_t0 ...]
 *        --(EVERY/FIRST as declared)--> host;  UNDER_DEMAND and shared arrays: pulled by transferToHost
 * </pre>
 *
 * <p>A bailout (TornadoVM cannot compile a task) is an {@link UnsupportedOnDeviceException} when strict; otherwise a
 * warning naming the tasks, and the segment runs every task as sequential Java, as TornadoVM itself would.
 */
final class TornadoSegment {

    private final TornadoSession session;
    private final List<GraphStep.Launch> launches = new ArrayList<>();
    private final Set<Object> taskArrays = identitySet();
    private final Map<Object, DataTransferMode> declaredIn;
    private final Map<Object, DataTransferMode> declaredOut;
    private final String name;
    private final boolean strict;
    private final PrintStream warnings;

    private TornadoExecutionPlan plan;
    private TornadoExecutionResult last;
    private Set<Object> sharedAtBuild = identitySet();
    /** Shared arrays not already copied out on every execution: pulled to the host after each one. */
    private Object[] pullAfter = new Object[0];
    private boolean stale = true;
    private boolean compiled;
    private boolean profiling;
    private boolean sequential;

    TornadoSegment(TornadoSession session, String name, List<GraphStep.Launch> launches,
                   Map<Object, DataTransferMode> declaredIn, Map<Object, DataTransferMode> declaredOut, boolean strict,
                   PrintStream warnings) {
        this.session = session;
        this.name = name;
        this.launches.addAll(launches);
        this.declaredIn = declaredIn;
        this.declaredOut = declaredOut;
        this.strict = strict;
        this.warnings = warnings;
        for (GraphStep.Launch l : launches) {
            for (Object a : l.args()) if (a.getClass().isArray()) taskArrays.add(a);
        }
    }

    /** Every array the segment's tasks take. */
    Set<Object> arrays() {
        return Collections.unmodifiableSet(taskArrays);
    }

    /**
     * Called when another plan of the session opened or closed: when an array became shared, the arrays only this
     * segment kept on the device go to the host now (the new sharer reads the host copy, possibly before this segment
     * runs again), and the segment rebuilds before its next execution.
     */
    void sharingChanged() {
        if (stale) return;
        for (Object a : taskArrays) {
            if (session.shared(a) && !sharedAtBuild.contains(a)) {
                saveDeviceOnlyArrays();
                stale = true;
                return;
            }
        }
    }

    /**
     * Copies the arrays that only this segment held to the host. Shared arrays and arrays copied in on every
     * execution are left alone: their host copy is the current one (a caller may just have filled an input), and
     * this segment's device copy may be older than it.
     */
    private void saveDeviceOnlyArrays() {
        if (last == null || sequential) return;
        Object[] deviceOnly = taskArrays.stream().filter(a -> !sharedAtBuild.contains(a)
                && declaredIn.get(a) != DataTransferMode.EVERY_EXECUTION).toArray();
        if (deviceOnly.length > 0) last.transferToHost(deviceOnly);
    }

    /** Runs the segment once; one profile row per task (and one for its transfers) when {@code profile}. */
    List<TaskProfile> execute(boolean profile) {
        if (stale && !sequential) rebuild();
        if (!sequential) {
            try {
                if (profile != profiling) {
                    if (profile) plan.withProfiler(ProfilerMode.SILENT);
                    else plan.withoutProfiler();
                    profiling = profile;
                }
                last = plan.execute();
                compiled = true;
                if (pullAfter.length > 0) last.transferToHost(pullAfter);
                return profile ? TornadoProfiles.rows(name, launches, session.device().id(), session.entry().driver(),
                        last.getProfilerResult()) : List.of();
            } catch (RuntimeException | Error e) {
                // the first execution compiles: a bailout, or TornadoVM refusing a kernel (inlining limits, dynamic
                // arrays: TornadoVM raises some of these as errors)
                if (compiled || !fromTornadoVM(e)) throw e;
                bailedOut(e);
            }
        }
        return runSequential(profile);
    }

    /** Copies {@code array} from the device, when the segment ran on it (a sequential segment works on the host). */
    void transferToHost(Object array) {
        if (last != null && taskArrays.contains(array) && !sequential) last.transferToHost(array);
    }

    /** Releases the segment's device buffers and leaves the session. */
    void close() {
        release();
        session.closed(this);
    }

    /** (Re)builds the TornadoVM graph and plan from the current sharing (device-only data was saved when it went stale). */
    private void rebuild() {
        release();
        sharedAtBuild = identitySet();
        for (Object a : taskArrays) if (session.shared(a)) sharedAtBuild.add(a);
        pullAfter = sharedAtBuild.stream().filter(a -> declaredOut.get(a) != DataTransferMode.EVERY_EXECUTION).toArray();
        TaskGraph graph = new TaskGraph(name);
        List<Object> first = new ArrayList<>(), every = new ArrayList<>();
        for (Object a : taskArrays) {
            boolean everyTime = declaredIn.get(a) == DataTransferMode.EVERY_EXECUTION || sharedAtBuild.contains(a);
            (everyTime ? every : first).add(a);
        }
        if (!first.isEmpty()) graph.transferToDevice(uk.ac.manchester.tornado.api.enums.DataTransferMode.FIRST_EXECUTION, first.toArray());
        if (!every.isEmpty()) graph.transferToDevice(uk.ac.manchester.tornado.api.enums.DataTransferMode.EVERY_EXECUTION, every.toArray());
        for (GraphStep.Launch l : launches) TornadoTasks.add(graph, taskName(l.taskId()), l.kernel().code(), l.args());
        Map<DataTransferMode, List<Object>> out = new LinkedHashMap<>();
        for (Object a : taskArrays) {
            // every task array can be pulled on demand: on a rebuild, for the session, or by the caller
            out.computeIfAbsent(declaredOut.getOrDefault(a, DataTransferMode.UNDER_DEMAND), m -> new ArrayList<>()).add(a);
        }
        out.forEach((mode, arrays) -> graph.transferToHost(TornadoTransfers.mode(mode), arrays.toArray()));
        plan = new TornadoExecutionPlan(graph.snapshot()).withDevice(session.entry().tornado());
        profiling = false;
        last = null;
        stale = false;
    }

    private void bailedOut(Throwable cause) {
        List<String> culprits = TornadoBailouts.culprits(launches, session.entry().tornado());
        String which = culprits.isEmpty() ? "the graph " + name + " (no single task fails alone)"
                : String.join(", ", culprits);
        String why = cause instanceof TornadoBailoutRuntimeException ? "rerun with -Dtornado.debug=true for TornadoVM's reason"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String msg = "TornadoVM could not compile " + which + " for " + session.device().id() + " (" + why + ")";
        if (strict) throw new UnsupportedOnDeviceException(msg, cause);
        warnings.println("ea4j: WARNING: " + msg + "; every task of " + name + " runs as sequential Java instead");
        release();
        sequential = true;
    }

    /** TornadoVM's own fallback: every task in order as plain Java on the host arrays. */
    private List<TaskProfile> runSequential(boolean profile) {
        List<TaskProfile> rows = new ArrayList<>();
        for (GraphStep.Launch l : launches) {
            long t0 = System.nanoTime();
            l.kernel().reference().accept(l.args());
            if (profile) rows.add(new TaskProfile(l.taskId(), session.device().id(), "java (bailout)",
                    System.nanoTime() - t0, 0, 0));
        }
        return rows;
    }

    private void release() {
        try {
            if (plan != null) plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("TornadoVM could not release the device buffers of " + name, e);
        }
        plan = null;
        last = null;
        stale = true;
    }

    /** Whether {@code e} (or its cause) is one of TornadoVM's own exceptions or errors. */
    static boolean fromTornadoVM(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("uk.ac.manchester.tornado.")) return true;
        }
        return false;
    }

    /** TornadoVM task ids cannot hold the '.' of ea4j's {@code graph.task}. */
    static String taskName(String ea4jTaskId) {
        return ea4jTaskId.replace('.', '_');
    }

    private static Set<Object> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
