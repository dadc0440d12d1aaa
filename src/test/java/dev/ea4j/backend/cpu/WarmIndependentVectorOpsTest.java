package dev.ea4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cpu twins give the same bits however warm the JIT is: no Vector API operation whose compiled form rounds
 * differently from its interpreted one. Transcendental lanewise ops (EXP, TANH, LOG, ...) call a native math
 * library once C2 intrinsifies them, and a float ADD or MUL reduction changes its order; either made training on cpu
 * differ in the last bits from run to run. Use {@link CpuVectorMath#exp}, {@link CpuVectorMath#tanh} and
 * {@link LaneSums#sum} instead.
 */
class WarmIndependentVectorOpsTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/ea4j/backend/cpu");
    private static final Pattern WARM_DEPENDENT = Pattern.compile(
            "VectorOperators\\.(EXP|EXPM1|LOG|LOG1P|LOG10|TANH|SINH|COSH|SIN|COS|TAN|ASIN|ACOS|ATAN|ATAN2|POW|HYPOT"
                    + "|CBRT)\\b|reduceLanes\\(\\s*VectorOperators\\.(ADD|MUL)\\s*\\)");

    @Test
    void cpuTwinsUseNoWarmDependentVectorOperation() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty(), "no sources under " + SOURCES.toAbsolutePath());
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).strip();
                if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) continue;
                if (WARM_DEPENDENT.matcher(code).find()) found.add(SOURCES.relativize(f) + ":" + (i + 1) + ": " + code);
            }
        }
        assertEquals(List.of(), found);
    }
}
