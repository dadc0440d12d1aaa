package dev.ea4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress on a terminal redraws one bar; elsewhere it writes one plain line per pass. */
class StepProgressTest {

    private static String render(boolean terminal, int steps) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8);
             StepProgress p = StepProgress.start(out, terminal, "EA-2  epoch 3/40", 4)) {
            for (int i = 1; i <= steps; i++) p.step(String.format("loss %.4f", 1.0 / i));
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offATerminalOnePlainLinePerPass() {
        String s = render(false, 4);
        assertFalse(s.contains("\r"), s);
        List<String> lines = s.lines().toList();
        assertEquals(1, lines.size(), s);
        assertTrue(lines.get(0).matches("EA-2  epoch 3/40: 4/4 steps, \\d+\\.\\d s, loss 0\\.2500"), lines.get(0));
    }

    @Test
    void anInterruptedPassSaysHowFarItGot() {
        String s = render(false, 2);
        assertTrue(s.startsWith("EA-2  epoch 3/40: 2/4 steps, ") && s.strip().endsWith("loss 0.5000"), s);
    }

    @Test
    void onATerminalABarRedrawnWithCarriageReturns() {
        String s = render(true, 4);
        assertTrue(s.contains("\r"), s);
        String last = s.substring(s.lastIndexOf('\r') + 1);
        assertTrue(last.contains("EA-2  epoch 3/40") && last.contains("4/4") && last.contains("loss 0.2500"), last);
    }

    @Test
    void onlyAStandardErrorOnATerminalGetsABar() {
        // a stream that is not System.err never gets a bar, whatever the console
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8);
             StepProgress p = StepProgress.start(out, "x", 1)) {
            p.step("done");
        }
        assertEquals("x: 1/1 steps", b.toString(StandardCharsets.UTF_8).substring(0, 12));
        // the test JVM's stderr is a pipe or file (surefire), not a terminal
        assertFalse(StepProgress.stderrIsTerminal());
    }
}
