package dev.ea4j.graph;

import dev.ea4j.backend.GraphStep;
import dev.ea4j.backend.GraphSteps;
import java.util.List;

/** A frozen {@link TaskGraph}: what an {@link ExecutionPlan} runs (TornadoVM's {@code ImmutableTaskGraph}). */
public final class ImmutableTaskGraph {

    private final GraphSteps steps;

    ImmutableTaskGraph(String name, List<GraphStep> steps) {
        this.steps = new GraphSteps(name, steps);
    }

    /** The graph's name. */
    public String name() {
        return steps.name();
    }

    /** The full ids ({@code graph.task}) of its tasks, in order. */
    public List<String> taskIds() {
        return steps.taskIds();
    }

    /**
     * Every distinct array (by identity) the graph transfers, consumes or passes to a task, in first-use
     * order: what the graph keeps alive, and what a device holds a buffer for when it runs.
     */
    public List<Object> arrays() {
        return steps.arrays();
    }

    /** The graph's transfers and launches, in the order they were added. */
    public List<GraphStep> steps() {
        return steps.steps();
    }

    /** The graph as a device runs it. */
    GraphSteps deviceSteps() {
        return steps;
    }
}
