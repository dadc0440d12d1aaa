package dev.ea4j.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running the PyTorch twin as a subprocess (here a shell script standing in for the interpreter) and pairing its points with ea4j's. */
class TorchTwinTest {

    static final ModelPreset CPU = ModelPreset.named("cpu");
    static final Path SH = Path.of("/bin/sh");

    @Test
    void missingInterpreterIsSkippedLoudly(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path none = dir.resolve("no-python");
        TorchTwin.Outcome o = TorchTwin.run(none, dir.resolve("twin.py"), CPU, List.of("EA-2"), List.of(1024), 2, 1,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertTrue(o.points().isEmpty());
        assertTrue(o.skipped().contains(none.toString()), o.skipped());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("WARNING: PyTorch twin skipped"));
    }

    @Test
    void noTorchIsSkippedAndAFailureThrows(@TempDir Path dir) throws IOException {
        Path noTorch = Files.writeString(dir.resolve("no-torch.sh"), "exit 3\n");
        TorchTwin.Outcome o = TorchTwin.run(SH, noTorch, CPU, List.of("EA-2"), List.of(1024), 2, 1, quiet());
        assertTrue(o.points().isEmpty());
        assertTrue(o.skipped().contains("cannot import torch"), o.skipped());
        Path broken = Files.writeString(dir.resolve("broken.sh"), "exit 1\n");
        assertThrows(IOException.class, () -> TorchTwin.run(SH, broken, CPU, List.of("EA-2"), List.of(1024), 2, 1,
                quiet()));
    }

    @Test
    void parsesPointsPassesThePresetAndComparesWithEa4j(@TempDir Path dir) throws IOException {
        // echoes its arguments into the JSON so the test sees what the twin was asked for
        Path fake = Files.writeString(dir.resolve("twin.sh"), """
                echo "{\\"model\\": \\"EA-6\\", \\"L\\": 1024, \\"tokens_per_s\\": 2000.5, \\"torch\\": \\"1.13\\", \\"args\\": \\"$*\\"}"
                echo "{\\"model\\": \\"EA-2\\", \\"L\\": 4096, \\"tokens_per_s\\": 1000, \\"torch\\": \\"1.13\\"}"
                """);
        TorchTwin.Outcome o = TorchTwin.run(SH, fake, CPU, List.of("EA-6", "EA-2"), List.of(1024, 4096), 2, 7, quiet());
        assertEquals(2, o.points().size());
        TorchTwin.Point p = o.points().getFirst();
        assertEquals("EA-6", p.model());
        assertEquals(1024, p.length());
        assertEquals(2000.5, p.tokensPerS());
        for (String arg : List.of("--models EA-6,EA-2", "--lengths 1024,4096", "--layers 2", "--width 256",
                "--vocab 256", "--batch 1", "--warmup 3", "--repeats 5", "--threads 2", "--seed 7")) {
            assertTrue(p.json().contains(arg), arg + " not passed: " + p.json());
        }
        List<BenchRow> ea4j = List.of(
                new BenchRow("train", "EA-6", 1, 1024, 8001, 0.128, Double.NaN, 1, 1, -1, "median"),
                new BenchRow("decode", "EA-2", 1, 4096, 1, 1, Double.NaN, 1, 1, -1, "not a training row"));
        List<TorchTwin.Comparison> c = TorchTwin.compare(ea4j, o.points());
        assertEquals(8001 / 2000.5, c.get(0).ratio(), 1e-12);
        assertTrue(Double.isNaN(c.get(1).ea4j()), "EA-2 at 4096 has no ea4j training row");
        String md = TorchTwin.markdown(c);
        assertTrue(md.contains("| EA-6 | 1024 | 8001 | 2001 | 4.00 |"), md);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
