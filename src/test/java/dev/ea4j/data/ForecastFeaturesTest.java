package dev.ea4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.data.ForecastSplits.Layout;
import dev.ea4j.data.ForecastSplits.Part;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** Features S, MS, M: which columns the windows carry, with and without time features and relative levels. */
class ForecastFeaturesTest {

    static final int ROWS = 100;
    static final LocalDateTime START = LocalDateTime.of(2016, 7, 1, 0, 0);

    /** Columns a = r, OT = 100 + 2r, b = r^2 / 10 at row r, hourly from START. */
    static CsvTable table() throws DataFormatException {
        StringBuilder csv = new StringBuilder("date,a,OT,b\n");
        for (int r = 0; r < ROWS; r++) {
            csv.append(START.plusHours(r).toString().replace('T', ' ')).append(":00,").append(r).append(',')
                    .append(100 + 2 * r).append(',').append(r * r / 10.0).append('\n');
        }
        return CsvTable.parse("t.csv", csv.toString());
    }

    static ForecastDataset data(Features f) throws DataFormatException {
        return ForecastDataset.of(table(), Layout.CUSTOM, 4, 3, f, "OT");
    }

    /** The standardised value of column {@code c} at data row {@code r}. */
    static float scaled(ForecastDataset d, int c, int r) {
        return (float) ((d.table().values()[r][c] - d.scaler().mean(c)) / d.scaler().std(c));
    }

    @Test
    void shapesAndTargets() throws DataFormatException {
        int[][] expectIn = {{1}, {0, 1, 2}, {0, 1, 2}};
        int[][] expectOut = {{1}, {0, 1, 2}, {1}};
        Features[] fs = {Features.S, Features.M, Features.MS};
        for (int k = 0; k < fs.length; k++) {
            ForecastDataset d = data(fs[k]);
            ForecastWindows w = d.windows(Part.VAL, false, false);
            assertEquals(expectIn[k].length, w.channels(), fs[k] + " input width");
            assertEquals(expectOut[k].length, w.outputs(), fs[k] + " output width");
            assertEquals(70 + 10 - (70 - 4) - 4 - 3 + 1, w.count());
            int i = 2, row = w.fileRow(i);
            assertEquals(70 - 4 + 2, row);
            float[][] in = w.input(i), out = w.target(i);
            assertEquals(4, in.length);
            assertEquals(3, out.length);
            for (int t = 0; t < 4; t++) {
                for (int c = 0; c < expectIn[k].length; c++) assertEquals(scaled(d, expectIn[k][c], row + t), in[t][c], 1e-6f);
            }
            for (int h = 0; h < 3; h++) {
                for (int c = 0; c < expectOut[k].length; c++) {
                    assertEquals(scaled(d, expectOut[k][c], row + 4 + h), out[h][c], 1e-6f);
                }
            }
        }
    }

    @Test
    void timeFeaturesFollowTheValuesAndRelativeLeavesThemAlone() throws DataFormatException {
        ForecastDataset d = data(Features.S);
        ForecastWindows abs = d.windows(Part.TRAIN, true, false);
        ForecastWindows rel = d.windows(Part.TRAIN, true, true);
        assertEquals(1 + TimeFeatures.COUNT, rel.channels());
        assertEquals(1, rel.valueChannels());
        int i = 30;
        float[][] a = abs.input(i), r = rel.input(i);
        float level = scaled(d, 1, i + 3);
        assertEquals(level, abs.last(i, 0), 1e-6f);
        for (int t = 0; t < 4; t++) {
            assertEquals(a[t][0] - level, r[t][0], 1e-6f);
            float[] tf = new float[TimeFeatures.COUNT];
            TimeFeatures.encode(START.plusHours(i + t), tf, 0);
            float[] got = java.util.Arrays.copyOfRange(r[t], 1, 1 + TimeFeatures.COUNT);
            assertArrayEquals(tf, got, "time features of step " + t);
            assertArrayEquals(tf, java.util.Arrays.copyOfRange(a[t], 1, 1 + TimeFeatures.COUNT));
        }
        float[][] ta = abs.target(i), tr = rel.target(i);
        float[] flat = new float[3];
        for (int h = 0; h < 3; h++) {
            assertEquals(ta[h][0] - level, tr[h][0], 1e-6f);
            flat[h] = tr[h][0];
        }
        rel.restoreLevel(i, flat, 0);
        for (int h = 0; h < 3; h++) assertEquals(ta[h][0], flat[h], 1e-6f);
    }

    @Test
    void unknownTargetAndFeaturesAreNamed() throws DataFormatException {
        CsvTable t = table();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastDataset.of(t, Layout.CUSTOM, 4, 3, Features.S, "HUFL"));
        assertTrue(e.getMessage().contains("'HUFL'") && e.getMessage().contains("[a, OT, b]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Features.parse("X"));
        assertTrue(e.getMessage().contains("S, M or MS"), e.getMessage());
        assertEquals(Features.MS, Features.parse("ms"));
    }
}
