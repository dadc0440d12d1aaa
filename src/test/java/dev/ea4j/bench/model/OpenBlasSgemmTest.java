package dev.ea4j.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenBlasSgemmTest {

    @TempDir
    Path dir;

    private OpenBlasSgemm runner(String body) throws IOException {
        Path script = dir.resolve("run-sgemm.sh");
        Files.writeString(script, body + "\n");
        return new OpenBlasSgemm(script, 1, 1);
    }

    @Test
    void missingPrerequisiteIsTheUsersToFixNotAnInternalError() throws IOException {
        OpenBlasSgemm s = runner("echo 'run-sgemm: error: cblas.h not found' >&2; exit 3");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> s.gflops("matmul", 4, 4, 4, 1));
        assertTrue(e.getMessage().contains("--no-blas"), e.getMessage());
    }

    @Test
    void anyOtherFailureStaysAnIoError() throws IOException {
        OpenBlasSgemm s = runner("exit 1");
        IOException e = assertThrows(IOException.class, () -> s.gflops("matmul", 4, 4, 4, 1));
        assertTrue(e.getMessage().contains("exit status 1"), e.getMessage());
    }

    @Test
    void parsesTheThreeLayouts() throws IOException {
        OpenBlasSgemm s = runner("echo '{\"config\": \"Zen\", "
                + "\"matmul\": {\"median_s\": 1e-3, \"min_s\": 1e-3, \"gflops\": 12.5}, "
                + "\"matmulTransposeB\": {\"median_s\": 1e-3, \"min_s\": 1e-3, \"gflops\": 7}, "
                + "\"matmulTransposeA\": {\"median_s\": 1e-3, \"min_s\": 1e-3, \"gflops\": 3.25}}'");
        assertEquals(12.5, s.gflops("matmul", 4, 4, 4, 1));
        assertEquals(3.25, s.gflops("matmulTransposeA", 4, 4, 4, 1));
        assertEquals("Zen", s.config());
    }
}
