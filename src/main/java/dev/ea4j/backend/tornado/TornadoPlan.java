package dev.ea4j.backend.tornado;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.GraphCompiler;
import dev.ea4j.backend.GraphStep;
import dev.ea4j.backend.GraphSteps;
import dev.ea4j.backend.TaskProfile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ea4j {@code ExecutionPlan} on TornadoVM: its tasks, in order, cut into {@link TornadoSegment}s, each one
 * TornadoVM task graph and execution plan. A segment holds whole ea4j graphs while they fit TornadoVM's graph (its
 * runtime stops at 1024 nodes per task graph, about 300 tasks' worth of arguments); a larger ea4j graph is cut
 * between tasks. Transfer modes are read across the whole plan, so an array declared {@code EVERY_EXECUTION} by one
 * graph is copied so by every segment that uses it.
 */
final class TornadoPlan implements GraphCompiler.CompiledPlan {

    /** Estimated TornadoVM graph nodes a segment may hold (TornadoVM's limit is 1024). */
    static final int NODE_BUDGET = 700;

    private final List<TornadoSegment> segments = new ArrayList<>();
    private final Set<Object> transferredOnly = Collections.newSetFromMap(new IdentityHashMap<>());
    private final TornadoSession session;

    TornadoPlan(TornadoSession session, List<GraphSteps> graphs, boolean strict, PrintStream warnings) {
        this.session = session;
        Map<Object, DataTransferMode> in = new IdentityHashMap<>(), out = new IdentityHashMap<>();
        List<List<GraphStep.Launch>> cuts = new ArrayList<>();
        Cut current = new Cut();
        for (GraphSteps g : graphs) {
            List<GraphStep.Launch> tasks = new ArrayList<>();
            for (GraphStep step : g.steps()) {
                switch (step) {
                    case GraphStep.ToDevice t -> declare(in, t.mode(), t.arrays());
                    case GraphStep.Consume c -> {
                        requireKnown(session, g, c.arrays());
                        declare(in, DataTransferMode.EVERY_EXECUTION, c.arrays());
                    }
                    case GraphStep.ToHost t -> declare(out, t.mode(), t.arrays());
                    case GraphStep.Launch l -> tasks.add(l);
                }
            }
            if (!current.isEmpty() && current.nodes + nodes(tasks) > NODE_BUDGET) {
                cuts.add(current.tasks);
                current = new Cut();
            }
            for (GraphStep.Launch l : tasks) {
                if (!current.isEmpty() && current.nodes + nodes(List.of(l)) > NODE_BUDGET) {
                    cuts.add(current.tasks);
                    current = new Cut();
                }
                current.add(l);
            }
        }
        if (!current.isEmpty()) cuts.add(current.tasks);
        for (GraphSteps g : graphs) transferredOnly.addAll(g.arrays());
        for (List<GraphStep.Launch> cut : cuts) {
            for (GraphStep.Launch l : cut) for (Object a : l.args()) transferredOnly.remove(a);
        }
        String base = graphs.size() == 1 ? graphs.get(0).name() : graphs.get(0).name() + "_to_" + graphs.getLast().name();
        for (int i = 0; i < cuts.size(); i++) {
            String name = cuts.size() == 1 ? base : base + "_part" + i;
            segments.add(new TornadoSegment(session, name, cuts.get(i), in, out, strict, warnings));
        }
    }

    /** Arrays the plan's graphs transfer or consume but none of its tasks takes. */
    Set<Object> transferredOnly() {
        return Collections.unmodifiableSet(transferredOnly);
    }

    /** The plan's segments, in execution order. */
    List<TornadoSegment> segments() {
        return segments;
    }

    @Override
    public List<TaskProfile> execute(boolean profile) {
        List<TaskProfile> rows = profile ? new ArrayList<>() : List.of();
        for (TornadoSegment s : segments) {
            List<TaskProfile> r = s.execute(profile);
            if (profile) rows.addAll(r);
        }
        return rows;
    }

    @Override
    public void transferToHost(Object array) {
        // the last segment that uses the array holds its latest value (shared arrays are on the host anyway)
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).arrays().contains(array)) {
                segments.get(i).transferToHost(array);
                return;
            }
        }
    }

    @Override
    public void close() {
        for (TornadoSegment s : segments) s.close();
        session.closed(this);
    }

    /**
     * TornadoVM graph nodes {@code tasks} need, over-estimated: a task node, per argument a constant or (arrays) a
     * copy in and a dependent read, and per distinct array its object, copy out, release and one spare.
     */
    static int nodes(List<GraphStep.Launch> tasks) {
        Cut c = new Cut();
        for (GraphStep.Launch l : tasks) c.add(l);
        return c.nodes;
    }

    /** Consecutive tasks and their {@link #nodes} estimate, kept up to date as tasks are added. */
    private static final class Cut {
        final List<GraphStep.Launch> tasks = new ArrayList<>();
        final Set<Object> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        int nodes;

        boolean isEmpty() {
            return tasks.isEmpty();
        }

        void add(GraphStep.Launch l) {
            tasks.add(l);
            nodes += 1;
            for (Object a : l.args()) {
                boolean array = a.getClass().isArray();
                nodes += array ? 2 : 1;
                if (array && arrays.add(a)) nodes += 4;
            }
        }
    }

    private static void requireKnown(TornadoSession session, GraphSteps g, Object[] consumed) {
        for (Object a : consumed) {
            if (!session.holds(a)) {
                throw new IllegalStateException("graph " + g.name() + " consumes a " + a.getClass().getSimpleName()
                        + " that is not on " + session.device().id() + "; transfer it to the device first");
            }
        }
    }

    private static void declare(Map<Object, DataTransferMode> modes, DataTransferMode mode, Object[] arrays) {
        for (Object a : arrays) modes.merge(a, mode, TornadoTransfers::stronger);
    }
}
