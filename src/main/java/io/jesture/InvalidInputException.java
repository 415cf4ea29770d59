package io.jesture;

/**
 * A value failed validation: an option, a setting or a name that a user may have typed. The message
 * names the value, what is accepted and how to fix it, so that a CLI can print it as one line and exit
 * with "bad input" (2).
 *
 * <p>It is an {@link IllegalArgumentException}, so builders keep their unchecked contract. A plain
 * {@code IllegalArgumentException} from jesture means a bug (a caller broke an internal rule), and the
 * CLI reports it as one (exit 1).
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
