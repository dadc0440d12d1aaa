package dev.ea4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = i * 0.25f - 3f;
        return a;
    }

    @Test
    void roundTripRank2AndRank3() throws IOException {
        for (int[] shape : new int[][] {{7, 5}, {2, 3, 4}, {1, 1, 1}, {5}, {}}) {
            int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            NpyArray a = new NpyArray(ramp(n), shape);
            Path f = dir.resolve("a" + shape.length + ".npy");
            Npy.write(f, a);
            NpyArray b = Npy.read(f);
            assertArrayEquals(shape, b.shape());
            assertArrayEquals(a.data(), b.data());
            assertEquals(0, (Files.size(f) - 4L * n) % 64, "header padded to 64 bytes");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        Path f = dir.resolve("y.npy");
        Npy.write(f, new NpyArray(ramp(6), new int[] {2, 3}));
        Npy.write(f, new NpyArray(new float[] {1, 2}, new int[] {1, 2}));
        assertArrayEquals(new float[] {1, 2}, Npy.read(f).data());
    }

    @Test
    void readsVersion2And3Headers() throws IOException {
        float[] data = ramp(12);
        for (int major : new int[] {2, 3}) {
            Path f = dir.resolve("v" + major + ".npy");
            Files.write(f, file(major, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", data));
            NpyArray a = Npy.read(f);
            assertArrayEquals(new int[] {3, 4}, a.shape());
            assertArrayEquals(data, a.data());
        }
    }

    @Test
    void readsWhatNumpyWrites() throws IOException {
        // numpy 2.x: version 1.0, 64-byte aligned, key order descr/fortran_order/shape, trailing ", }"
        Path f = dir.resolve("np.npy");
        Files.write(f, file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 3), }", ramp(6)));
        assertArrayEquals(new int[] {2, 1, 3}, Npy.read(f).shape());
    }

    @Test
    void rejectsOtherDtypes() throws IOException {
        for (String d : new String[] {"<f8", ">f4", "|u1", "<i4", "<f2"}) {
            Path f = dir.resolve("d.npy");
            Files.write(f, file(1, "{'descr': '" + d + "', 'fortran_order': False, 'shape': (2,), }", ramp(2)));
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
            assertTrue(e.getMessage().contains(d) && e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void rejectsFortranOrder() throws IOException {
        Path f = dir.resolve("f.npy");
        Files.write(f, file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", ramp(6)));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("fortran_order"), e.getMessage());
    }

    @Test
    void rejectsTruncatedAndOverlongData() throws IOException {
        byte[] good = file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", ramp(6));
        Path f = dir.resolve("t.npy");
        Files.write(f, Arrays.copyOf(good, good.length - 3));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(f, Arrays.copyOf(good, good.length + 4));
        e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("unexpected bytes"), e.getMessage());
        Files.write(f, Arrays.copyOf(good, 20));
        e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsBadMagicEmptyFilesAndMissingFiles() throws IOException {
        Path f = dir.resolve("m.npy");
        Files.writeString(f, "a,b,c\n1,2,3\n");
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        Files.write(f, new byte[0]);
        assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertThrows(NoSuchFileException.class, () -> Npy.read(dir.resolve("missing.npy")));
    }

    @Test
    void rejectsMalformedHeaders() throws IOException {
        Path f = dir.resolve("h.npy");
        Files.write(f, file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", ramp(2)));
        assertThrows(NpyFormatException.class, () -> Npy.read(f));
        Files.write(f, file(1, "{'descr': '<f4', 'shape': (2,), }", ramp(2)));
        assertThrows(NpyFormatException.class, () -> Npy.read(f));
        Files.write(f, file(9, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", ramp(2)));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void recordChecksShape() {
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(new float[5], new int[] {2, 3}));
        assertEquals("(5,)", NpyArray.shapeString(new int[] {5}));
        assertEquals("(2, 3)", NpyArray.shapeString(new int[] {2, 3}));
    }

    /** Bytes of a .npy file of format {@code major} with header dict {@code dict} (padded) and {@code data}. */
    static byte[] file(int major, String dict, float[] data) {
        int pre = major == 1 ? 10 : 12;
        int total = (pre + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) b.putShort((short) (total - pre));
        else b.putInt(total - pre);
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        for (float x : data) b.putFloat(x);
        return b.array();
    }

    @Test
    void writeToMatchesNumpyLayout() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeTo(out, new NpyArray(ramp(6), new int[] {2, 3}));
        byte[] expected = file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", ramp(6));
        assertArrayEquals(expected, out.toByteArray());
    }
}
