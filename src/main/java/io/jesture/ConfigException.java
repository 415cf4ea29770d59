package io.jesture;

/** Options or a config file are invalid. */
public class ConfigException extends JestureException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
