package dev.ea4j.backend;

/**
 * A device cannot run a task (TornadoVM could not compile it): raised in strict mode instead of falling back to
 * sequential Java.
 */
public final class UnsupportedOnDeviceException extends RuntimeException {
    /** Creates the exception with a message naming the task and the device. */
    public UnsupportedOnDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
