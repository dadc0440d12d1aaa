package dev.ea4j.stream;

import static dev.ea4j.stream.SeriesForecasterTest.D;
import static dev.ea4j.stream.SeriesForecasterTest.H;
import static dev.ea4j.stream.SeriesForecasterTest.LAYERS;
import static dev.ea4j.stream.SeriesForecasterTest.events;
import static dev.ea4j.stream.SeriesForecasterTest.info;
import static dev.ea4j.stream.SeriesForecasterTest.model;
import static dev.ea4j.stream.SeriesForecasterTest.time;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.model.AttentionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Staggered restarts: each forecast is a fresh series' forecast over the last h events, with a bounded state. */
class RestartingSeriesForecasterTest {

    static final int P = 8;

    /** Events the forecast after event t (0-based) has seen: since the second-latest restart of {0, P/2, P, 3P/2, ...}. */
    static int expectedHistory(int t, int period) {
        int half = period / 2;
        int start = t < half ? 0 : (t / half) * half - half;
        return t - start + 1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"EA-6", "EA-2", "SA"})
    void eachForecastIsAFreshForecasterFedTheLastHEvents(String attention) {
        float[][] ev = events(5 * P, 13);
        try (SeriesForecaster r = new RestartingSeriesForecaster(SeriesForecasters.of(model(attention), info(), "java", true), P);
                SeriesForecaster fresh = SeriesForecasters.of(model(attention), info(), "java", true)) {
            float[] state = r.initialState();
            for (int t = 0; t < ev.length; t++) {
                float[] given = state.clone();
                SeriesForecaster.Step s = r.step(state, time(t), ev[t]);
                assertArrayEquals(given, state, 0f, "the given state is unchanged, event " + t);
                state = s.state();
                int h = expectedHistory(t, P);
                if (t >= P / 2) assertTrue(h > P / 2 && h <= P, "h " + h + " at event " + t);
                float[] f = fresh.initialState();
                float[][] expect = null;
                for (int i = t - h + 1; i <= t; i++) {
                    SeriesForecaster.Step e = fresh.step(f, time(i), ev[i]);
                    f = e.state();
                    expect = e.forecast();
                }
                for (int k = 0; k < H; k++) {
                    assertArrayEquals(expect[k], s.forecast()[k], 0f, attention + " event " + t + " (h " + h + ") step " + k);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EA-6", "EA-2"})
    void anEaStateStaysTwoInnerStatesAndACounter(String attention) {
        int p = AttentionType.parse(attention).order();
        int inner = LAYERS * D * (2 * (p + 1) + 1);
        float[][] ev = events(5 * P, 2);
        try (SeriesForecaster r = new RestartingSeriesForecaster(SeriesForecasters.of(model(attention), info(), "java", true), P)) {
            float[] state = r.initialState();
            assertEquals(RestartingSeriesForecaster.HEADER + 2 * inner, state.length);
            for (int t = 0; t < ev.length; t++) {
                state = r.step(state, time(t), ev[t]).state();
                assertEquals(RestartingSeriesForecaster.HEADER + 2 * inner, state.length, "after event " + t);
            }
        }
    }

    @Test
    void aKvStateHoldsTheEventsSinceEachRestartAtMostPEach() {
        int perEvent = 2 * LAYERS * D;
        float[][] ev = events(5 * P, 4);
        try (SeriesForecaster r = new RestartingSeriesForecaster(SeriesForecasters.of(model("SA"), info(), "java", true), P)) {
            float[] state = r.initialState();
            assertEquals(RestartingSeriesForecaster.HEADER, state.length);
            for (int t = 0; t < ev.length; t++) {
                state = r.step(state, time(t), ev[t]).state();
                int a = t % P + 1;                                   // A restarted at 0, P, 2P, ...
                int b = t < P / 2 ? 0 : (t - P / 2) % P + 1;         // B at P/2, 3P/2, ...; untouched before
                assertEquals(RestartingSeriesForecaster.HEADER + (a + b) * perEvent, state.length, "after event " + t);
                assertTrue(a <= P && b <= P);
            }
        }
    }

    @Test
    void theEventCountIsExactPast2To24() {
        float[][] ev = events(8, 5);
        try (SeriesForecaster r = new RestartingSeriesForecaster(SeriesForecasters.of(model("EA-2"), info(), "java", true), P)) {
            float[] state = r.initialState();
            for (int t = 0; t < 5; t++) state = r.step(state, time(t), ev[t]).state();
            assertEquals(5, count(state));
            float[] far = state.clone();
            long n = 5 + (long) P * (1 << 22);                  // 2^25 + 5: same phase, not an exact float
            far[0] = n >> 20;
            far[1] = n & ((1 << 20) - 1);
            SeriesForecaster.Step near = r.step(state, time(5), ev[5]), later = r.step(far, time(5), ev[5]);
            assertEquals(n + 1, count(later.state()));
            for (int k = 0; k < H; k++) assertArrayEquals(near.forecast()[k], later.forecast()[k], 0f, "step " + k);
        }
    }

    static long count(float[] state) {
        return (long) state[0] * (1 << 20) + (long) state[1];
    }

    @Test
    void badPeriodsAndStatesAreRejected() {
        for (int bad : new int[] {0, 1, 3, 7, -2}) {
            var e = assertThrows(IllegalArgumentException.class, () -> RestartingSeriesForecaster.checkPeriod(bad));
            assertTrue(e.getMessage().contains("even number >= 2, got " + bad), e.getMessage());
        }
        try (SeriesForecaster inner = SeriesForecasters.of(model("EA-2"), info(), "java", true)) {
            assertThrows(IllegalArgumentException.class, () -> new RestartingSeriesForecaster(inner, 5));
        }
        try (SeriesForecaster r = new RestartingSeriesForecaster(SeriesForecasters.of(model("EA-2"), info(), "java", true), P);
                SeriesForecaster plain = SeriesForecasters.of(model("EA-2"), info(), "java", true)) {
            assertTrue(r.describe().contains("restarting every " + P + " events"), r.describe());
            float[] v = events(1, 1)[0];
            var shortState = assertThrows(IllegalArgumentException.class, () -> r.step(new float[3], time(0), v));
            assertTrue(shortState.getMessage().contains("state"), shortState.getMessage());
            float[] fractional = r.initialState();
            fractional[1] = 0.5f;
            var count = assertThrows(IllegalArgumentException.class, () -> r.step(fractional, time(0), v));
            assertTrue(count.getMessage().contains("event count"), count.getMessage());
            float[] tooLong = r.initialState();
            tooLong[3] = tooLong.length;
            var length = assertThrows(IllegalArgumentException.class, () -> r.step(tooLong, time(0), v));
            assertTrue(length.getMessage().contains("state A"), length.getMessage());
            var unwrapped = assertThrows(IllegalArgumentException.class,
                    () -> r.step(plain.initialState(), time(0), v));
            assertTrue(unwrapped.getMessage().contains("state"), unwrapped.getMessage());
        }
    }
}
