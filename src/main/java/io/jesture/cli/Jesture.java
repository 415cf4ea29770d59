package io.jesture.cli;

import io.jesture.InvalidInputException;
import io.jesture.JestureException;
import io.jesture.internal.source.FfmpegLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code jesture} command. Subcommands are separate classes; this class only maps exceptions to
 * exit codes, in one place: bad input (any {@link JestureException}, an {@link InvalidInputException}
 * or a usage error) prints one line and exits {@link ExitCode#BAD_INPUT}; anything else, a plain
 * {@code IllegalArgumentException} included, is a bug in jesture and exits {@link ExitCode#FAILURE},
 * saying so. Stack traces only with {@code --verbose}.
 */
@Command(name = "jesture",
        mixinStandardHelpOptions = true,
        version = "jesture 0.1.0",
        description = "Real-time hand-gesture recognition for the JVM.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, DemoCommand.class, DaemonCommand.class,
                ClassifyCommand.class, InfoCommand.class, EvalStreamCommand.class, EvalClipsCommand.class, EvalQuietCommand.class,
                BenchCommand.class, SynthCommand.class, ImportCommand.class, AdaptCommand.class, RecordCommand.class})
public final class Jesture {

    /** Shared by every subcommand through picocli's inherited scope. */
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and debug logging.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by in-process CLI tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Jesture());
        cl.setExecutionStrategy(parseResult -> {
            // FFmpeg's own lines ("moov atom not found") only with --verbose; otherwise jesture's one line says it.
            FfmpegLog.echo(parseResult.originalArgs().contains("--verbose"));
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            if (ex instanceof JestureException || ex instanceof InvalidInputException) {
                line.getErr().println("jesture: " + ex.getMessage());
                if (verbose) ex.printStackTrace(line.getErr());
                return ExitCode.BAD_INPUT;
            }
            if (ex instanceof InterruptedException) {
                return ExitCode.INTERRUPTED;
            }
            // Validated input never gets here: this is a bug (or a native library failing), whatever its type.
            line.getErr().println("jesture: unexpected internal error, a bug in jesture: " + ex
                    + (verbose ? "" : " (re-run with --verbose for the stack trace, and report it)"));
            if (verbose) ex.printStackTrace(line.getErr());
            return ExitCode.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            line.getErr().println("jesture: " + ex.getMessage());
            line.getErr().println("Try '" + line.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }
}
