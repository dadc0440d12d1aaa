package dev.ea4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.data.ForecastSplits.Part;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsTest {

    @TempDir
    Path dir;

    private static final String TS = "@problemName Tiny\n@dimensions 1\n@equalLength false\n@classLabel true a b\n"
            + "@data\n1,2,3:a\n4,5:b\n";

    private Path write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void taskNames() {
        assertEquals(Task.JP, Task.parse("jp"));
        assertEquals(Task.JP, Task.parse("JapaneseVowels"));
        assertEquals(Task.UWAVE, Task.parse("UWAVE"));
        assertEquals(Task.ETTM2, Task.parse("ettm2"));
        assertEquals(Task.TRAFFIC, Task.parse("traffic"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Task.parse("imagenet"));
        assertTrue(e.getMessage().contains("[jp, scp1, scp2, uwave, etth2, ettm2, traffic]"), e.getMessage());
    }

    @Test
    void explicitDataDirWinsAndAcceptsSeveralLayouts() throws IOException {
        write(dir, "UEA/JapaneseVowels/JapaneseVowels_TRAIN.ts", TS);
        write(dir, "UEA/JapaneseVowels/JapaneseVowels_TEST.ts", TS);
        DataSets.ClassificationSplits s = DataSets.loadClassification(Task.JP, dir);
        assertEquals("Tiny", s.train().name(), "an explicit data dir is used even for the bundled task");
        assertEquals(dir.toString(), s.from().origin());

        Path flat = dir.resolve("flat");
        write(flat, "SelfRegulationSCP2_TRAIN.ts", TS);
        write(flat, "SelfRegulationSCP2/SelfRegulationSCP2_TEST.ts", TS);
        DataSets.Located l = DataSets.locate(Task.SCP2, flat);
        assertEquals(flat.resolve("SelfRegulationSCP2_TRAIN.ts"), l.files().get(0).path());
        assertEquals(flat.resolve("SelfRegulationSCP2/SelfRegulationSCP2_TEST.ts"), l.files().get(1).path());
    }

    @Test
    void forecastFilesAndTraffic() throws IOException {
        StringBuilder csv = new StringBuilder("date,a,b,OT\n");
        for (int r = 0; r < 200; r++) csv.append("t").append(r).append(',').append(r).append(",1.5,").append(r % 7).append('\n');
        write(dir, "traffic.csv", csv.toString());
        ForecastDataset ds = DataSets.loadForecast(Task.TRAFFIC, dir, 6, 12);
        assertEquals(3, ds.channels());
        assertEquals(140 - 17, ds.windows(Part.TRAIN).count());
        write(dir, "ETTh2.csv", "date,a\n2020,1\n");
        assertEquals(dir.resolve("ETTh2.csv"), DataSets.locate(Task.ETTH2, dir).files().get(0).path());
    }

    @Test
    void notFoundListsEveryPathTried() {
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> DataSets.locate(Task.SCP2, dir));
        for (String rel : new String[] {"UEA/SelfRegulationSCP2/SelfRegulationSCP2_TRAIN.ts",
            "SelfRegulationSCP2/SelfRegulationSCP2_TRAIN.ts", "SelfRegulationSCP2_TRAIN.ts"}) {
            assertTrue(e.getMessage().contains(dir.resolve(rel).toString()), e.getMessage());
        }
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
        FileNotFoundException t = assertThrows(FileNotFoundException.class, () -> DataSets.locate(Task.ETTH2, dir));
        assertTrue(t.getMessage().contains(dir.resolve("ETT-small/ETTh2.csv").toString()), t.getMessage());
    }

    @Test
    void defaultFallsBackToSharedDataNextToTheWorkingDirectory() throws IOException {
        Path work = dir.resolve("project");
        Files.createDirectories(work);
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> DataSets.locate(Task.UWAVE, null, work));
        assertTrue(e.getMessage().contains(dir.resolve("shared/data") + " (no such folder)"), e.getMessage());
        write(dir, "shared/data/UEA/UWaveGestureLibrary/UWaveGestureLibrary_TRAIN.ts", TS);
        write(dir, "shared/data/UEA/UWaveGestureLibrary/UWaveGestureLibrary_TEST.ts", TS);
        DataSets.Located l = DataSets.locate(Task.UWAVE, null, work);
        assertEquals(dir.resolve("shared/data").toString(), l.origin());
        // JapaneseVowels comes from the jar even when ../shared/data exists
        assertTrue(DataSets.locate(Task.JP, null, work).origin().startsWith("bundled copy"));
    }

    @Test
    void trainAndTestMustAgree() throws IOException {
        write(dir, "UWaveGestureLibrary_TRAIN.ts", TS);
        write(dir, "UWaveGestureLibrary_TEST.ts", TS.replace("true a b", "true a b c"));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSets.loadClassification(Task.UWAVE, dir));
        assertTrue(e.getMessage().contains("UWaveGestureLibrary_TEST.ts: class list [a, b, c] differs"), e.getMessage());
    }

    @Test
    void checksumMismatchIsReported() throws DataFormatException {
        byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
        DataSets.verifySha256("x.ts", b, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSets.verifySha256("classpath:/data/x.ts", b, "00"));
        assertTrue(e.getMessage().startsWith("classpath:/data/x.ts: sha256 mismatch: expected 00"), e.getMessage());
    }
}
