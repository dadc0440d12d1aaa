package dev.ea4j.flink;

/** An input line that is not a valid event, with the reason it is rejected. */
public final class BadEventException extends Exception {

    private final RejectReason reason;

    /** A rejection for {@code reason} explained by {@code detail}. */
    public BadEventException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** Why the line is rejected. */
    public RejectReason reason() {
        return reason;
    }
}
