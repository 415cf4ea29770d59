package io.jesture;

/**
 * A change in the pipeline's health that an application may want to show or log.
 *
 * @param kind    what happened
 * @param message a human sentence naming the thing and, for problems, the fix
 */
public record PipelineStatus(Kind kind, String message) {
    public enum Kind {
        /** The source is open and delivering frames. */
        SOURCE_OPENED,
        /** The source stopped delivering (unplugged camera, watchdog timeout, read error). */
        SOURCE_LOST,
        /** The source was reopened after a loss. */
        SOURCE_RECOVERED,
        /** A finite source (a file) reached its end. */
        END_OF_STREAM,
        /** The requested execution provider could not be used; another one runs instead. */
        PROVIDER_FALLBACK
    }
}
