package io.jesture;

/**
 * The one checked exception at jesture's boundary. Its message names the thing that is wrong and how
 * to fix it, so that a CLI can print it as one line.
 */
public class JestureException extends Exception {
    private static final long serialVersionUID = 1L;

    public JestureException(String message) {
        super(message);
    }

    public JestureException(String message, Throwable cause) {
        super(message, cause);
    }
}
