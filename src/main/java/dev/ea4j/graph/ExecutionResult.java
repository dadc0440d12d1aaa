package dev.ea4j.graph;

import dev.ea4j.backend.DeviceSession;
import java.util.List;

/** The outcome of one {@link ExecutionPlan#execute()}: the profile, and on-demand copies back to the host. */
public final class ExecutionResult {

    private final DeviceSession session;
    private final List<TaskProfile> profile;

    ExecutionResult(DeviceSession session, List<TaskProfile> profile) {
        this.session = session;
        this.profile = profile;
    }

    /** Per-step profile; empty when the plan's profiler is disabled. */
    public List<TaskProfile> profile() {
        return profile;
    }

    /** Copies arrays registered as {@link DataTransferMode#UNDER_DEMAND} (or any device array) to the host. */
    public ExecutionResult transferToHost(Object... arrays) {
        for (Object a : arrays) session.toHost(a);
        return this;
    }
}
