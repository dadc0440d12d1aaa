package dev.ea4j.flink;

/** One parsed input event: a series id, its timestamp (as written and as epoch milliseconds, UTC) and its values. */
public final class Event {

    /** The series (the key). */
    public String series;
    /** The timestamp as the input wrote it. */
    public String time;
    /** The timestamp in epoch milliseconds (read as UTC), for the per-series order check. */
    public long millis;
    /** The values, in the model's input order. */
    public float[] values;

    /** For Flink's POJO serializer. */
    public Event() {}

    /** An event of {@code series} at {@code time} ({@code millis}) carrying {@code values}. */
    public Event(String series, String time, long millis, float[] values) {
        this.series = series;
        this.time = time;
        this.millis = millis;
        this.values = values;
    }
}
