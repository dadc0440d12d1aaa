package dev.ea4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a UEA/sktime {@code .ts} classification file into a {@link ClassificationDataset}.
 *
 * <p>Header tags, case-insensitive, each at most once, before {@code @data}: {@code @problemName},
 * {@code @timeStamps false}, {@code @missing}, {@code @univariate}, {@code @dimensions},
 * {@code @equalLength}, {@code @seriesLength}, {@code @classLabel true <labels...>}, {@code @targetLabel false},
 * {@code @data}. Lines starting with {@code #} and blank lines are skipped anywhere. Each data line is
 * {@code v,v,...:v,v,...:...:label} (one colon-separated field per dimension, then the label). Values are
 * decimal numbers ({@code .69}, {@code -1e-3}); {@code ?} and {@code NaN} mark a missing value. Dimensions of
 * one case may differ in length unless {@code @equalLength true}: the shorter ones are padded with missing
 * values. Missing values are then imputed by {@link MissingValues#impute} and counted.
 *
 * <p>Not supported, and rejected with a clear message: {@code @timeStamps true}, {@code @classLabel false}
 * (unlabelled files) and {@code @targetLabel true} (regression files). Every problem raises a
 * {@link DataFormatException} naming the file and the 1-based line.
 */
public final class TsReader {

    private TsReader() {}

    /** Reads {@code file} (UTF-8); a missing file raises {@link NoSuchFileException} naming the path. */
    public static ClassificationDataset read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such .ts file");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), r);
        }
    }

    /** Parses {@code text}; {@code source} names it in error messages. */
    public static ClassificationDataset parse(String source, String text) throws DataFormatException {
        try {
            return read(source, new StringReader(text));
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
    }

    /** Reads from {@code in} (not closed); {@code source} names it in error messages. */
    public static ClassificationDataset read(String source, Reader in) throws IOException {
        return new Parser(source).run(in instanceof BufferedReader b ? b : new BufferedReader(in));
    }

    /** One parse: header state, then the cases. */
    private static final class Parser {
        private final String source;
        private final Map<String, Integer> seen = new HashMap<>();
        private String problemName;
        private int dims = -1;
        private Boolean univariate;
        private Boolean equalLength;
        private int seriesLength = -1;
        private List<String> classNames;
        private final Map<String, Integer> classIndex = new HashMap<>();
        private int line;

        Parser(String source) {
            this.source = source;
        }

        private DataFormatException error(String problem) {
            return new DataFormatException(source, Math.max(line, 1), problem);
        }

        ClassificationDataset run(BufferedReader in) throws IOException {
            boolean inData = false;
            List<float[][]> series = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            long imputed = 0;
            int firstLength = -1;
            String raw;
            while ((raw = in.readLine()) != null) {
                line++;
                if (line == 1 && raw.startsWith("\uFEFF")) raw = raw.substring(1);
                String s = raw.strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                if (!inData) {
                    if (!s.startsWith("@")) throw error("expected a header tag (@...) or @data before data, found '"
                            + abbreviate(s) + "'");
                    inData = header(s);
                    continue;
                }
                if (s.startsWith("@")) throw error("header tag '" + abbreviate(s) + "' after @data");
                float[][] x = dataLine(s, labels);
                if (Boolean.TRUE.equals(equalLength)) {
                    int expected = seriesLength > 0 ? seriesLength : (firstLength < 0 ? x.length : firstLength);
                    if (x.length != expected) {
                        throw error("series length " + x.length + " but the header declares equal lengths of "
                                + expected);
                    }
                }
                if (firstLength < 0) firstLength = x.length;
                imputed += MissingValues.impute(x);
                series.add(x);
            }
            if (!inData) throw error("end of file without an @data tag");
            if (series.isEmpty()) throw error("end of file: no data lines after @data");
            int[] l = new int[labels.size()];
            for (int i = 0; i < l.length; i++) l[i] = labels.get(i);
            String name = problemName != null ? problemName : stem(source);
            return ClassificationDataset.of(name, series, l, classNames, dims, imputed);
        }

        /** Handles one header line; returns true at {@code @data}. */
        private boolean header(String s) throws DataFormatException {
            String[] tok = s.split("\\s+");
            String tag = tok[0].toLowerCase(Locale.ROOT);
            Integer before = seen.put(tag, line);
            if (before != null) throw error("duplicate tag " + tok[0] + " (first at line " + before + ")");
            switch (tag) {
                case "@problemname" -> {
                    if (tok.length < 2) throw error("@problemName needs a name");
                    problemName = s.substring(tok[0].length()).strip();
                }
                case "@timestamps" -> {
                    if (bool(tok)) throw error("@timeStamps true (time-stamped values) is not supported");
                }
                case "@missing" -> bool(tok); // '?' values are accepted either way
                case "@univariate" -> {
                    univariate = bool(tok);
                    if (univariate) setDims(1, "@univariate true");
                }
                case "@dimensions" -> setDims(positiveInt(tok), "@dimensions");
                case "@equallength" -> equalLength = bool(tok);
                case "@serieslength" -> seriesLength = positiveInt(tok);
                case "@classlabel" -> {
                    if (tok.length < 2) throw error("@classLabel needs true or false");
                    boolean has = parseBool(tok[1], tok[0]);
                    if (!has) throw error("@classLabel false (unlabelled data) is not supported: a classification"
                            + " file needs @classLabel true and its labels");
                    if (tok.length < 3) throw error("@classLabel true lists no class labels");
                    classNames = new ArrayList<>();
                    for (int i = 2; i < tok.length; i++) {
                        if (classIndex.putIfAbsent(tok[i], classNames.size()) != null) {
                            throw error("class label '" + tok[i] + "' listed twice in @classLabel");
                        }
                        classNames.add(tok[i]);
                    }
                }
                case "@targetlabel" -> {
                    if (bool(tok)) throw error("@targetLabel true (regression targets) is not supported");
                }
                case "@data" -> {
                    if (tok.length > 1) throw error("@data takes no value");
                    if (classNames == null) throw error("@data before any @classLabel tag");
                    return true;
                }
                default -> throw error("unknown header tag '" + tok[0] + "'");
            }
            return false;
        }

        private void setDims(int d, String what) throws DataFormatException {
            if (dims > 0 && dims != d) throw error(what + " says " + d + " dimension(s) but an earlier tag says " + dims);
            dims = d;
        }

        private boolean bool(String[] tok) throws DataFormatException {
            if (tok.length != 2) throw error(tok[0] + " needs exactly one value, true or false");
            return parseBool(tok[1], tok[0]);
        }

        private boolean parseBool(String v, String tag) throws DataFormatException {
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            throw error(tag + " needs true or false, found '" + v + "'");
        }

        private int positiveInt(String[] tok) throws DataFormatException {
            if (tok.length != 2) throw error(tok[0] + " needs exactly one positive integer");
            try {
                int v = Integer.parseInt(tok[1]);
                if (v > 0) return v;
            } catch (NumberFormatException ignored) {
                // fall through
            }
            throw error(tok[0] + " needs a positive integer, found '" + tok[1] + "'");
        }

        /** Parses one case into {@code float[maxDimLength][dims]} (NaN = missing) and records its label. */
        private float[][] dataLine(String s, List<Integer> labels) throws DataFormatException {
            int colon = s.lastIndexOf(':');
            if (colon < 0) throw error("expected '<dimension>:...:<label>', found no ':'");
            String label = s.substring(colon + 1).strip();
            String body = s.substring(0, colon);
            List<String> fields = new ArrayList<>(Math.max(dims, 1));
            int start = 0;
            for (int i = 0; i <= body.length(); i++) {
                if (i == body.length() || body.charAt(i) == ':') {
                    fields.add(body.substring(start, i));
                    start = i + 1;
                }
            }
            if (dims < 0) dims = fields.size(); // no @dimensions/@univariate: the first case decides
            if (fields.size() != dims) {
                throw error("expected " + dims + " dimension(s) and a label (" + (dims + 1)
                        + " ':'-separated fields) but found " + (fields.size() + 1) + " fields");
            }
            Integer li = classIndex.get(label);
            if (li == null) {
                throw error("label '" + label + "' is not in the @classLabel list " + classNames);
            }
            float[][] perDim = new float[dims][];
            int maxLen = 0;
            for (int d = 0; d < dims; d++) {
                perDim[d] = values(fields.get(d), d);
                maxLen = Math.max(maxLen, perDim[d].length);
            }
            if (Boolean.TRUE.equals(equalLength)) {
                for (int d = 0; d < dims; d++) {
                    if (perDim[d].length != maxLen) {
                        throw error("dimension " + (d + 1) + " has " + perDim[d].length + " values but dimension "
                                + "lengths must be equal (@equalLength true); the longest has " + maxLen);
                    }
                }
            }
            float[][] x = new float[maxLen][dims];
            for (int t = 0; t < maxLen; t++) {
                for (int d = 0; d < dims; d++) x[t][d] = t < perDim[d].length ? perDim[d][t] : Float.NaN;
            }
            labels.add(li);
            return x;
        }

        /** Parses the comma-separated values of dimension {@code d} (0-based); missing values become NaN. */
        private float[] values(String f, int d) throws DataFormatException {
            if (f.isBlank()) throw error("dimension " + (d + 1) + " is empty");
            float[] out = new float[16];
            int n = 0, start = 0;
            for (int i = 0; i <= f.length(); i++) {
                if (i < f.length() && f.charAt(i) != ',') continue;
                String v = f.substring(start, i).strip();
                start = i + 1;
                float x;
                if (v.equals("?") || v.equalsIgnoreCase("nan")) {
                    x = Float.NaN;
                } else {
                    if (!Numbers.isDecimal(v)) {
                        throw error("dimension " + (d + 1) + ", value " + (n + 1) + ": cannot parse '"
                                + abbreviate(v) + "' as a number");
                    }
                    x = Float.parseFloat(v);
                    if (Float.isInfinite(x)) {
                        throw error("dimension " + (d + 1) + ", value " + (n + 1) + ": '" + v + "' overflows float");
                    }
                }
                if (n == out.length) out = Arrays.copyOf(out, n * 2);
                out[n++] = x;
            }
            return Arrays.copyOf(out, n);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String stem(String source) {
        String n = source.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        if (dot > 0) n = n.substring(0, dot);
        for (String suffix : new String[] {"_TRAIN", "_TEST"}) {
            if (n.endsWith(suffix)) n = n.substring(0, n.length() - suffix.length());
        }
        return n;
    }
}
