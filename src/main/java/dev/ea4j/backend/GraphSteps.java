package dev.ea4j.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What a device runs of one task graph: its name and its steps in order (what {@code graph.ImmutableTaskGraph}
 * freezes, and what a {@link GraphCompiler} compiles).
 *
 * @param name the graph's name
 * @param steps transfers and launches, in the order they were added
 */
public record GraphSteps(String name, List<GraphStep> steps) {

    /** The full ids ({@code graph.task}) of the launches, in order. */
    public List<String> taskIds() {
        return steps.stream().filter(s -> s instanceof GraphStep.Launch)
                .map(s -> ((GraphStep.Launch) s).taskId()).toList();
    }

    /**
     * Every distinct array (by identity) the graph transfers, consumes or passes to a task, in first-use
     * order: what the graph keeps alive, and what a device holds a buffer for when it runs.
     */
    public List<Object> arrays() {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> out = new ArrayList<>();
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
}
