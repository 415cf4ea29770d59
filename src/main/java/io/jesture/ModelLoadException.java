package io.jesture;

/** A model file is missing, corrupt, or does not match its own metadata contract. */
public class ModelLoadException extends JestureException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
