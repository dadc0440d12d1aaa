package dev.ea4j.backend.opencl;

/** A device buffer does not fit: names the request, what is in use and the device's limit. */
public final class DeviceMemoryException extends RuntimeException {
    /** Creates the exception with a complete one-line message. */
    public DeviceMemoryException(String message) {
        super(message);
    }
}
