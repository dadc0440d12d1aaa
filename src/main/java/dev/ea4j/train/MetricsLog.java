package dev.ea4j.train;

import com.google.gson.Gson;
import dev.ea4j.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** metrics.jsonl of a run: one JSON object per epoch, the whole file replaced atomically on every append. */
final class MetricsLog {

    private static final Gson GSON = new Gson();

    private final Path file;

    MetricsLog(Path file) {
        this.file = file;
    }

    /** Keeps only the first {@code epochs} rows (on resume, rows after the checkpoint are dropped). */
    void truncate(int epochs) throws IOException {
        if (!Files.exists(file)) return;
        StringBuilder kept = new StringBuilder();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || n >= epochs) continue;
            kept.append(line).append('\n');
            n++;
        }
        AtomicFiles.write(file, kept.toString().getBytes(StandardCharsets.UTF_8));
    }

    void append(Map<String, Object> row) throws IOException {
        String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        AtomicFiles.write(file, (old + GSON.toJson(row) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
