package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CliErrorsTest {

    private static List<String> lines(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void badInputIsExitTwoOnOneLine() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int code = Cli.fail(new InvalidInputException("q has L = 0"), new PrintStream(b, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals(List.of("ea4j: error: q has L = 0"), lines(b));
    }

    @Test
    void internalErrorIsExitOneOnOneLineWithoutStackTrace() {
        Assumptions.assumeFalse("1".equals(System.getenv("EA4J_DEBUG")), "EA4J_DEBUG=1 prints stack traces");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int code = Cli.fail(new IllegalStateException("boom\nsecond line"), new PrintStream(b, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        List<String> l = lines(b);
        assertEquals(1, l.size(), l.toString());
        assertTrue(l.get(0).startsWith("ea4j: internal error: IllegalStateException: boom; second line"), l.get(0));
    }
}
