package dev.ea4j.backend.tornado;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.ea4j.backend.GraphStep;
import dev.ea4j.backend.TaskProfile;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.ac.manchester.tornado.api.TornadoProfilerResult;

/**
 * ea4j profile rows from TornadoVM's profiler for one execution: a row per task with TornadoVM's kernel time for it
 * ({@code TASK_KERNEL_TIME}), then one {@code graph.transfers} row with the copy times and bytes of the execution.
 */
final class TornadoProfiles {

    private TornadoProfiles() {}

    /** The rows of one execution of TornadoVM graph {@code graph}, whose tasks are {@code launches} in order. */
    static List<TaskProfile> rows(String graph, List<GraphStep.Launch> launches, String device, String driver,
                                  TornadoProfilerResult profile) {
        String impl = "tornado-" + driver.toLowerCase(Locale.ROOT);
        JsonObject log = graphLog(graph, profile.getProfileLog());
        List<TaskProfile> rows = new ArrayList<>();
        for (GraphStep.Launch l : launches) {
            String id = graph + "." + TornadoSegment.taskName(l.taskId());
            long nanos = log != null && log.get(id) instanceof JsonObject t ? number(t, "TASK_KERNEL_TIME") : -1;
            rows.add(new TaskProfile(l.taskId(), device, impl, nanos, 0, 0));
        }
        rows.add(new TaskProfile(graph + ".transfers", device, "copy",
                profile.getDataTransfersTime(), profile.getTotalBytesCopyIn(), profile.getTotalBytesCopyOut()));
        return rows;
    }

    /** The object for {@code graph} in TornadoVM's JSON log (several JSON objects may follow one another). */
    private static JsonObject graphLog(String graph, String text) {
        if (text == null || text.isBlank()) return null;
        JsonObject found = null;
        try (JsonReader json = new JsonReader(new StringReader(text))) {
            json.setStrictness(Strictness.LENIENT);
            while (json.peek() != JsonToken.END_DOCUMENT) {
                JsonElement e = JsonParser.parseReader(json);
                if (e instanceof JsonObject o && o.get(graph) instanceof JsonObject g) found = g;
            }
        } catch (IOException | RuntimeException e) {
            return found; // a log TornadoVM changed the shape of: keep what was read
        }
        return found;
    }

    private static long number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        try {
            return e == null ? -1 : Long.parseLong(e.getAsString());
        } catch (NumberFormatException ex) {
            return -1;
        }
    }
}
