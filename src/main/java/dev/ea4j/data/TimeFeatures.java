package dev.ea4j.data;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * Sampling-time features of a row, from its {@code date} text: one-hot hour of day (24) then one-hot day of
 * week (7, Monday first). A linear map of them is a learned table per hour plus one per weekday, i.e.
 * TSLib's {@code TemporalEmbedding} (embed {@code learned}) for hour and weekday.
 */
public final class TimeFeatures {

    /** Features per row: 24 hours + 7 weekdays. */
    public static final int COUNT = 24 + 7;

    private TimeFeatures() {}

    /** Parses {@code yyyy-MM-dd HH:mm[:ss]} (or with a {@code T}); a bare {@code yyyy-MM-dd} is midnight. */
    public static LocalDateTime parse(String date) {
        String s = date.strip().replace(' ', 'T');
        if (s.length() == 10) s += "T00:00";
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read date '" + date + "' (expected yyyy-MM-dd HH:mm:ss)");
        }
    }

    /** Writes the {@link #COUNT} features of {@code t} into {@code dst} at {@code off}. */
    public static void encode(LocalDateTime t, float[] dst, int off) {
        java.util.Arrays.fill(dst, off, off + COUNT, 0f);
        dst[off + t.getHour()] = 1f;
        dst[off + 24 + t.getDayOfWeek().getValue() - 1] = 1f;
    }

    /** The features of every date, {@code [dates.length][COUNT]}; names the first unreadable date. */
    public static float[][] of(String[] dates) {
        float[][] out = new float[dates.length][COUNT];
        for (int r = 0; r < dates.length; r++) encode(parse(dates[r]), out[r], 0);
        return out;
    }
}
