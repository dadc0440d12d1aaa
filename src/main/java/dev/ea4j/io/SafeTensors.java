package dev.ea4j.io;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the raw data.
 * ea4j writes and reads F32 tensors; files are written atomically.
 */
public final class SafeTensors {

    /** One tensor: its shape and values. */
    public record Tensor(int[] shape, float[] data) {}

    private SafeTensors() {}

    /**
     * Writes {@code tensors} (in order) with string {@code metadata} (in key order, so that the same tensors and
     * metadata give the same bytes whatever map holds them) to {@code path}, atomically.
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            new TreeMap<>(metadata).forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            for (int s : e.getValue().shape()) shape.add(s);
            t.add("shape", shape);
            com.google.gson.JsonArray offsets = new com.google.gson.JsonArray();
            offsets.add(offset);
            offset += 4L * e.getValue().data().length;
            offsets.add(offset);
            t.add("data_offsets", offsets);
            header.add(e.getKey(), t);
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) buf.put((byte) ' ');
        for (Tensor t : tensors.values()) for (float f : t.data()) buf.putFloat(f);
        AtomicFiles.write(path, buf.array());
    }

    /** Reads every tensor of a safetensors file, checking the header, dtypes and offsets. */
    public static Map<String, Tensor> read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) throw bad(path, "file is shorter than the 8-byte header length");
        long headerLength = buf.getLong();
        if (headerLength < 2 || headerLength > bytes.length - 8) throw bad(path, "header length " + headerLength + " is out of range");
        JsonObject header;
        try {
            JsonElement parsed = JsonParser.parseString(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
            header = parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw bad(path, "header is not a JSON object (" + e.getMessage() + ")");
        }
        long dataStart = 8 + headerLength;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            JsonObject t = e.getValue().getAsJsonObject();
            if (!t.has("dtype") || !t.has("shape") || !t.has("data_offsets")) {
                throw bad(path, "tensor " + e.getKey() + " lacks dtype, shape or data_offsets");
            }
            String dtype = t.get("dtype").getAsString();
            if (!dtype.equals("F32")) throw bad(path, "tensor " + e.getKey() + " has dtype " + dtype + ", ea4j reads F32");
            int[] shape = new int[t.getAsJsonArray("shape").size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.getAsJsonArray("shape").get(i).getAsInt();
                count *= shape[i];
            }
            long begin = t.getAsJsonArray("data_offsets").get(0).getAsLong();
            long end = t.getAsJsonArray("data_offsets").get(1).getAsLong();
            if (end - begin != 4 * count || begin < 0 || dataStart + end > bytes.length) {
                throw bad(path, "tensor " + e.getKey() + " has offsets [" + begin + ", " + end + "] that do not match shape "
                        + java.util.Arrays.toString(shape) + " or the file size " + bytes.length);
            }
            float[] data = new float[(int) count];
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(data);
            out.put(e.getKey(), new Tensor(shape, data));
        }
        return out;
    }

    /** The {@code __metadata__} strings of a safetensors file. */
    public static Map<String, String> metadata(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, String> out = new LinkedHashMap<>();
        if (header.has("__metadata__")) {
            header.getAsJsonObject("__metadata__").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
        }
        return out;
    }

    private static IOException bad(Path path, String what) {
        return new FormatException(path + ": not a valid safetensors file: " + what);
    }

    /** A file that is not a valid F32 safetensors file. */
    public static final class FormatException extends IOException {
        FormatException(String message) {
            super(message);
        }
    }
}
