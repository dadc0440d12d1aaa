package dev.ea4j.graph;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.TaskProfile;
import java.util.List;
import java.util.function.Consumer;

/** The outcome of one {@link ExecutionPlan#execute()}: the profile, and on-demand copies back to the host. */
public final class ExecutionResult {

    private final Consumer<Object> toHost;
    private final List<TaskProfile> profile;

    ExecutionResult(Consumer<Object> toHost, List<TaskProfile> profile) {
        this.toHost = toHost;
        this.profile = profile;
    }

    /** Per-step profile; empty when the plan's profiler is disabled. */
    public List<TaskProfile> profile() {
        return profile;
    }

    /** Copies arrays registered as {@link DataTransferMode#UNDER_DEMAND} (or any device array) to the host. */
    public ExecutionResult transferToHost(Object... arrays) {
        for (Object a : arrays) toHost.accept(a);
        return this;
    }
}
