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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A time-series CSV as written by pandas: a header {@code date,<col>,<col>,...}, then one row per time step
 * with the date text first and one decimal number per column (e.g. ETT's
 * {@code date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT}, or Traffic's 862 sensor columns). Columns keep the file's
 * order. Blank lines are skipped. No quoting, no missing values: anything else is a
 * {@link DataFormatException} naming the file and the 1-based line.
 *
 * @param source the file name used in messages
 * @param columns the numeric column names (without {@code date})
 * @param dates the date text of each row
 * @param values {@code [rows][columns.size()]}
 * @param lastLine the 1-based number of the last line read (for messages about the whole file)
 */
public record CsvTable(String source, List<String> columns, String[] dates, float[][] values, int lastLine) {

    /** Number of data rows. */
    public int rows() {
        return values.length;
    }

    /** Reads {@code file} (UTF-8); a missing file raises {@link NoSuchFileException} naming the path. */
    public static CsvTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such .csv file");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), r);
        }
    }

    /** Parses {@code text}; {@code source} names it in messages. */
    public static CsvTable parse(String source, String text) throws DataFormatException {
        try {
            return read(source, new BufferedReader(new StringReader(text)));
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads from {@code in} (not closed). */
    public static CsvTable read(String source, Reader in) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        String head = r.readLine();
        int line = 1;
        if (head == null) throw new DataFormatException(source, 1, "empty file: expected a header 'date,<columns...>'");
        if (head.startsWith("\uFEFF")) head = head.substring(1);
        String[] names = head.split(",", -1);
        String first = unquote(names[0]);
        if (!first.equalsIgnoreCase("date")) {
            throw new DataFormatException(source, 1, "bad header: the first column must be 'date', found '"
                    + first + "'");
        }
        if (names.length < 2) throw new DataFormatException(source, 1, "bad header: no numeric columns after 'date'");
        List<String> cols = new ArrayList<>(names.length - 1);
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < names.length; i++) {
            String n = unquote(names[i]);
            if (n.isEmpty()) throw new DataFormatException(source, 1, "bad header: column " + (i + 1) + " has no name");
            if (!seen.add(n)) throw new DataFormatException(source, 1, "bad header: duplicate column '" + n + "'");
            cols.add(n);
        }
        int width = names.length;
        List<String> dates = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        String s;
        while ((s = r.readLine()) != null) {
            line++;
            if (s.isBlank()) continue;
            float[] v = new float[width - 1];
            int field = 0, start = 0;
            String date = null;
            for (int i = 0; i <= s.length(); i++) {
                if (i < s.length() && s.charAt(i) != ',') continue;
                if (field >= width) {
                    throw new DataFormatException(source, line, "expected " + width + " columns but found "
                            + count(s));
                }
                String tok = s.substring(start, i).strip();
                start = i + 1;
                if (field == 0) {
                    if (tok.isEmpty()) throw new DataFormatException(source, line, "empty date");
                    date = tok;
                } else {
                    if (!Numbers.isDecimal(tok)) {
                        throw new DataFormatException(source, line, "column '" + cols.get(field - 1)
                                + "': cannot parse '" + (tok.length() > 40 ? tok.substring(0, 37) + "..." : tok)
                                + "' as a number");
                    }
                    float x = Float.parseFloat(tok);
                    if (Float.isInfinite(x)) {
                        throw new DataFormatException(source, line, "column '" + cols.get(field - 1) + "': '" + tok
                                + "' overflows float");
                    }
                    v[field - 1] = x;
                }
                field++;
            }
            if (field != width) {
                throw new DataFormatException(source, line, "expected " + width + " columns but found " + field);
            }
            dates.add(date);
            rows.add(v);
        }
        if (rows.isEmpty()) throw new DataFormatException(source, line, "no data rows after the header");
        return new CsvTable(source, List.copyOf(cols), dates.toArray(new String[0]), rows.toArray(new float[0][]),
                line);
    }

    private static int count(String s) {
        int n = 1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == ',') n++;
        return n;
    }

    private static String unquote(String s) {
        s = s.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1).strip();
        return s;
    }
}
