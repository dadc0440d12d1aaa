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

    List<GraphStep> steps() {
        return steps;
    }
}
