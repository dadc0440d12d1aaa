package dev.ea4j.backend;

/** The requested backend or device is not present (raised in strict mode instead of falling back). */
public final class DeviceNotFoundException extends RuntimeException {
    /** Creates the exception with a message naming the request and what is present. */
    public DeviceNotFoundException(String message) {
        super(message);
    }
}
