package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.io.Npy;
import dev.ea4j.io.NpyArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ea4j attention}: every kind of bad input exits 2 with one line on stderr and writes nothing. */
class AttentionCommandTest {

    @TempDir
    Path dir;

    private static final String[] OUTPUTS = {"y.npy", "dq.npy", "dk.npy", "dv.npy"};

    @BeforeEach
    void inputs() throws IOException {
        Random r = new Random(1);
        for (String n : new String[] {"q", "k", "v", "gy"}) save(n, r, 2, 5, 4);
        save("q2", r, 5, 4);
        save("k2", r, 5, 4);
        save("v2", r, 5, 4);
        save("kshape", r, 2, 5, 3);
        save("rank1", r, 20);
        save("l0", r, 0, 4);
        save("d0", r, 5, 0);
        float[] nan = random(r, 40);
        nan[13] = Float.NaN;
        Npy.write(dir.resolve("qnan.npy"), new NpyArray(nan, new int[] {2, 5, 4}));
        float[] inf = random(r, 40);
        inf[39] = Float.NEGATIVE_INFINITY;
        Npy.write(dir.resolve("vinf.npy"), new NpyArray(inf, new int[] {2, 5, 4}));
        Files.writeString(dir.resolve("text.npy"), "not a numpy file\n");
        Files.write(dir.resolve("f8.npy"), raw("<f8", "False", "(2, 5, 4)", 40 * 8));
        Files.write(dir.resolve("fortran.npy"), raw("<f4", "True", "(2, 5, 4)", 40 * 4));
        Files.write(dir.resolve("trunc.npy"), raw("<f4", "False", "(2, 5, 4)", 40 * 4 - 7));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("odd order", "order p = 3 is odd", "--order", "3"),
                bad("negative order", "negative", "--order", "-2"),
                bad("order zero", "p = 0", "--order", "0"),
                bad("order not a number", "--order", "--order", "six"),
                bad("mismatched k shape", "shape", "--k", "@kshape.npy"),
                bad("mismatched rank", "shape", "--k", "@k2.npy"),
                bad("NaN in q", "non-finite", "--q", "@qnan.npy"),
                bad("Inf in v", "non-finite", "--v", "@vinf.npy"),
                bad("missing q file", "no such file", "--q", "@missing.npy"),
                bad("q is a text file", "magic", "--q", "@text.npy"),
                bad("float64 q", "'<f8'", "--q", "@f8.npy"),
                bad("fortran order", "fortran_order", "--q", "@fortran.npy"),
                bad("truncated data", "truncated", "--v", "@trunc.npy"),
                bad("L = 0", "L = 0", "--q", "@l0.npy", "--k", "@l0.npy", "--v", "@l0.npy"),
                bad("D = 0", "D = 0", "--q", "@d0.npy", "--k", "@d0.npy", "--v", "@d0.npy"),
                bad("rank 1", "[L, D] or [B, L, D]", "--q", "@rank1.npy", "--k", "@rank1.npy", "--v", "@rank1.npy"),
                bad("heads not dividing D", "does not divide", "--softmax", "--heads", "3"),
                bad("zero heads", "H >= 1", "--softmax", "--heads", "0"),
                bad("heads without softmax", "--heads", "--heads", "2"),
                bad("order with exact", "--order", "--exact", "--order", "2"),
                bad("exact and softmax", "conflicting", "--exact", "--softmax"),
                bad("recurrent and exact", "conflicting", "--recurrent", "--exact"),
                bad("grad without dq dk dv", "missing --dq, --dk, --dv", "--grad", "@gy.npy"),
                bad("grad without dv", "missing --dv", "--grad", "@gy.npy", "--dq", "@dq.npy", "--dk", "@dk.npy"),
                bad("dq without grad", "need --grad", "--dq", "@dq.npy", "--dk", "@dk.npy", "--dv", "@dv.npy"),
                bad("grad with recurrent", "not available for --recurrent", "--recurrent", "--grad", "@gy.npy",
                        "--dq", "@dq.npy", "--dk", "@dk.npy", "--dv", "@dv.npy"),
                bad("NaN in grad", "non-finite", "--grad", "@qnan.npy", "--dq", "@dq.npy", "--dk", "@dk.npy",
                        "--dv", "@dv.npy"),
                bad("grad shape", "shape", "--grad", "@kshape.npy", "--dq", "@dq.npy", "--dk", "@dk.npy",
                        "--dv", "@dv.npy"),
                bad("same output twice", "same file", "--grad", "@gy.npy", "--dq", "@y.npy", "--dk", "@dk.npy",
                        "--dv", "@dv.npy"),
                bad("output folder missing", "does not exist", "--out", "@nowhere/y.npy"),
                bad("unknown option", "Unknown option", "--bogus"),
                bad("missing device, strict", "not present", "--device", "nosuch:7", "--strict"));
    }

    private static Arguments bad(String what, String expected, String... extra) {
        return Arguments.of(what, expected, extra);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputExitsTwoWithOneLineAndWritesNothing(String what, String expected, String[] extra) {
        // defaults, each replaced when the case gives the same option
        Map<String, String> base = new LinkedHashMap<>();
        base.put("--q", "@q.npy");
        base.put("--k", "@k.npy");
        base.put("--v", "@v.npy");
        base.put("--out", "@y.npy");
        base.put("--device", "java");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < extra.length; i++) {
            if (base.containsKey(extra[i]) && i + 1 < extra.length) base.put(extra[i], extra[++i]);
            else rest.add(extra[i]);
        }
        List<String> args = new ArrayList<>(List.of("attention"));
        base.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        args.addAll(rest);
        CliTestSupport.Run r = CliTestSupport.run(args.stream().map(this::resolve).toArray(String[]::new));
        assertEquals(2, r.code(), what + ": exit code; stderr: " + r.err());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), what + ": one line on stderr, got: " + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("ea4j: error: "), line);
        assertTrue(line.contains(expected), what + ": expected '" + expected + "' in: " + line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace: " + line);
        for (String o : OUTPUTS) assertFalse(Files.exists(dir.resolve(o)), what + ": " + o + " must not be written");
        assertNoTempFiles();
    }

    @Test
    void badInputLeavesAnExistingOutputUntouched() throws IOException {
        NpyArray before = new NpyArray(new float[] {1, 2, 3}, new int[] {1, 3});
        Npy.write(dir.resolve("y.npy"), before);
        CliTestSupport.Run r = CliTestSupport.run("attention", "--q", p("q.npy"), "--k", p("k.npy"), "--v",
                p("qnan.npy"), "--out", p("y.npy"), "--device", "java");
        assertEquals(2, r.code(), r.err());
        assertEquals(before, Npy.read(dir.resolve("y.npy")));
    }

    @Test
    void forwardKeepsTheInputRankAndNamesTheDevice() throws IOException {
        CliTestSupport.Run r = CliTestSupport.run("attention", "--q", p("q2.npy"), "--k", p("k2.npy"), "--v",
                p("v2.npy"), "--out", p("y.npy"), "--order", "2", "--causal", "--device", "java");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("ea4j: ran on java:0"), r.err());
        assertArrayEquals(new int[] {5, 4}, Npy.read(dir.resolve("y.npy")).shape());
        assertNoTempFiles();
    }

    @Test
    void gradientsAreWrittenWithTheInputShape() throws IOException {
        CliTestSupport.Run r = CliTestSupport.run("attention", "--q", p("q.npy"), "--k", p("k.npy"), "--v",
                p("v.npy"), "--out", p("y.npy"), "--grad", p("gy.npy"), "--dq", p("dq.npy"), "--dk", p("dk.npy"),
                "--dv", p("dv.npy"), "--device", "java");
        assertEquals(0, r.code(), r.err());
        for (String o : OUTPUTS) assertArrayEquals(new int[] {2, 5, 4}, Npy.read(dir.resolve(o)).shape(), o);
    }

    @Test
    void missingDeviceFallsBackLoudly() {
        CliTestSupport.Run r = CliTestSupport.run("attention", "--q", p("q.npy"), "--k", p("k.npy"), "--v",
                p("v.npy"), "--out", p("y.npy"), "--recurrent", "--device", "nosuch:7");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("WARNING") && r.err().contains("nosuch:7"), r.err());
        assertTrue(Files.exists(dir.resolve("y.npy")));
    }

    private void assertNoTempFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary files left");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String resolve(String a) {
        return a.startsWith("@") ? p(a.substring(1)) : a;
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private void save(String name, Random r, int... shape) throws IOException {
        int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        Npy.write(dir.resolve(name + ".npy"), new NpyArray(random(r, n), shape));
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    private static byte[] raw(String descr, String fortran, String shape, int dataBytes) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }
}
