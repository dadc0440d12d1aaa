package dev.ea4j.data;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Finds and loads a {@link Task}'s files. Where it looks, in order:
 * <ol>
 *   <li>an explicit data dir ({@code --data-dir DIR}) when one is given, and nowhere else;</li>
 *   <li>otherwise, for {@link Task#JP}, the copy bundled in the jar ({@code /data/JapaneseVowels/}), whose
 *       sha256 is checked on every load;</li>
 *   <li>otherwise {@code ../shared/data} relative to the working directory, when that folder exists.</li>
 * </ol>
 * Under a data dir each file is tried at the paths of {@link Task#candidates()} (e.g.
 * {@code UEA/<Name>/<Name>_TRAIN.ts}, {@code <Name>/<Name>_TRAIN.ts}, {@code <Name>_TRAIN.ts};
 * {@code ETT-small/ETTh2.csv}, {@code ETTh2.csv}). When nothing is found the
 * {@link DataNotFoundException} lists every path tried.
 */
public final class DataSets {

    /** Resource folder of the bundled JapaneseVowels. */
    static final String BUNDLED_DIR = "/data/JapaneseVowels/";

    /** sha256 of the bundled files (see {@code LICENSE-NOTE.md} next to them). */
    static final Map<String, String> BUNDLED_SHA256 = Map.of(
            "JapaneseVowels_TRAIN.ts", "945e0cfdcabdb97567a43c24e18c00e513d797b1d9933f901ff0eae09221b036",
            "JapaneseVowels_TEST.ts", "42e602c944c93d71850b1f257d23b1d256e6022b6193b6e59aef2d9ca8921d52");

    private DataSets() {}

    /**
     * One located file: a path on disk, or a bundled resource with its expected sha256.
     *
     * @param name a name for messages: the path, or {@code classpath:/data/...}
     * @param path the file, or null for a resource
     * @param resource the resource name, or null for a file
     * @param sha256 the expected checksum of a resource, or null
     */
    public record DataFile(String name, Path path, String resource, String sha256) {

        /** The file's bytes; for a bundled resource, after checking its sha256. */
        public byte[] readAllBytes() throws IOException {
            if (path != null) return Files.readAllBytes(path);
            try (InputStream in = DataSets.class.getResourceAsStream(resource)) {
                if (in == null) throw new FileNotFoundException(name + ": bundled resource is missing");
                byte[] b = in.readAllBytes();
                verifySha256(name, b, sha256);
                return b;
            }
        }
    }

    /**
     * Where a task's files were found.
     *
     * @param task the task
     * @param origin a one-line description: the data dir, or the bundled copy
     * @param files TRAIN then TEST for classification; the CSV for forecasting
     */
    public record Located(Task task, String origin, List<DataFile> files) {}

    /** A classification task's TRAIN and TEST sets and where they came from. */
    public record ClassificationSplits(ClassificationDataset train, ClassificationDataset test, Located from) {}

    /** Locates {@code task}; {@code dataDir} may be null (defaults as in the class comment). */
    public static Located locate(Task task, Path dataDir) throws IOException {
        return locate(task, dataDir, Path.of("").toAbsolutePath());
    }

    /** As {@link #locate(Task, Path)}, resolving {@code ../shared/data} against {@code workDir}. */
    public static Located locate(Task task, Path dataDir, Path workDir) throws IOException {
        List<String> tried = new ArrayList<>();
        if (dataDir != null) {
            if (!Files.isDirectory(dataDir)) {
                tried.add(dataDir + " (no such folder)");
                throw notFound(task, tried);
            }
            Located l = search(task, dataDir, tried);
            if (l != null) return l;
            throw notFound(task, tried);
        }
        if (task == Task.JP) {
            List<DataFile> files = new ArrayList<>();
            for (String f : List.of("JapaneseVowels_TRAIN.ts", "JapaneseVowels_TEST.ts")) {
                String res = BUNDLED_DIR + f;
                if (DataSets.class.getResource(res) != null) {
                    files.add(new DataFile("classpath:" + res, null, res, BUNDLED_SHA256.get(f)));
                } else {
                    tried.add("classpath:" + res);
                }
            }
            if (files.size() == 2) {
                return new Located(task, "bundled copy (classpath:" + BUNDLED_DIR + ", sha256-checked)", files);
            }
        }
        Path shared = defaultDataDir(workDir);
        if (Files.isDirectory(shared)) {
            Located l = search(task, shared, tried);
            if (l != null) return l;
        } else {
            tried.add(shared + " (no such folder)");
        }
        throw notFound(task, tried);
    }

    /** The data folder used when no {@code --data-dir} is given: {@code ../shared/data} from {@code workDir}. */
    public static Path defaultDataDir(Path workDir) {
        return workDir.toAbsolutePath().resolve("..").resolve("shared").resolve("data").normalize();
    }

    /** Loads a classification task's TRAIN and TEST sets and checks that they agree on dims and classes. */
    public static ClassificationSplits loadClassification(Task task, Path dataDir) throws IOException {
        if (task.kind() != Task.Kind.CLASSIFICATION) throw new IllegalArgumentException(task + " is not a classification task");
        Located l = locate(task, dataDir);
        ClassificationDataset train = readTs(l.files().get(0));
        ClassificationDataset test = readTs(l.files().get(1));
        String testName = l.files().get(1).name();
        if (!test.classNames().equals(train.classNames())) {
            throw new DataFormatException(testName, "class list " + test.classNames() + " differs from TRAIN's "
                    + train.classNames());
        }
        if (test.dims() != train.dims()) {
            throw new DataFormatException(testName, test.dims() + " dimensions but TRAIN has " + train.dims());
        }
        return new ClassificationSplits(train, test, l);
    }

    /** Loads a forecasting task with TSLib's splits for its file name, scaled on the training rows. */
    public static ForecastDataset loadForecast(Task task, Path dataDir, int seqLen, int horizon) throws IOException {
        if (task.kind() != Task.Kind.FORECAST) throw new IllegalArgumentException(task + " is not a forecasting task");
        return ForecastDataset.load(locate(task, dataDir).files().get(0).path(), seqLen, horizon);
    }

    /** As {@link #loadForecast(Task, Path, int, int)} with {@code features} and target column {@code target}. */
    public static ForecastDataset loadForecast(Task task, Path dataDir, int seqLen, int horizon, Features features,
            String target) throws IOException {
        if (task.kind() != Task.Kind.FORECAST) throw new IllegalArgumentException(task + " is not a forecasting task");
        return ForecastDataset.load(locate(task, dataDir).files().get(0).path(), seqLen, horizon, features, target);
    }

    private static ClassificationDataset readTs(DataFile f) throws IOException {
        if (f.path() != null) return TsReader.read(f.path());
        byte[] b = f.readAllBytes();
        try (InputStreamReader r = new InputStreamReader(new ByteArrayInputStream(b), StandardCharsets.UTF_8)) {
            return TsReader.read(f.name(), r);
        }
    }

    private static Located search(Task task, Path dir, List<String> tried) {
        List<DataFile> files = new ArrayList<>();
        for (List<String> options : task.candidates()) {
            Path found = null;
            for (String rel : options) {
                Path p = dir.resolve(rel);
                if (Files.isRegularFile(p)) {
                    found = p;
                    break;
                }
                tried.add(p.toString());
            }
            if (found == null) return null;
            files.add(new DataFile(found.toString(), found, null, null));
        }
        return new Located(task, dir.toString(), files);
    }

    private static DataNotFoundException notFound(Task task, List<String> tried) {
        String hint = switch (task) {
            case SCP2 -> " SelfRegulationSCP2 is not in the shared data (no verified copy); pass --data-dir"
                    + " with your own UEA copy.";
            case TRAFFIC -> " Traffic is not in the shared data (size); pass --data-dir with your own traffic.csv.";
            default -> " Pass --data-dir DIR to point at your copy.";
        };
        return new DataNotFoundException("cannot find the files of task " + task + " (" + task.fileName()
                + "); tried: " + String.join(", ", tried) + "." + hint);
    }

    /** Throws a {@link DataFormatException} naming {@code source} when {@code bytes} do not hash to {@code expected}. */
    static void verifySha256(String source, byte[] bytes, String expected) throws DataFormatException {
        String got;
        try {
            got = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
        if (!got.equals(expected)) {
            throw new DataFormatException(source, "sha256 mismatch: expected " + expected + " but the file has " + got
                    + " (the bundled copy is damaged)");
        }
    }
}
