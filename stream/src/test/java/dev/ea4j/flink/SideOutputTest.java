package dev.ea4j.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ea4j.stream.SeriesForecaster;
import dev.ea4j.stream.SeriesForecasters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad events land in the rejects output with their reason and input line; the good events around them are forecast. */
class SideOutputTest {

    /** A forecaster that fails on the value 999 and otherwise is {@code inner}. */
    record FailingOn999(SeriesForecaster inner) implements SeriesForecaster {
        @Override public List<String> inputNames() { return inner.inputNames(); }
        @Override public List<String> outputNames() { return inner.outputNames(); }
        @Override public int horizon() { return inner.horizon(); }
        @Override public float[] initialState() { return inner.initialState(); }
        @Override public String describe() { return "failing on 999: " + inner.describe(); }
        @Override public void close() { inner.close(); }

        @Override
        public Step step(float[] state, LocalDateTime time, float[] values) {
            if (values[0] == 999f) throw new IllegalStateException("cannot take 999");
            return inner.step(state, time, values);
        }
    }

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

    @Test
    void aModelErrorIsRejectedAndLeavesTheSeriesStateAsItWas() throws Exception {
        Path model = Fixtures.streamingModel(tmp, "EA-2");
        List<Fixtures.Row> rows = Fixtures.series(2, 15, 9);
        Fixtures.write(tmp.resolve("good/events.csv"), rows.stream().map(Fixtures.Row::line).toList());
        // the same stream with an event the model fails on, mid-stream in s1 (same time as the event before it)
        List<String> withBad = new ArrayList<>(rows.stream().map(Fixtures.Row::line).toList());
        Fixtures.Row before = rows.get(11);
        assertEquals("s1", before.series());
        String bad = "s1," + before.time() + ",999";
        withBad.add(12, bad);
        Fixtures.write(tmp.resolve("bad/events.csv"), withBad);

        assertEquals(0, StreamMain.run("--model", model.toString(), "--input", tmp.resolve("good").toString(), "--out",
                tmp.resolve("out-good").toString(), "--parallelism", "2", "--checkpoint-interval", "500"));
        String dir = model.toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                JobSettings.of(tmp.resolve("out-bad/checkpoints"), Duration.ofMillis(500), null));
        env.setParallelism(2);
        StreamJob.build(env, tmp.resolve("bad"), tmp.resolve("out-bad"), 1, false, 0, new ForecastFunction(
                () -> new FailingOn999(SeriesForecasters.open(Path.of(dir), "java", true))));
        env.execute("model error");

        List<String> rejects = Fixtures.committed(tmp.resolve("out-bad/rejects"));
        assertEquals(1, rejects.size(), rejects.toString());
        JsonObject o = JsonParser.parseString(rejects.getFirst()).getAsJsonObject();
        assertEquals("model-error", o.get("reason").getAsString());
        assertEquals("IllegalStateException: cannot take 999", o.get("detail").getAsString());
        assertEquals("s1," + before.time() + ",999.0", o.get("line").getAsString());
        // s1's later forecasts are those of the stream without the bad event: its state was left as it was
        assertEquals(Fixtures.multiset(Fixtures.committed(tmp.resolve("out-good/forecasts"))),
                Fixtures.multiset(Fixtures.committed(tmp.resolve("out-bad/forecasts"))));
    }
}
