package dev.ea4j.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad events land in the rejects output with their reason and input line; the good events around them are forecast. */
class SideOutputTest {

    @TempDir
    Path tmp;

    @Test
    void eachBadKindIsRejectedWithItsReasonAndTheJobGoesOn() throws Exception {
        Path model = Fixtures.streamingModel(tmp, "EA-2");
        List<Fixtures.Row> rows = Fixtures.series(2, 20, 5);
        Map<String, String> bad = new HashMap<>();   // line -> expected reason
        bad.put("s0,2024-01-01 03:00:00,NaN", "not-finite");
        bad.put("s1,2024-01-02 05:00:00,Infinity", "not-finite");
        bad.put("s0,2024-01-01 04:00:00", "missing-field");
        bad.put(",2024-01-01 04:00:00,1.0", "missing-field");
        bad.put("s0,not a time,1.0", "unparseable");
        bad.put("s1,2024-01-02 05:00:00,abc", "unparseable");
        bad.put("s0,2024-01-01 04:00:00,1.0,2.0", "wrong-width");
        bad.put("s1,2023-12-31 00:00:00,20.0", "time-backwards");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            lines.add(rows.get(i).line());
            if (i == 20) lines.addAll(bad.keySet());   // mid-stream, after both series have events
        }
        Fixtures.write(tmp.resolve("in/events.csv"), lines);
        int rc = StreamMain.run("--model", model.toString(), "--input", tmp.resolve("in").toString(), "--out",
                tmp.resolve("out").toString(), "--parallelism", "2", "--checkpoint-interval", "500");
        assertEquals(0, rc);

        Map<String, String> rejected = new HashMap<>();
        for (String line : Fixtures.committed(tmp.resolve("out/rejects"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            rejected.put(o.get("line").getAsString(), o.get("reason").getAsString());
        }
        assertEquals(bad, rejected);
        List<String> forecasts = Fixtures.committed(tmp.resolve("out/forecasts"));
        assertEquals(rows.stream().map(r -> r.series() + "@" + r.time()).collect(Collectors.toSet()),
                forecasts.stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                        .map(o -> o.get("series").getAsString() + "@" + o.get("timestamp").getAsString())
                        .collect(Collectors.toSet()));
        assertEquals(rows.size(), forecasts.size());
    }
}
