package dev.ea4j.flink;

import dev.ea4j.data.TimeFeatures;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads one CSV line {@code series,timestamp,v1,...,vn} into an {@link Event} for a model with n inputs. Blank lines,
 * lines starting with {@code #} and header lines (first field {@code series}, any case) are skipped; everything else
 * is an event or a {@link BadEventException} with its reason.
 */
public final class EventParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int width;

    /** A parser for events carrying {@code width} values. */
    public EventParser(int width) {
        if (width < 1) throw new IllegalArgumentException("an event carries at least one value, got width " + width);
        this.width = width;
    }

    /** Whether {@code line} is no event at all (blank, comment or header) and is dropped silently. */
    public static boolean skipped(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) return true;
        int comma = s.indexOf(',');
        return (comma < 0 ? s : s.substring(0, comma)).strip().equalsIgnoreCase("series");
    }

    /** The event on {@code line} (not {@link #skipped}). */
    public Event parse(String line) throws BadEventException {
        String[] f = line.strip().split(",", -1);
        if (f.length < 2 + width) {
            throw new BadEventException(RejectReason.MISSING_FIELD, "expected " + (2 + width)
                    + " fields (series,timestamp," + width + " value" + (width == 1 ? "" : "s") + "), got " + f.length);
        }
        if (f.length > 2 + width) {
            throw new BadEventException(RejectReason.WRONG_WIDTH, "expected " + width + " value"
                    + (width == 1 ? "" : "s") + ", got " + (f.length - 2));
        }
        String series = f[0].strip();
        String time = f[1].strip();
        if (series.isEmpty()) throw new BadEventException(RejectReason.MISSING_FIELD, "empty series id");
        if (time.isEmpty()) throw new BadEventException(RejectReason.MISSING_FIELD, "empty timestamp");
        LocalDateTime t;
        try {
            t = TimeFeatures.parse(time);
        } catch (IllegalArgumentException e) {
            throw new BadEventException(RejectReason.UNPARSEABLE, e.getMessage());
        }
        float[] values = new float[width];
        for (int i = 0; i < width; i++) {
            String v = f[2 + i].strip();
            if (v.isEmpty()) throw new BadEventException(RejectReason.MISSING_FIELD, "value " + (i + 1) + " is empty");
            try {
                values[i] = Float.parseFloat(v);
            } catch (NumberFormatException e) {
                throw new BadEventException(RejectReason.UNPARSEABLE, "value " + (i + 1) + " '" + v + "' is not a number");
            }
            if (!Float.isFinite(values[i])) {
                throw new BadEventException(RejectReason.NOT_FINITE, "value " + (i + 1) + " is " + values[i]);
            }
        }
        return new Event(series, time, t.toInstant(ZoneOffset.UTC).toEpochMilli(), values);
    }
}
