package io.jesture.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every command's --help renders cleanly. picocli formats descriptions with String.format, so a bare
 * '%' (as in "20% slower") makes it print a warning and show the raw text instead.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringBuilder help = new StringBuilder();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            CommandLine root = Jesture.commandLine();
            help.append(root.getUsageMessage());
            for (CommandLine sub : root.getSubcommands().values()) help.append(sub.getUsageMessage());
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "picocli warned while rendering help");
        assertFalse(help.toString().contains("%n"), "a description shows a raw %n");
    }
}
