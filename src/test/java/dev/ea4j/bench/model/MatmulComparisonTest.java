package dev.ea4j.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training shapes of {@code ea4j bench matmul}, the OpenBLAS runner's parsing, and the command's input checks. */
class MatmulComparisonTest {

    @Test
    void shapesAreEveryLinearsThreeLayoutsOnce() {
        List<MatmulComparison.Shape> s = MatmulComparison.trainingShapes(ModelPreset.named("cpu"), List.of(1024, 4096),
                512);
        // D = 256, FFN 1024, head 256 -> 256 (the same shape as q, k, v, o): 3 shapes per layout and L, plus the square
        assertEquals(3 * (2 * 3 + 1), s.size());
        assertTrue(s.contains(new MatmulComparison.Shape("matmulTransposeB", "ffn up fwd", 4096, 1024, 256)));
        assertTrue(s.contains(new MatmulComparison.Shape("matmul", "ffn up dx", 4096, 256, 1024)));
        assertTrue(s.contains(new MatmulComparison.Shape("matmulTransposeA", "ffn up dW", 1024, 256, 4096)));
        assertTrue(s.contains(new MatmulComparison.Shape("matmulTransposeA", "square", 512, 512, 512)));
        assertEquals(2.0 * 4096 * 1024 * 256, s.get(1).flops() * 4);
    }

    @Test
    void ea4jIsCheckedAndTimed() {
        var shape = new MatmulComparison.Shape("matmulTransposeA", "odd", 37, 29, 70);
        var t = MatmulComparison.timeEa4j(shape, "cpu", 0, 3, 1);
        assertEquals(3, t.runs().length);
        assertTrue(t.median() > 0);
    }

    @Test
    void openBlasOutputIsParsedPerLayout(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("sgemm.sh"), """
                echo "{\\"bench\\": \\"sgemm\\", \\"config\\": \\"OpenBLAS test $OPENBLAS_NUM_THREADS\\", \\"variants\\": {\
                \\"matmul\\": {\\"median_s\\": 0.5, \\"min_s\\": 0.4, \\"gflops\\": 10.5}, \
                \\"matmulTransposeB\\": {\\"median_s\\": 0.5, \\"min_s\\": 0.4, \\"gflops\\": 20}, \
                \\"matmulTransposeA\\": {\\"median_s\\": 0.5, \\"min_s\\": 0.4, \\"gflops\\": 3e1}}}"
                """);
        OpenBlasSgemm blas = new OpenBlasSgemm(fake, 0, 1);
        assertEquals(10.5, blas.gflops("matmul", 4, 5, 6, 2));
        assertEquals(30, blas.gflops("matmulTransposeA", 4, 5, 6, 2));
        assertEquals("OpenBLAS test 2", blas.config());
        Path broken = Files.writeString(dir.resolve("broken.sh"), "echo nothing\n");
        assertThrows(IOException.class, () -> new OpenBlasSgemm(broken, 0, 1).gflops("matmul", 4, 5, 6, 1));
    }

    @Test
    void badInputIsExitTwo(@TempDir Path dir) {
        assertEquals(2, Main.run("bench", "matmul", "--repeats", "0", "--no-blas"));
        assertEquals(2, Main.run("bench", "matmul", "--lengths", "0", "--no-blas"));
        assertEquals(2, Main.run("bench", "matmul", "--preset", "tpu", "--no-blas"));
        assertEquals(2, Main.run("bench", "matmul", "--sgemm", dir.resolve("none.sh").toString()));
    }
}
