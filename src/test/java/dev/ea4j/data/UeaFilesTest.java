package dev.ea4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real UEA files: the bundled JapaneseVowels always, SCP1 and UWave from ../shared/data when present. */
class UeaFilesTest {

    private static final List<String> DIGITS = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9");

    @Test
    void bundledJapaneseVowelsMatchesTheReadme() throws IOException {
        DataSets.ClassificationSplits s = DataSets.loadClassification(Task.JP, null);
        assertTrue(s.from().origin().startsWith("bundled copy"), s.from().origin());
        ClassificationDataset tr = s.train(), te = s.test();
        assertEquals("JapaneseVowels", tr.name());
        assertEquals(270, tr.size());
        assertEquals(370, te.size());
        assertEquals(12, tr.dims());
        assertEquals(12, te.dims());
        assertEquals(DIGITS, tr.classNames());
        assertEquals(7, tr.minLength());
        assertEquals(26, tr.maxLength());
        assertEquals(7, te.minLength());
        assertEquals(29, te.maxLength(), "TSLib seq_len = max over TRAIN and TEST = 29 (paper Table 2)");
        assertArrayEquals(new int[] {30, 30, 30, 30, 30, 30, 30, 30, 30}, tr.classCounts());
        assertArrayEquals(new int[] {31, 35, 88, 44, 29, 24, 40, 50, 29}, te.classCounts());
        assertEquals(0, tr.imputedValues());
        assertEquals(0, te.imputedValues());

        // the first value of the first case, read straight from the text of the first data line
        String text = new String(s.from().files().get(0).readAllBytes(), StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertEquals("@data", lines[14].strip());
        String firstDim = lines[15].split(":")[0];
        String[] v = firstDim.split(",");
        float[][] x0 = tr.series().get(0);
        assertEquals(v.length, x0.length);
        for (int t = 0; t < v.length; t++) assertEquals(Float.parseFloat(v[t]), x0[t][0], 0f);
        // sum of every value (python, double): TRAIN -1057.4523030000091 over 51288 values
        double sum = 0;
        long n = 0;
        for (float[][] x : tr.series()) for (float[] r : x) for (float f : r) { sum += f; n++; }
        assertEquals(51288, n);
        assertEquals(-1057.4523030000091, sum, 1e-3);

        StratifiedSplit split = StratifiedSplit.of(tr.labels(), 9, 0.2, 7);
        assertEquals(216, split.train().length);
        assertEquals(54, split.validation().length);
    }

    @Test
    void bundledCopyIsByteIdenticalToTheSharedOne() throws IOException {
        for (String f : List.of("JapaneseVowels_TRAIN.ts", "JapaneseVowels_TEST.ts")) {
            Path shared = SharedData.require("UEA/JapaneseVowels/" + f);
            DataSets.DataFile bundled = new DataSets.DataFile("classpath:" + DataSets.BUNDLED_DIR + f, null,
                    DataSets.BUNDLED_DIR + f, DataSets.BUNDLED_SHA256.get(f));
            assertArrayEquals(Files.readAllBytes(shared), bundled.readAllBytes(), f);
        }
    }

    @Test
    void selfRegulationScp1() throws IOException {
        SharedData.require("UEA/SelfRegulationSCP1/SelfRegulationSCP1_TRAIN.ts");
        DataSets.ClassificationSplits s = DataSets.loadClassification(Task.SCP1, SharedData.dir());
        ClassificationDataset tr = s.train(), te = s.test();
        assertEquals("SelfRegulationSCP1", tr.name());
        assertEquals(268, tr.size());
        assertEquals(293, te.size());
        assertEquals(6, tr.dims());
        assertEquals(896, tr.minLength());
        assertEquals(896, tr.maxLength());
        assertEquals(896, te.maxLength());
        assertEquals(List.of("negativity", "positivity"), tr.classNames(), "trailing space on @classLabel ignored");
        assertArrayEquals(new int[] {135, 133}, tr.classCounts());
        assertArrayEquals(new int[] {147, 146}, te.classCounts());
        assertEquals(0, tr.imputedValues() + te.imputedValues());
        // values written without a leading zero ('.69', '-.66') parse like the text says
        String line = dataLine(s.from().files().get(0).path(), 0);
        String[] v = line.split(":")[0].split(",");
        for (int t = 0; t < 20; t++) assertEquals(Float.parseFloat(v[t]), tr.series().get(0)[t][0], 0f);
    }

    @Test
    void uWaveGestureLibrary() throws IOException {
        SharedData.require("UEA/UWaveGestureLibrary/UWaveGestureLibrary_TRAIN.ts");
        DataSets.ClassificationSplits s = DataSets.loadClassification(Task.UWAVE, SharedData.dir());
        ClassificationDataset tr = s.train(), te = s.test();
        assertEquals(120, tr.size());
        assertEquals(320, te.size());
        assertEquals(3, tr.dims());
        assertEquals(315, tr.minLength());
        assertEquals(315, te.maxLength());
        assertEquals(List.of("1.0", "2.0", "3.0", "4.0", "5.0", "6.0", "7.0", "8.0"), tr.classNames());
        for (int c : tr.classCounts()) assertEquals(15, c);
        for (int c : te.classCounts()) assertEquals(40, c);
        // CRLF: the label of the last field must not keep the '\r'
        String line = dataLine(s.from().files().get(1).path(), 319);
        assertTrue(line.endsWith("\r"), "the file really has CRLF line endings");
        String[] dims = line.strip().split(":");
        assertEquals(dims[3], te.classNames().get(te.labels()[319]));
        String[] z = dims[2].split(",");
        assertEquals(Float.parseFloat(z[314]), te.series().get(319)[314][2], 0f);
    }

    /** The k-th (0-based) data line after {@code @data}, with its line terminator's '\r' kept. */
    private static String dataLine(Path f, int k) throws IOException {
        String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n");
        int i = 0;
        while (!lines[i].strip().equalsIgnoreCase("@data")) i++;
        return lines[i + 1 + k];
    }
}
