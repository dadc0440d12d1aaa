package dev.ea4j.api;

/** Bad input to a public entry point (shape, order, values, flags); the message is one line naming the problem. */
public class InvalidInputException extends IllegalArgumentException {
    /** Creates the exception with a one-line message. */
    public InvalidInputException(String message) {
        super(message);
    }
}
