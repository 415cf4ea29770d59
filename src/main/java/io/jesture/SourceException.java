package io.jesture;

/** A frame source cannot be opened or failed while reading. */
public class SourceException extends JestureException {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
