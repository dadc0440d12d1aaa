package dev.ea4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.data.ForecastSplits.Layout;
import dev.ea4j.data.ForecastSplits.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastDatasetTest {

    @TempDir
    Path dir;

    @Test
    void etth2SplitsMatchTsLib() throws IOException {
        Path f = SharedData.require("ETT-small/ETTh2.csv");
        ForecastDataset ds = ForecastDataset.load(f, 6, 6);
        CsvTable t = ds.table();
        assertEquals(17420, t.rows());
        assertEquals(List.of("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"), t.columns());
        assertEquals("2016-07-01 00:00:00", t.dates()[0]);
        assertEquals("2018-06-26 19:00:00", t.dates()[17419]);
        assertEquals(41.13000106811523f, t.values()[0][0], 0f);
        ForecastSplits s = ds.splits();
        assertEquals(Layout.ETT_HOUR, s.layout());
        assertEquals(List.of(0, 8640, 8634, 11520, 11514, 14400),
                List.of(s.trainStart(), s.trainEnd(), s.valStart(), s.valEnd(), s.testStart(), s.testEnd()));
        assertEquals(8640 - 6 - 6 + 1, ds.windows(Part.TRAIN).count());
        assertEquals(2880 + 6 - 6 - 6 + 1, ds.windows(Part.VAL).count());
        assertEquals(2880 + 6 - 6 - 6 + 1, ds.windows(Part.TEST).count());
        assertEquals("2017-06-25 18:00:00", t.dates()[ds.windows(Part.VAL).fileRow(0)]);
        assertEquals("2017-10-23 18:00:00", t.dates()[ds.windows(Part.TEST).fileRow(0)]);
        ForecastDataset h12 = ForecastDataset.load(f, 6, 12);
        assertEquals(8640 - 6 - 12 + 1, h12.windows(Part.TRAIN).count());
        assertEquals(2880 - 12 + 1, h12.windows(Part.TEST).count());

        // statistics from the training rows only: python (double, population std) on the file gives these
        assertEquals(41.53683496078959, ds.scaler().mean(0), 1e-4);
        assertEquals(10.448841072588467, ds.scaler().std(0), 1e-4);
        assertEquals(26.872023494265697, ds.scaler().mean(6), 1e-4);
        assertEquals(11.584718923414668, ds.scaler().std(6), 1e-4);
        // independent recomputation over [0, 8640) and a check that the full-file mean differs
        for (int c = 0; c < 7; c++) {
            double sum = 0, full = 0;
            for (int r = 0; r < t.rows(); r++) {
                if (r < 8640) sum += t.values()[r][c];
                full += t.values()[r][c];
            }
            assertEquals(sum / 8640, ds.scaler().mean(c), 1e-6 * Math.max(1, Math.abs(sum / 8640)));
            assertTrue(Math.abs(full / t.rows() - sum / 8640) > 1e-3, "train-only mean differs from full mean");
        }

        // windows: input and target are consecutive scaled rows; inverse restores the file values
        ForecastWindows te = ds.windows(Part.TEST);
        float[][] in = te.input(0), tg = te.target(0);
        assertEquals(6, in.length);
        assertEquals(7, in[0].length);
        float[][] rawIn = ds.scaler().inverse(in), rawTg = ds.scaler().inverse(tg);
        for (int k = 0; k < 6; k++) {
            assertArrayEquals(t.values()[11514 + k], rawIn[k], 1e-4f);
            assertArrayEquals(t.values()[11520 + k], rawTg[k], 1e-4f);
        }
        float[] flat = new float[6 * 7];
        te.fillTarget(0, flat, 0);
        ds.scaler().inverseInPlace(flat, 0, 6);
        for (int k = 0; k < 6; k++) {
            for (int c = 0; c < 7; c++) assertEquals(t.values()[11520 + k][c], flat[k * 7 + c], 1e-4f);
        }
        int last = te.count() - 1;
        assertEquals(14400, te.fileRow(last) + 6 + 6, "the last target ends at the test border");
        assertThrows(IndexOutOfBoundsException.class, () -> te.input(te.count()));
    }

    @Test
    void ettm2SplitsAreFourTimesLonger() throws IOException {
        Path f = SharedData.require("ETT-small/ETTm2.csv");
        ForecastDataset ds = ForecastDataset.load(f, 6, 12);
        assertEquals(69680, ds.table().rows());
        ForecastSplits s = ds.splits();
        assertEquals(Layout.ETT_MINUTE, s.layout());
        assertEquals(List.of(0, 34560, 34554, 46080, 46074, 57600),
                List.of(s.trainStart(), s.trainEnd(), s.valStart(), s.valEnd(), s.testStart(), s.testEnd()));
        assertEquals(34560 - 6 - 12 + 1, ds.windows(Part.TRAIN).count());
        assertEquals(11520 - 12 + 1, ds.windows(Part.VAL).count());
        assertEquals(11520 - 12 + 1, ds.windows(Part.TEST).count());
        assertEquals(26.872426852797744, ds.scaler().mean(6), 1e-4);
        assertEquals(11.580746075971607, ds.scaler().std(6), 1e-4);
    }

    private static String customCsv(int rows, int cols) {
        StringBuilder sb = new StringBuilder("date");
        for (int c = 0; c < cols; c++) sb.append(",s").append(c);
        sb.append('\n');
        for (int r = 0; r < rows; r++) {
            sb.append("2020-01-01 ").append(r);
            for (int c = 0; c < cols; c++) sb.append(',').append(r * (c + 1)).append(".5");
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void customSplitFollowsDatasetCustom() throws IOException {
        Path f = dir.resolve("traffic.csv");
        Files.writeString(f, customCsv(101, 3));
        ForecastDataset ds = ForecastDataset.load(f, 6, 6);
        ForecastSplits s = ds.splits();
        assertEquals(Layout.CUSTOM, s.layout());
        // num_train = int(101*0.7) = 70, num_test = int(101*0.2) = 20, num_vali = 11
        assertEquals(List.of(0, 70, 64, 81, 75, 101),
                List.of(s.trainStart(), s.trainEnd(), s.valStart(), s.valEnd(), s.testStart(), s.testEnd()));
        assertEquals(70 - 11, ds.windows(Part.TRAIN).count());
        assertEquals(17 - 11, ds.windows(Part.VAL).count());
        assertEquals(26 - 11, ds.windows(Part.TEST).count());
        // column c holds r*(c+1)+0.5 over r in [0,70): mean (c+1)*34.5 + 0.5
        for (int c = 0; c < 3; c++) assertEquals((c + 1) * 34.5 + 0.5, ds.scaler().mean(c), 1e-9);
        float[][] w = ds.windows(Part.VAL).input(0);
        assertEquals((64.5 - 35.0) / ds.scaler().std(0), w[0][0], 1e-5);
    }

    @Test
    void explicitLayoutOverridesTheFileName() throws IOException {
        Path f = dir.resolve("ETTh9.csv");
        Files.writeString(f, customCsv(50, 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> ForecastDataset.load(f, 6, 6));
        assertTrue(e.getMessage().startsWith(f + ":51: too few rows"), e.getMessage());
        assertTrue(e.getMessage().contains("needs at least 14400"), e.getMessage());
        assertEquals(Layout.CUSTOM, ForecastDataset.load(f, Layout.CUSTOM, 2, 2).splits().layout());
    }

    // ---------------------------------------------------------------- malformed CSV

    private DataFormatException failsAt(String text, int line, String fragment) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, text);
        DataFormatException e = assertThrows(DataFormatException.class, () -> ForecastDataset.load(f, 6, 6));
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), () -> "message: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message: " + e.getMessage());
        return e;
    }

    @Test
    void badHeader() throws IOException {
        failsAt("", 1, "empty file");
        failsAt("time,a,b\n2020,1,2\n", 1, "first column must be 'date', found 'time'");
        failsAt("date\n2020\n", 1, "no numeric columns");
        failsAt("date,a,,b\n", 1, "column 3 has no name");
        failsAt("date,a,a\n", 1, "duplicate column 'a'");
    }

    @Test
    void wrongColumnCount() throws IOException {
        failsAt("date,a,b\n2020,1,2\n2021,1\n", 3, "expected 3 columns but found 2");
        failsAt("date,a,b\n2020,1,2\n\n2021,1,2,3\n", 4, "expected 3 columns but found 4");
    }

    @Test
    void unparseableNumber() throws IOException {
        failsAt("date,a,b\n2020,1,2\n2021,1,x\n", 3, "column 'b': cannot parse 'x'");
        failsAt("date,a,b\n2020,1,\n", 2, "column 'b': cannot parse ''");
        failsAt("date,a,b\n2020,NaN,1\n", 2, "column 'a': cannot parse 'NaN'");
        failsAt("date,a,b\n,1,1\n", 2, "empty date");
    }

    @Test
    void tooFewRows() throws IOException {
        failsAt("date,a,b\n", 1, "no data rows");
        // 20 rows, custom: train 14, val 2+6=8, test 4+6=10 < 12 rows needed for seqLen 6 + horizon 6
        failsAt(customCsv(20, 2), 21, "too few rows: the VAL part has 8 rows of 20, fewer than seqLen + horizon = 12");
    }

    @Test
    void missingFileNamesThePath() {
        Path f = dir.resolve("ETTh2.csv");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ForecastDataset.load(f, 6, 6));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
