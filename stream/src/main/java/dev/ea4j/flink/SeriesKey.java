package dev.ea4j.flink;

import org.apache.flink.api.java.functions.KeySelector;

/** The key of an {@link Event}: its series id. */
public final class SeriesKey implements KeySelector<Event, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Event e) {
        return e.series;
    }
}
