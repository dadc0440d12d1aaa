package dev.ea4j.flink;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's output lines: a forecast {@code {"series":..,"timestamp":..,"forecast":[[..]..]}} ({@code [H][outputs]},
 * the original scale; floats written so that they read back exactly) and a reject
 * {@code {"reason":..,"detail":..,"line":..}}.
 */
public final class JsonLines {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    private JsonLines() {}

    /** The forecast line of {@code event}. */
    public static String forecast(Event event, float[][] forecast) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("series", event.series);
        m.put("timestamp", event.time);
        m.put("forecast", forecast);
        return GSON.toJson(m);
    }

    /** The pass-through line of {@code event} (benchmark baseline: same output path, no model). */
    public static String passThrough(Event event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("series", event.series);
        m.put("timestamp", event.time);
        m.put("values", event.values);
        return GSON.toJson(m);
    }

    /** The reject line of input {@code line}. */
    public static String reject(RejectReason reason, String detail, String line) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason.code());
        m.put("detail", detail);
        m.put("line", line);
        return GSON.toJson(m);
    }
}
