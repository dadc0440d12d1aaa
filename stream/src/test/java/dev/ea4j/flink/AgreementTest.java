package dev.ea4j.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The job's forecasts equal {@code ea4j forecast} (which feeds a streaming model the whole history) on the same
 * history, for every series at several points of its stream, within 1e-5: the keyed state carries exactly the
 * model's state from event to event, across two parallel instances. With {@code --restart-every 8} in both, the same
 * holds for the restarting forecaster (whose forecasts after 30 events differ from the whole history's).
 */
class AgreementTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"EA-2, 0", "SA, 0", "EA-2, 8", "SA, 8"})
    void streamedForecastsEqualForecastOnTheSameHistory(String attention, int restartEvery) throws Exception {
        Path model = Fixtures.streamingModel(tmp, attention);
        List<Fixtures.Row> rows = Fixtures.series(3, 30, 11);
        Fixtures.write(tmp.resolve("in/events.csv"), rows.stream().map(Fixtures.Row::line).toList());
        int rc = StreamMain.run("--model", model.toString(), "--input", tmp.resolve("in").toString(), "--out",
                tmp.resolve("out").toString(), "--parallelism", "2", "--checkpoint-interval", "500",
                "--restart-every", String.valueOf(restartEvery));
        assertEquals(0, rc);

        Map<String, float[]> streamed = new HashMap<>();   // "series@time" -> forecast [H]
        for (String line : Fixtures.committed(tmp.resolve("out/forecasts"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            var f = o.getAsJsonArray("forecast");
            float[] v = new float[f.size()];
            for (int h = 0; h < v.length; h++) v[h] = f.get(h).getAsJsonArray().get(0).getAsFloat();
            streamed.put(o.get("series").getAsString() + "@" + o.get("timestamp").getAsString(), v);
        }
        assertEquals(rows.size(), streamed.size(), "one forecast per event");

        Map<String, List<Fixtures.Row>> bySeries = new HashMap<>();
        for (Fixtures.Row r : rows) bySeries.computeIfAbsent(r.series(), k -> new ArrayList<>()).add(r);
        int compared = 0;
        for (var e : bySeries.entrySet()) {
            List<Fixtures.Row> history = e.getValue();
            for (int n : new int[] {1, 2, 7, 19, history.size()}) {
                float[] expected = reference(model, history.subList(0, n), restartEvery);
                float[] got = streamed.get(e.getKey() + "@" + history.get(n - 1).time());
                for (int h = 0; h < Fixtures.HORIZON; h++) {
                    assertEquals(expected[h], got[h], 1e-5, e.getKey() + " after " + n + " events, step " + (h + 1));
                }
                compared++;
            }
            if (restartEvery != 0) {
                float[] whole = reference(model, history, 0);
                float[] restarted = reference(model, history, restartEvery);
                assertFalse(java.util.Arrays.equals(whole, restarted), "restarts change the forecast after 30 events");
            }
        }
        assertEquals(15, compared);
    }

    /** {@code ea4j forecast --restart-every restartEvery} on a CSV of {@code history} (date, load, OT). */
    private float[] reference(Path model, List<Fixtures.Row> history, int restartEvery) throws Exception {
        StringBuilder csv = new StringBuilder("date,load,OT\n");
        for (Fixtures.Row r : history) csv.append(r.time()).append(',').append(r.load()).append(',').append(r.ot()).append('\n');
        Path in = Files.writeString(tmp.resolve("history.csv"), csv);
        Path out = tmp.resolve("forecast.csv");
        assertEquals(0, dev.ea4j.cli.Main.run("forecast", "--model", model.toString(), "--input", in.toString(),
                "--out", out.toString(), "--device", "java", "--restart-every", String.valueOf(restartEvery)));
        List<String> lines = Files.readAllLines(out);
        float[] v = new float[Fixtures.HORIZON];
        for (int h = 0; h < v.length; h++) v[h] = Float.parseFloat(lines.get(1 + h).split(",")[1]);
        return v;
    }
}
