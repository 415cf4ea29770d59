package io.jesture.cli;

/** Named process exit codes. Scripts may rely on them. */
public final class ExitCode {
    /** Done, no problem. */
    public static final int OK = 0;
    /** An unexpected failure inside jesture (a bug, or a native library crash); re-run with --verbose. */
    public static final int FAILURE = 1;
    /** Bad input: an invalid option, config, model file or source. The message says what to fix. */
    public static final int BAD_INPUT = 2;
    /** Interrupted by the user (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
