package dev.ea4j.graph;

import java.util.List;

/** A frozen {@link TaskGraph}: what an {@link ExecutionPlan} runs (TornadoVM's {@code ImmutableTaskGraph}). */
public final class ImmutableTaskGraph {

    private final String name;
    private final List<GraphStep> steps;

    ImmutableTaskGraph(String name, List<GraphStep> steps) {
        this.name = name;
        this.steps = steps;
    }

    /** The graph's name. */
    public String name() {
        return name;
    }

    /** The full ids ({@code graph.task}) of its tasks, in order. */
    public List<String> taskIds() {
        return steps.stream().filter(s -> s instanceof GraphStep.Launch)
                .map(s -> ((GraphStep.Launch) s).taskId()).toList();
    }

    /**
     * Every distinct array (by identity) the graph transfers, consumes or passes to a task, in first-use
     * order: what the graph keeps alive, and what a device holds a buffer for when it runs.
     */
    public List<Object> arrays() {
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (GraphStep s : steps) {
            Object[] refs = switch (s) {
                case GraphStep.ToDevice in -> in.arrays();
                case GraphStep.ToHost o -> o.arrays();
                case GraphStep.Consume c -> c.arrays();
                case GraphStep.Launch l -> l.args();
            };
            for (Object a : refs) {
                if (a != null && a.getClass().isArray() && seen.add(a)) out.add(a);
            }
        }
        return out;
    }

    /** The graph's transfers and launches, in the order they were added. */
    public List<GraphStep> steps() {
        return steps;
    }
}
