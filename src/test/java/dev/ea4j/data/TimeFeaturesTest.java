package dev.ea4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeFeaturesTest {

    /** The index of the single 1 in {@code f[from, from + n)}, failing unless there is exactly one and the rest are 0. */
    private static int hot(float[] f, int from, int n) {
        int at = -1;
        for (int i = from; i < from + n; i++) {
            if (f[i] == 1f) {
                assertEquals(-1, at, "two hot entries");
                at = i - from;
            } else {
                assertEquals(0f, f[i]);
            }
        }
        assertTrue(at >= 0, "no hot entry");
        return at;
    }

    @Test
    void knownDates() {
        // 2016-07-01 was a Friday (ETT's first row); 2018-06-26 a Tuesday; 2024-02-29 a Thursday
        float[][] f = TimeFeatures.of(new String[] {"2016-07-01 00:00:00", "2018-06-26 19:00:00", "2016-07-01 00:45:00",
            "2024-02-29T23:59", "2016-07-03"});
        int[][] expected = {{0, 4}, {19, 1}, {0, 4}, {23, 3}, {0, 6}};
        for (int r = 0; r < f.length; r++) {
            assertEquals(TimeFeatures.COUNT, f[r].length);
            assertEquals(expected[r][0], hot(f[r], 0, 24), "hour of row " + r);
            assertEquals(expected[r][1], hot(f[r], 24, 7), "weekday (Monday = 0) of row " + r);
        }
    }

    @Test
    void badDateIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeFeatures.of(new String[] {"2016-07-01 00:00:00", "07/01/2016"}));
        assertTrue(e.getMessage().contains("'07/01/2016'"), e.getMessage());
    }

    @Test
    void badDateInCsvIsADataFormatError() throws DataFormatException {
        StringBuilder csv = new StringBuilder("date,OT\n");
        for (int i = 0; i < 40; i++) csv.append(i == 30 ? "yesterday" : "2016-07-02 " + (i % 24 < 10 ? "0" : "") + i % 24 + ":00:00").append(',').append(i).append('\n');
        CsvTable t = CsvTable.parse("x.csv", csv.toString());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ForecastDataset.of(t, ForecastSplits.Layout.CUSTOM, 2, 1, Features.S, "OT"));
        assertTrue(e.getMessage().contains("x.csv") && e.getMessage().contains("'yesterday'"), e.getMessage());
    }
}
