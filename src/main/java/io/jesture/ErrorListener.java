package io.jesture;

/**
 * Receives errors that the pipeline survived: a frame that failed to decode, an inference that threw,
 * a listener that threw. The pipeline reports and goes on. The default implementation logs.
 */
@FunctionalInterface
public interface ErrorListener {
    /** Logs through SLF4J at ERROR with the stack trace. */
    ErrorListener LOGGING = (where, error) ->
            org.slf4j.LoggerFactory.getLogger("io.jesture").error("{} failed: {}", where, error.toString(), error);

    /**
     * @param where the pipeline stage or component, e.g. {@code "jesture-infer"} or {@code "listener"}
     * @param error what went wrong
     */
    void onError(String where, Throwable error);
}
