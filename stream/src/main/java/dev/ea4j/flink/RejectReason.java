package dev.ea4j.flink;

/** Why an input line went to the rejects side output instead of the forecaster; {@link #code()} is what the JSON says. */
public enum RejectReason {
    /** Fewer fields than {@code series,timestamp,v1..vn}, or an empty series id or timestamp. */
    MISSING_FIELD("missing-field"),
    /** A timestamp or a value that cannot be read. */
    UNPARSEABLE("unparseable"),
    /** A value that is NaN or infinite. */
    NOT_FINITE("not-finite"),
    /** More values than the model reads. */
    WRONG_WIDTH("wrong-width"),
    /** A timestamp before the series' last accepted one. */
    TIME_BACKWARDS("time-backwards"),
    /** The model failed on the event (the series' state is left as it was). */
    MODEL_ERROR("model-error");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The reason as written in the rejects output, e.g. {@code time-backwards}. */
    public String code() {
        return code;
    }
}
