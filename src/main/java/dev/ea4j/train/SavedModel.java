package dev.ea4j.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ea4j.data.Standardizer;
import dev.ea4j.model.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model read back from a run's {@code best/} folder (or any folder written by
 * {@link Checkpoints#saveWeights}): weights verified by checksum, plus the input scaling and labels.
 *
 * @param model the model with its weights
 * @param kind {@code classification} or {@code forecast}
 * @param scaler the training-set standardisation of the inputs
 * @param names class names (classification) or column names (forecast)
 * @param horizon forecast steps (0 for classification)
 */
public record SavedModel(Model model, String kind, Standardizer scaler, List<String> names, int horizon) {

    /** Loads {@code dir}, naming the problem when a file is missing, corrupted or not an ea4j model. */
    public static SavedModel load(Path dir) throws IOException {
        Model model = Checkpoints.loadModel(dir);
        JsonObject info = Checkpoints.readInference(dir);
        String kind = info.get("kind").getAsString();
        List<String> names = new ArrayList<>();
        for (var e : info.getAsJsonArray(kind.equals("forecast") ? "columns" : "class_names")) names.add(e.getAsString());
        int horizon = kind.equals("forecast") ? info.get("horizon").getAsInt() : 0;
        return new SavedModel(model, kind, Standardizer.of(doubles(info.getAsJsonArray("mean")),
                doubles(info.getAsJsonArray("std"))), names, horizon);
    }

    private static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }
}
