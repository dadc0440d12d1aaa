package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.api.InvalidInputException;
import dev.ea4j.data.DataNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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

    @Test
    void userCausedFileConditionsAreExitTwoOnOneLine() {
        Object[][] cases = {
                {new DataNotFoundException("cannot find the files of task scp1 (SelfRegulationSCP1); tried: /d/x.ts."),
                        "ea4j: error: cannot find the files of task scp1 (SelfRegulationSCP1); tried: /d/x.ts."},
                {new FileSystemException("/r/file/sub", null, "Not a directory"), "ea4j: error: /r/file/sub: Not a directory"},
                {new NotDirectoryException("/r/f"), "ea4j: error: /r/f: not a folder"},
                {new FileAlreadyExistsException("/r/f"), "ea4j: error: /r/f: exists and is not a folder"},
                {new NoSuchFileException("/no/such"), "ea4j: error: /no/such: no such file"},
                {new NoSuchFileException(System.getProperty("java.io.tmpdir")),
                        "ea4j: error: " + System.getProperty("java.io.tmpdir") + ": a folder, not a file"}};
        for (Object[] c : cases) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int code = Cli.fail((Throwable) c[0], new PrintStream(b, true, StandardCharsets.UTF_8));
            assertEquals(2, code, c[1].toString());
            assertEquals(List.of(c[1]), lines(b));
        }
    }

    @Test
    void aFileNotFoundOutsideTheDataSearchIsStillAnInternalError() {
        Assumptions.assumeFalse("1".equals(System.getenv("EA4J_DEBUG")), "EA4J_DEBUG=1 prints stack traces");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int code = Cli.fail(new FileNotFoundException("classpath:/data/x: bundled resource is missing"),
                new PrintStream(b, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(lines(b).get(0).startsWith("ea4j: internal error: FileNotFoundException"), lines(b).toString());
    }
}
