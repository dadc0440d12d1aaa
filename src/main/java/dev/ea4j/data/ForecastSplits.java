package dev.ea4j.data;

import java.util.Locale;

/**
 * Time-Series-Library's train/validation/test row ranges for a forecasting table (0-based data rows,
 * half-open). Validation and test start {@code seqLen} rows before their border, so their first window's
 * input is the tail of the previous split (TSLib's {@code border1s}/{@code border2s}):
 * <ul>
 *   <li>{@link Layout#ETT_HOUR} ({@code Dataset_ETT_hour}): borders at 12, 16 and 20 months of 30 days,
 *       train {@code [0, 8640)}, val {@code [8640 - seqLen, 11520)}, test {@code [11520 - seqLen, 14400)};
 *       later rows are unused.</li>
 *   <li>{@link Layout#ETT_MINUTE} ({@code Dataset_ETT_minute}): the same times 4 (15-minute rows).</li>
 *   <li>{@link Layout#CUSTOM} ({@code Dataset_Custom}): {@code numTrain = int(rows * 0.7)},
 *       {@code numTest = int(rows * 0.2)}, {@code numVal = rows - numTrain - numTest}; train
 *       {@code [0, numTrain)}, val {@code [numTrain - seqLen, numTrain + numVal)},
 *       test {@code [rows - numTest - seqLen, rows)}.</li>
 * </ul>
 */
public record ForecastSplits(Layout layout, int rows, int seqLen,
        int trainStart, int trainEnd, int valStart, int valEnd, int testStart, int testEnd) {

    /** Hours in TSLib's 12-month training period (a month is 30 days). */
    public static final int ETT_HOUR_TRAIN = 12 * 30 * 24;
    /** Hours in TSLib's 4-month validation and test periods. */
    public static final int ETT_HOUR_PERIOD = 4 * 30 * 24;

    /** Which TSLib dataset class decides the borders. */
    public enum Layout {
        /** Hourly ETT (ETTh1, ETTh2). */
        ETT_HOUR,
        /** 15-minute ETT (ETTm1, ETTm2). */
        ETT_MINUTE,
        /** Any other CSV: 70/10/20. */
        CUSTOM;

        /** TSLib's choice by data name: {@code ETTh*} hourly, {@code ETTm*} 15-minute, anything else custom. */
        public static Layout forFileName(String fileName) {
            String n = fileName.replace('\\', '/');
            n = n.substring(n.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (n.startsWith("etth")) return ETT_HOUR;
            if (n.startsWith("ettm")) return ETT_MINUTE;
            return CUSTOM;
        }
    }

    /** One of the three parts. */
    public enum Part {
        /** Training rows. */
        TRAIN,
        /** Validation rows (early stopping, checkpoint choice). */
        VAL,
        /** Test rows (reported metrics). */
        TEST
    }

    /**
     * The borders for a table of {@code rows} data rows and input length {@code seqLen}.
     *
     * @throws IllegalArgumentException when the table is too short for the layout or a border would be negative
     */
    public static ForecastSplits of(Layout layout, int rows, int seqLen) {
        if (seqLen < 1) throw new IllegalArgumentException("seqLen must be >= 1, got " + seqLen);
        int trEnd, vaEnd, teEnd;
        int teStart;
        switch (layout) {
            case ETT_HOUR, ETT_MINUTE -> {
                int m = layout == Layout.ETT_HOUR ? 1 : 4;
                trEnd = ETT_HOUR_TRAIN * m;
                vaEnd = (ETT_HOUR_TRAIN + ETT_HOUR_PERIOD) * m;
                teEnd = (ETT_HOUR_TRAIN + 2 * ETT_HOUR_PERIOD) * m;
                teStart = vaEnd - seqLen;
                if (rows < teEnd) {
                    throw new IllegalArgumentException("the table has " + rows + " data rows but the " + layout
                            + " split needs at least " + teEnd);
                }
            }
            case CUSTOM -> {
                int numTrain = (int) (rows * 0.7);
                int numTest = (int) (rows * 0.2);
                int numVal = rows - numTrain - numTest;
                trEnd = numTrain;
                vaEnd = numTrain + numVal;
                teEnd = rows;
                teStart = rows - numTest - seqLen;
            }
            default -> throw new AssertionError(layout);
        }
        int vaStart = trEnd - seqLen;
        if (vaStart < 0) {
            throw new IllegalArgumentException("seqLen " + seqLen + " is longer than the " + trEnd + " training rows");
        }
        return new ForecastSplits(layout, rows, seqLen, 0, trEnd, vaStart, vaEnd, teStart, teEnd);
    }

    /** First row of {@code part}. */
    public int start(Part part) {
        return switch (part) {
            case TRAIN -> trainStart;
            case VAL -> valStart;
            case TEST -> testStart;
        };
    }

    /** End (exclusive) of {@code part}. */
    public int end(Part part) {
        return switch (part) {
            case TRAIN -> trainEnd;
            case VAL -> valEnd;
            case TEST -> testEnd;
        };
    }

    /** Windows of {@code part} for horizon {@code horizon} at stride 1 (TSLib's {@code __len__}); may be &le; 0. */
    public int windows(Part part, int horizon) {
        return end(part) - start(part) - seqLen - horizon + 1;
    }
}
