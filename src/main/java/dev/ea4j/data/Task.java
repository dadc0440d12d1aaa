package dev.ea4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The paper's tasks, by their short names, with the file names they are stored under. */
public enum Task {
    /** UEA JapaneseVowels (bundled). */
    JP("jp", Kind.CLASSIFICATION, "JapaneseVowels"),
    /** UEA SelfRegulationSCP1. */
    SCP1("scp1", Kind.CLASSIFICATION, "SelfRegulationSCP1"),
    /** UEA SelfRegulationSCP2 (not in the shared data; bring your own copy). */
    SCP2("scp2", Kind.CLASSIFICATION, "SelfRegulationSCP2"),
    /** UEA UWaveGestureLibrary. */
    UWAVE("uwave", Kind.CLASSIFICATION, "UWaveGestureLibrary"),
    /** ETTh2, hourly. */
    ETTH2("etth2", Kind.FORECAST, "ETTh2"),
    /** ETTm2, 15-minute. */
    ETTM2("ettm2", Kind.FORECAST, "ETTm2"),
    /** Traffic (not in the shared data; bring your own {@code traffic.csv}). */
    TRAFFIC("traffic", Kind.FORECAST, "traffic");

    /** Classification from {@code .ts} files or forecasting from a CSV. */
    public enum Kind {
        /** {@code <Name>_TRAIN.ts} and {@code <Name>_TEST.ts}. */
        CLASSIFICATION,
        /** {@code <Name>.csv}. */
        FORECAST
    }

    private final String shortName;
    private final Kind kind;
    private final String fileName;

    Task(String shortName, Kind kind, String fileName) {
        this.shortName = shortName;
        this.kind = kind;
        this.fileName = fileName;
    }

    /** The command-line name, e.g. {@code jp}. */
    public String shortName() {
        return shortName;
    }

    /** Classification or forecasting. */
    public Kind kind() {
        return kind;
    }

    /** The dataset's file stem, e.g. {@code JapaneseVowels}, {@code ETTh2}, {@code traffic}. */
    public String fileName() {
        return fileName;
    }

    /** Data-dir-relative paths tried, in order, for each file of the task (TRAIN then TEST, or the CSV). */
    public List<List<String>> candidates() {
        List<List<String>> out = new ArrayList<>();
        if (kind == Kind.CLASSIFICATION) {
            for (String split : new String[] {"_TRAIN.ts", "_TEST.ts"}) {
                String f = fileName + split;
                out.add(List.of("UEA/" + fileName + "/" + f, fileName + "/" + f, f));
            }
        } else if (this == TRAFFIC) {
            out.add(List.of("traffic.csv", "traffic/traffic.csv"));
        } else {
            out.add(List.of("ETT-small/" + fileName + ".csv", fileName + ".csv"));
        }
        return out;
    }

    /** Parses a short name ({@code jp}) or a file stem ({@code JapaneseVowels}), ignoring case. */
    public static Task parse(String name) {
        for (Task t : values()) {
            if (t.shortName.equalsIgnoreCase(name.strip()) || t.fileName.equalsIgnoreCase(name.strip())) return t;
        }
        List<String> names = new ArrayList<>();
        for (Task t : values()) names.add(t.shortName);
        throw new IllegalArgumentException("unknown task '" + name + "'; expected one of " + names
                + " (or a dataset name such as JapaneseVowels)");
    }

    @Override
    public String toString() {
        return shortName.toLowerCase(Locale.ROOT);
    }
}
