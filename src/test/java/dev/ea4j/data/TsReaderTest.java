package dev.ea4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsReaderTest {

    private static final float EXACT = 0f;
    private static final float TOL = 1e-6f;

    @TempDir
    Path dir;

    private static String header(String... extra) {
        StringBuilder sb = new StringBuilder("#comment\n@problemName Toy Problem\n@timeStamps false\n@missing true\n"
                + "@univariate false\n@dimensions 2\n@equalLength false\n@classLabel true a b c\n@targetLabel false\n");
        for (String e : extra) sb.append(e).append('\n');
        return sb.append("@data\n").toString();
    }

    @Test
    void everyHeaderTagAndVariableLengths() throws IOException {
        String text = header() + "1,2,3:4,5,6:b\n# comment inside data\n\n.5,-.5:1e1,2E-1:a\n7:8:c\n";
        ClassificationDataset ds = TsReader.parse("toy.ts", text);
        assertEquals("Toy Problem", ds.name());
        assertEquals(3, ds.size());
        assertEquals(2, ds.dims());
        assertEquals(List.of("a", "b", "c"), ds.classNames());
        assertArrayEquals(new int[] {1, 0, 2}, ds.labels());
        assertEquals(1, ds.minLength());
        assertEquals(3, ds.maxLength());
        assertEquals(0, ds.imputedValues());
        assertArrayEquals(new float[] {1f, 4f}, ds.series().get(0)[0], EXACT);
        assertArrayEquals(new float[] {3f, 6f}, ds.series().get(0)[2], EXACT);
        assertArrayEquals(new float[] {0.5f, 10f}, ds.series().get(1)[0], EXACT);
        assertArrayEquals(new float[] {-0.5f, 0.2f}, ds.series().get(1)[1], EXACT);
        assertArrayEquals(new int[] {1, 1, 1}, ds.classCounts());
    }

    @Test
    void tagsAreCaseInsensitiveAndCrLfIsAccepted() throws IOException {
        String text = "@PROBLEMNAME x\r\n@Dimensions 1\r\n@EqualLength TRUE\r\n@SeriesLength 2\r\n"
                + "@CLASSLABEL True 1.0 2.0 \r\n@DATA\r\n1,2:2.0\r\n3,4:1.0\r\n";
        ClassificationDataset ds = TsReader.parse("crlf.ts", text);
        assertEquals(List.of("1.0", "2.0"), ds.classNames());
        assertArrayEquals(new int[] {1, 0}, ds.labels());
        assertEquals(2, ds.minLength());
        assertEquals(2, ds.maxLength());
    }

    @Test
    void univariateWithoutDimensionsAndInferredDimensions() throws IOException {
        ClassificationDataset u = TsReader.parse("u.ts", "@univariate true\n@classLabel true x\n@data\n1,2,3:x\n");
        assertEquals(1, u.dims());
        assertEquals(3, u.maxLength());
        ClassificationDataset inferred = TsReader.parse("i.ts", "@classLabel true x\n@data\n1:2:3:x\n4:5:6:x\n");
        assertEquals(3, inferred.dims());
        assertEquals("i", inferred.name(), "without @problemName the file stem names the set");
    }

    @Test
    void missingValuesAreInterpolatedAndCounted() throws IOException {
        // dim 1: 1,?,?,4 -> 1,2,3,4 ; dim 2: ?,2,NaN,? -> 2,2,2,2 (edges repeat, inner gap interpolates)
        String text = header() + "1,?,?,4:?,2,NaN,?:a\n?,?:?,5:b\n";
        ClassificationDataset ds = TsReader.parse("m.ts", text);
        float[][] x = ds.series().get(0);
        assertArrayEquals(new float[] {1, 2, 3, 4}, column(x, 0), TOL);
        assertArrayEquals(new float[] {2, 2, 2, 2}, column(x, 1), TOL);
        float[][] y = ds.series().get(1);
        assertArrayEquals(new float[] {0, 0}, column(y, 0), EXACT, "an all-missing dimension becomes 0");
        assertArrayEquals(new float[] {5, 5}, column(y, 1), EXACT);
        assertEquals(2 + 3 + 2 + 1, ds.imputedValues());
    }

    @Test
    void unequalDimensionLengthsArePaddedWithMissing() throws IOException {
        String text = header() + "1,2,3,4:10,20:a\n";
        ClassificationDataset ds = TsReader.parse("p.ts", text);
        float[][] x = ds.series().get(0);
        assertEquals(4, x.length);
        assertArrayEquals(new float[] {10, 20, 20, 20}, column(x, 1), EXACT);
        assertEquals(2, ds.imputedValues());
    }

    @Test
    void interpolationIsLinearInTime() {
        float[][] x = {{0f}, {Float.NaN}, {Float.NaN}, {Float.NaN}, {8f}, {Float.NaN}};
        assertEquals(4, MissingValues.impute(x));
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 8}, column(x, 0), TOL);
    }

    // ---------------------------------------------------------------- malformed input

    private DataFormatException failsAt(String text, int line, String fragment) throws IOException {
        Path f = dir.resolve("bad.ts");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        DataFormatException e = assertThrows(DataFormatException.class, () -> TsReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), () -> "message: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message: " + e.getMessage());
        assertEquals(line, e.line());
        assertEquals(f.toString(), e.source());
        return e;
    }

    @Test
    void unknownTag() throws IOException {
        failsAt("#c\n@problemName x\n@frobnicate yes\n@data\n", 3, "unknown header tag '@frobnicate'");
    }

    @Test
    void missingDataTag() throws IOException {
        failsAt("@problemName x\n@classLabel true a\n", 2, "without an @data tag");
        failsAt("", 1, "without an @data tag");
    }

    @Test
    void wrongNumberOfDimensions() throws IOException {
        failsAt(header() + "1,2:3,4:a\n1,2:a\n", 12, "expected 2 dimension(s) and a label");
        failsAt(header() + "1:2:3:a\n", 11, "but found 4 fields");
    }

    @Test
    void labelNotInHeader() throws IOException {
        failsAt(header() + "1:2:a\n\n1:2:z\n", 13, "label 'z' is not in the @classLabel list [a, b, c]");
    }

    @Test
    void unparseableNumbers() throws IOException {
        failsAt(header() + "1,2:3,x4:a\n", 11, "dimension 2, value 2: cannot parse 'x4'");
        failsAt(header() + "1,,2:3:a\n", 11, "cannot parse ''");
        failsAt(header() + "1f:3:a\n", 11, "cannot parse '1f'");
        failsAt(header() + "1e99:3:a\n", 11, "overflows float");
        failsAt(header() + "1:   :a\n", 11, "dimension 2 is empty");
    }

    @Test
    void otherHeaderProblems() throws IOException {
        failsAt("@dimensions two\n@data\n", 1, "needs a positive integer, found 'two'");
        failsAt("@missing maybe\n", 1, "needs true or false, found 'maybe'");
        failsAt("@dimensions 2\n@dimensions 2\n", 2, "duplicate tag @dimensions (first at line 1)");
        failsAt("@univariate true\n@dimensions 3\n", 2, "says 3 dimension(s) but an earlier tag says 1");
        failsAt("@timeStamps true\n", 1, "@timeStamps true");
        failsAt("@targetLabel true\n", 1, "regression");
        failsAt("@classLabel false\n", 1, "unlabelled");
        failsAt("@classLabel true\n", 1, "lists no class labels");
        failsAt("@classLabel true a a\n", 1, "listed twice");
        failsAt("@problemName x\n@data\n", 2, "@data before any @classLabel");
        failsAt("@classLabel true a\n1,2:a\n", 2, "expected a header tag");
        failsAt("@classLabel true a\n@data\n1:a\n@dimensions 1\n", 4, "after @data");
        failsAt("@classLabel true a\n@data\n\n", 3, "no data lines");
        failsAt("@classLabel true a\n@data\n1,2 3:a\n", 3, "cannot parse '2 3'");
        failsAt("@classLabel true a\n@data\n1,2,3\n", 3, "found no ':'");
    }

    @Test
    void equalLengthIsEnforced() throws IOException {
        failsAt("@dimensions 1\n@equalLength true\n@seriesLength 3\n@classLabel true a\n@data\n1,2,3:a\n1,2:a\n",
                7, "series length 2 but the header declares equal lengths of 3");
        failsAt("@dimensions 2\n@equalLength true\n@classLabel true a\n@data\n1,2:3:a\n", 5,
                "dimension 2 has 1 values");
    }

    @Test
    void missingFileNamesThePath() {
        Path f = dir.resolve("nope").resolve("Nope_TRAIN.ts");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TsReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void decimalSyntax() {
        for (String ok : new String[] {"1", "-1", "+1", ".5", "-.66", "3.", "3.0", "1e5", "1.5E-3", "0"}) {
            assertTrue(Numbers.isDecimal(ok), ok);
        }
        for (String bad : new String[] {"", ".", "-", "e5", "1e", "1f", "1d", "0x10", "Infinity", "NaN", "1 2", "1..2"}) {
            assertTrue(!Numbers.isDecimal(bad), bad);
        }
    }

    static float[] column(float[][] x, int d) {
        float[] c = new float[x.length];
        for (int t = 0; t < x.length; t++) c[t] = x[t][d];
        return c;
    }
}
