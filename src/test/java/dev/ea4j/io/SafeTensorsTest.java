package dev.ea4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** safetensors files: a round trip, the same bytes for the same content, and a clear error for a damaged file. */
class SafeTensorsTest {

    @TempDir
    Path dir;

    private static Map<String, SafeTensors.Tensor> tensors() {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("w", new SafeTensors.Tensor(new int[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f}));
        t.put("b", new SafeTensors.Tensor(new int[] {3}, new float[] {0.25f, 7, -9}));
        return t;
    }

    private static Map<String, String> metadata(List<String> keys) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : keys) m.put(k, "value of " + k);
        return m;
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, tensors(), metadata(List.of("format", "producer")));
        Map<String, SafeTensors.Tensor> back = SafeTensors.read(f);
        assertEquals(List.of("w", "b"), List.copyOf(back.keySet()));
        for (String name : back.keySet()) {
            assertArrayEquals(tensors().get(name).shape(), back.get(name).shape(), name);
            assertArrayEquals(tensors().get(name).data(), back.get(name).data(), name);
        }
        assertEquals(metadata(List.of("format", "producer")), SafeTensors.metadata(f));
    }

    @Test
    void sameContentGivesTheSameBytesWhateverTheMetadataOrder() throws IOException {
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors");
        SafeTensors.write(a, tensors(), metadata(List.of("producer", "format", "commit")));
        SafeTensors.write(b, tensors(), metadata(List.of("commit", "format", "producer")));
        assertTrue(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
    }

    @Test
    void aTruncatedFileIsRefusedWithItsReason() throws IOException {
        Path f = dir.resolve("t.safetensors");
        SafeTensors.write(f, tensors(), Map.of());
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 4));
        SafeTensors.FormatException e = assertThrows(SafeTensors.FormatException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains("do not match shape"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
