package dev.ea4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files holding little-endian float32 arrays ({@code '<f4'}, C order),
 * format versions 1.0, 2.0 and 3.0. Anything else (another dtype, {@code fortran_order: True}, a bad magic
 * string, a truncated or over-long data section) is rejected with an {@link NpyFormatException} whose
 * one-line message names the file and the problem. Writes are atomic: a temporary file in the target's
 * folder is moved over the target.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Header blocks are padded to this many bytes (numpy 1.x and 2.x use 64). */
    private static final int ALIGN = 64;

    private Npy() {}

    /** Reads a float32 array from {@code file}. */
    public static NpyArray read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        if (Files.isDirectory(file)) throw new NpyFormatException(file + ": is a directory, not a .npy file");
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            // preamble: magic (6), version (2), header length (2 for v1, 4 for v2/v3)
            byte[] pre = in.readNBytes(10);
            if (pre.length < 8 || !startsWithMagic(pre)) {
                throw new NpyFormatException(file + ": not a .npy file (bad magic string)");
            }
            int major = pre[6] & 0xff, minor = pre[7] & 0xff;
            if (major < 1 || major > 3) {
                throw new NpyFormatException(file + ": unsupported .npy format version " + major + "." + minor);
            }
            if (pre.length < 10) throw new NpyFormatException(file + ": truncated .npy header");
            long headerLen;
            int preLen;
            if (major == 1) {
                headerLen = (pre[8] & 0xff) | ((pre[9] & 0xff) << 8);
                preLen = 10;
            } else {
                byte[] more = in.readNBytes(2);
                if (more.length < 2) throw new NpyFormatException(file + ": truncated .npy header");
                headerLen = ByteBuffer.wrap(new byte[] {pre[8], pre[9], more[0], more[1]})
                        .order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
                preLen = 12;
            }
            if (headerLen > size - preLen) throw new NpyFormatException(file + ": truncated .npy header");
            byte[] hb = in.readNBytes((int) headerLen);
            String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            int[] shape = parseHeader(file, header);
            long count = 1;
            for (int s : shape) count *= s;
            long expected = count * 4;
            long available = size - preLen - headerLen;
            if (available < expected) {
                throw new NpyFormatException(file + ": truncated data: shape " + NpyArray.shapeString(shape)
                        + " needs " + expected + " bytes but the file holds " + available);
            }
            if (available > expected) {
                throw new NpyFormatException(file + ": " + (available - expected)
                        + " unexpected bytes after the data of shape " + NpyArray.shapeString(shape));
            }
            float[] data = new float[(int) count];
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            int done = 0;
            byte[] chunk = new byte[1 << 16];
            while (done < count) {
                int want = (int) Math.min(chunk.length, (count - done) * 4);
                int got = in.readNBytes(chunk, 0, want);
                if (got < want) throw new NpyFormatException(file + ": truncated data (file changed while reading)");
                buf.clear();
                buf.put(chunk, 0, got).flip();
                buf.asFloatBuffer().get(data, done, got / 4);
                done += got / 4;
            }
            return new NpyArray(data, shape);
        }
    }

    /** Writes {@code array} to {@code file} atomically (version 1.0, or 2.0 for a very long header). */
    public static void write(Path file, NpyArray array) throws IOException {
        Map<Path, NpyArray> one = new LinkedHashMap<>();
        one.put(file, array);
        writeAll(one);
    }

    /**
     * Writes several arrays, each atomically: all are first written to temporary files, and only when every
     * one of them is complete are they moved into place. On failure the temporary files are removed.
     */
    public static void writeAll(Map<Path, NpyArray> files) throws IOException {
        List<Path[]> moves = new ArrayList<>();
        try {
            for (Map.Entry<Path, NpyArray> e : files.entrySet()) {
                Path target = e.getKey().toAbsolutePath();
                Path tmp = AtomicFiles.temporarySibling(target);
                moves.add(new Path[] {tmp, target});
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    writeTo(out, e.getValue());
                }
            }
            for (Path[] m : moves) AtomicFiles.moveIntoPlace(m[0], m[1]);
        } finally {
            for (Path[] m : moves) Files.deleteIfExists(m[0]);
        }
    }

    /** Writes the bytes of a {@code .npy} file for {@code array} to {@code out}. */
    public static void writeTo(OutputStream out, NpyArray array) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + array.shapeString() + ", }";
        int major = 1;
        int preLen = 10;
        int total = padded(preLen + dict.length() + 1);
        if (total - preLen > 0xffff) {
            major = 2;
            preLen = 12;
            total = padded(preLen + dict.length() + 1);
        }
        int headerLen = total - preLen;
        ByteBuffer head = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) head.putShort((short) headerLen);
        else head.putInt(headerLen);
        head.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (head.position() < total - 1) head.put((byte) ' ');
        head.put((byte) '\n');
        out.write(head.array());
        float[] data = array.data();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            buf.clear();
            int n = Math.min(data.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(data, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    private static int padded(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    private static boolean startsWithMagic(byte[] b) {
        for (int i = 0; i < MAGIC.length; i++) if (b[i] != MAGIC[i]) return false;
        return true;
    }

    private static int[] parseHeader(Path file, String header) throws NpyFormatException {
        String h = header.strip();
        if (!h.startsWith("{") || !h.endsWith("}")) {
            throw new NpyFormatException(file + ": malformed .npy header (not a dict): " + oneLine(h));
        }
        Matcher d = DESCR.matcher(h);
        if (!d.find()) throw new NpyFormatException(file + ": malformed .npy header (no 'descr')");
        String descr = d.group(1);
        if (!descr.equals("<f4")) {
            throw new NpyFormatException(file + ": dtype '" + descr + "' is not supported; ea4j reads float32 '<f4'"
                    + " only (use array.astype('<f4'))");
        }
        Matcher f = FORTRAN.matcher(h);
        if (!f.find()) throw new NpyFormatException(file + ": malformed .npy header (no 'fortran_order')");
        if (f.group(1).equals("True")) {
            throw new NpyFormatException(file + ": fortran_order arrays are not supported; save a C-order array"
                    + " (np.ascontiguousarray)");
        }
        Matcher s = SHAPE.matcher(h);
        if (!s.find()) throw new NpyFormatException(file + ": malformed .npy header (no 'shape')");
        String[] parts = s.group(1).split(",");
        List<Integer> dims = new ArrayList<>();
        long count = 1;
        for (String part : parts) {
            String t = part.strip();
            if (t.isEmpty()) continue;
            if (t.endsWith("L")) t = t.substring(0, t.length() - 1);
            long v;
            try {
                v = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new NpyFormatException(file + ": malformed shape (" + s.group(1) + ") in .npy header");
            }
            if (v < 0) throw new NpyFormatException(file + ": negative dimension in shape (" + s.group(1) + ")");
            if (v > Integer.MAX_VALUE) throw new NpyFormatException(file + ": dimension " + v + " is too large");
            count *= Math.max(v, 1);
            if (count > Integer.MAX_VALUE - 8) {
                throw new NpyFormatException(file + ": array of shape (" + s.group(1) + ") is too large (over 2^31 elements)");
            }
            dims.add((int) v);
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i);
        return shape;
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}
