package dev.ea4j.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/examples/TornadoVmWithEa4jKernels.java compiles against ea4j and runs on TornadoVM's default device. */
class TornadoExampleTest {

    @BeforeAll
    static void needsTornado() {
        TornadoTestSupport.requireTornado("TornadoExampleTest");
    }

    @Test
    void theExampleCompilesAndAgreesWithJava(@TempDir Path out) throws Exception {
        Path source = Path.of("docs/examples/TornadoVmWithEa4jKernels.java");
        assertTrue(Files.isRegularFile(source), "missing " + source.toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int rc = javac.run(null, null, diagnostics, "-g", "-cp", classPath,
                "-d", out.toString(), source.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("TornadoVmWithEa4jKernels").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("max |tornado - java| = ")), lines.toString());
    }
}
