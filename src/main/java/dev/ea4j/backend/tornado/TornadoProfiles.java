package dev.ea4j.backend.tornado;

import dev.ea4j.graph.GraphStep;
import dev.ea4j.graph.TaskProfile;
import java.util.ArrayList;
import java.util.List;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;

/** ea4j profile rows for one TornadoVM execution. */
final class TornadoProfiles {

    private TornadoProfiles() {}

    /** One row per task, naming the TornadoVM driver that ran it; the first row carries the plan's wall time. */
    static List<TaskProfile> rows(List<GraphStep.Launch> launches, String device, String driver,
                                  TornadoExecutionResult result, long wallNanos) {
        List<TaskProfile> rows = new ArrayList<>();
        String impl = "tornado-" + driver.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < launches.size(); i++) {
            rows.add(new TaskProfile(launches.get(i).taskId(), device, impl, i == 0 ? wallNanos : 0, 0, 0));
        }
        return rows;
    }
}
