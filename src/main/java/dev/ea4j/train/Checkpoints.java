package dev.ea4j.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ea4j.io.AtomicFiles;
import dev.ea4j.io.SafeTensors;
import dev.ea4j.model.Model;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;

/**
 * Checkpoints: weights as safetensors plus a JSON file with the model config, the trainer state and the
 * SHA-256 of every data file. Data files carry the step in their name and the JSON is replaced last,
 * atomically, so a crash at any moment leaves the previous checkpoint intact; loading verifies the
 * checksums, shapes and dtype and names the problem.
 */
public final class Checkpoints {

    /** The JSON file of a checkpoint directory. */
    public static final String INDEX = "checkpoint.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private Checkpoints() {}

    /** Writes weights, AdamW moments and {@code state} into {@code dir}. */
    public static void save(Path dir, Model model, TrainerState state) throws IOException {
        Files.createDirectories(dir);
        Map<String, SafeTensors.Tensor> weights = new LinkedHashMap<>();
        Map<String, SafeTensors.Tensor> moments = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            weights.put(p.name(), new SafeTensors.Tensor(p.shape(), p.value()));
            moments.put(p.name() + ".m", new SafeTensors.Tensor(p.shape(), p.m()));
            moments.put(p.name() + ".v", new SafeTensors.Tensor(p.shape(), p.v()));
        }
        String weightFile = "model-" + state.step() + ".safetensors";
        String momentFile = "optimizer-" + state.step() + ".safetensors";
        SafeTensors.write(dir.resolve(weightFile), weights, Map.of("format", "pt", "producer", "ea4j"));
        SafeTensors.write(dir.resolve(momentFile), moments, Map.of("producer", "ea4j"));
        JsonObject index = new JsonObject();
        index.addProperty("format", "ea4j-checkpoint-1");
        index.add("model", GSON.toJsonTree(model.config()));
        index.add("state", GSON.toJsonTree(state));
        JsonObject files = new JsonObject();
        files.addProperty(weightFile, sha256(dir.resolve(weightFile)));
        files.addProperty(momentFile, sha256(dir.resolve(momentFile)));
        index.add("files", files);
        String previous = Files.exists(dir.resolve(INDEX)) ? Files.readString(dir.resolve(INDEX)) : null;
        AtomicFiles.write(dir.resolve(INDEX), GSON.toJson(index).getBytes(StandardCharsets.UTF_8));
        deleteStale(dir, previous, weightFile, momentFile);
    }

    /** Writes only the weights and config (the best model of a run, for inference). */
    public static void saveWeights(Path dir, Model model, Map<String, Double> metrics, Map<String, Object> inference)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, SafeTensors.Tensor> weights = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) weights.put(p.name(), new SafeTensors.Tensor(p.shape(), p.value()));
        SafeTensors.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt", "producer", "ea4j"));
        JsonObject index = new JsonObject();
        index.addProperty("format", "ea4j-model-1");
        index.add("model", GSON.toJsonTree(model.config()));
        index.add("metrics", GSON.toJsonTree(metrics));
        index.add("inference", GSON.toJsonTree(inference));
        JsonObject files = new JsonObject();
        files.addProperty("model.safetensors", sha256(dir.resolve("model.safetensors")));
        index.add("files", files);
        AtomicFiles.write(dir.resolve(INDEX), GSON.toJson(index).getBytes(StandardCharsets.UTF_8));
    }

    /** The inference information saved with a best model ({@code kind}, {@code mean}, {@code std}, ...). */
    public static JsonObject readInference(Path dir) throws IOException {
        JsonObject index = index(dir);
        if (!index.has("inference")) throw new CheckpointException(dir.resolve(INDEX) + " has no inference section");
        return index.getAsJsonObject("inference");
    }

    /** The model config stored in {@code dir}. */
    public static ModelConfig readConfig(Path dir) throws IOException {
        return parse(dir, index(dir), "model", ModelConfig.class);
    }

    /** The {@code key} section of {@code dir}'s index as a {@code type}; a malformed one is a {@link CheckpointException}. */
    private static <T> T parse(Path dir, JsonObject index, String key, Class<T> type) throws CheckpointException {
        try {
            T value = GSON.fromJson(index.get(key), type);
            if (value == null) throw new CheckpointException(dir.resolve(INDEX) + " has no " + key + " section");
            return value;
        } catch (RuntimeException e) { // Gson's parse errors, and a record constructor rejecting missing fields
            throw new CheckpointException(dir.resolve(INDEX) + ": invalid " + key + " section ("
                    + (e.getCause() != null ? e.getCause() : e).getMessage() + ")");
        }
    }

    /** Loads a saved model (weights only) from {@code dir}. */
    public static Model loadModel(Path dir) throws IOException {
        Model model = new Model(readConfig(dir), 0);
        JsonObject index = index(dir);
        for (Entry<String, com.google.gson.JsonElement> f : index.getAsJsonObject("files").entrySet()) {
            verify(dir, f.getKey(), f.getValue().getAsString());
        }
        String weightFile = index.getAsJsonObject("files").keySet().stream().filter(n -> n.startsWith("model"))
                .findFirst().orElseThrow(() -> new IOException(dir.resolve(INDEX) + " lists no model file"));
        copyInto(model, SafeTensors.read(dir.resolve(weightFile)), "", dir.resolve(weightFile), true);
        return model;
    }

    /** Loads weights, moments and the trainer state from {@code dir} into {@code model}, checking everything. */
    public static TrainerState load(Path dir, Model model) throws IOException {
        JsonObject index = index(dir);
        ModelConfig saved = parse(dir, index, "model", ModelConfig.class);
        if (!saved.equals(model.config())) {
            throw new CheckpointException(dir.resolve(INDEX) + ": the checkpoint's model " + saved
                    + " differs from this run's model " + model.config());
        }
        String weightFile = null, momentFile = null;
        for (Entry<String, com.google.gson.JsonElement> f : index.getAsJsonObject("files").entrySet()) {
            verify(dir, f.getKey(), f.getValue().getAsString());
            if (f.getKey().startsWith("model-")) weightFile = f.getKey();
            if (f.getKey().startsWith("optimizer-")) momentFile = f.getKey();
        }
        if (weightFile == null || momentFile == null) throw new CheckpointException(dir.resolve(INDEX) + " lists no weight or optimizer file");
        copyInto(model, SafeTensors.read(dir.resolve(weightFile)), "", dir.resolve(weightFile), true);
        Map<String, SafeTensors.Tensor> moments = SafeTensors.read(dir.resolve(momentFile));
        copyInto(model, moments, ".m", dir.resolve(momentFile), false);
        copyInto(model, moments, ".v", dir.resolve(momentFile), false);
        return parse(dir, index, "state", TrainerState.class);
    }

    private static JsonObject index(Path dir) throws IOException {
        Path file = dir.resolve(INDEX);
        if (!Files.isRegularFile(file)) throw new CheckpointException("no checkpoint at " + dir + " (missing " + INDEX + ")");
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            if (!o.has("model") || !o.has("files") || !o.get("files").isJsonObject()
                    || !o.getAsJsonObject("files").entrySet().stream().allMatch(e -> e.getValue().isJsonPrimitive())) {
                throw new CheckpointException(file + " is not an ea4j checkpoint index");
            }
            return o;
        } catch (JsonParseException | IllegalStateException e) {
            throw new CheckpointException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    private static void verify(Path dir, String name, String expected) throws IOException {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) throw new CheckpointException("checkpoint file " + f + " is missing");
        String actual = sha256(f);
        if (!actual.equals(expected)) {
            throw new CheckpointException("checkpoint file " + f + " is corrupted: sha256 " + actual + " does not match "
                    + expected + " recorded in " + INDEX);
        }
    }

    private static void copyInto(Model model, Map<String, SafeTensors.Tensor> tensors, String suffix, Path file,
                                 boolean values) throws IOException {
        for (Parameter p : model.parameters()) {
            SafeTensors.Tensor t = tensors.get(p.name() + suffix);
            if (t == null) throw new CheckpointException(file + ": tensor " + p.name() + suffix + " is missing");
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new CheckpointException(file + ": tensor " + p.name() + suffix + " has shape " + Arrays.toString(t.shape())
                        + ", the model needs " + Arrays.toString(p.shape()));
            }
            float[] dst = values ? p.value() : suffix.equals(".m") ? p.m() : p.v();
            System.arraycopy(t.data(), 0, dst, 0, dst.length);
        }
    }

    private static void deleteStale(Path dir, String previousIndex, String keepWeights, String keepMoments) throws IOException {
        if (previousIndex == null) return;
        try {
            JsonObject prev = JsonParser.parseString(previousIndex).getAsJsonObject();
            for (String name : prev.getAsJsonObject("files").keySet()) {
                if (!name.equals(keepWeights) && !name.equals(keepMoments)) Files.deleteIfExists(dir.resolve(name));
            }
        } catch (RuntimeException ignored) {
            // a previous index we cannot read leaves its files in place; nothing is lost
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
