package io.jesture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.InvalidInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one place that maps exceptions to exit codes: validated input is 2, anything else is a bug (1). */
class ExitCodeMappingTest {

    @Command(name = "throw")
    static final class Throwing implements Callable<Integer> {
        final RuntimeException ex;

        Throwing(RuntimeException ex) {
            this.ex = ex;
        }

        @Override
        public Integer call() {
            throw ex;
        }
    }

    record Result(int code, String err) {}

    private static Result run(RuntimeException ex, String... extra) {
        CommandLine cl = Jesture.commandLine();
        cl.addSubcommand("throw", new Throwing(ex));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        String[] args = new String[extra.length + 1];
        args[0] = "throw";
        System.arraycopy(extra, 0, args, 1, extra.length);
        return new Result(cl.execute(args), err.toString());
    }

    @Test
    void validatedInputIsOneLineAndExit2() {
        Result r = run(new InvalidInputException("--top must be >= 1, was 0"));
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("jesture: --top must be >= 1, was 0", r.err().strip());
    }

    @Test
    void aPlainIllegalArgumentExceptionIsABugAndExit1WithTheVerboseHint() {
        Result r = run(new IllegalArgumentException("expected 27 probabilities, got 26"));
        assertEquals(ExitCode.FAILURE, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bug in jesture") && r.err().contains("expected 27 probabilities, got 26"), r.err());
        assertTrue(r.err().contains("--verbose"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Result r = run(new IllegalStateException("broken"), "--verbose");
        assertEquals(ExitCode.FAILURE, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }
}
