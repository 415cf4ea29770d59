package io.jesture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jesture daemon} in-process: option handling and config checking, no recognizer needed. */
class DaemonCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Jesture.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void checkAcceptsTheShippedConfig() {
        Path example = Path.of(System.getProperty("jesture.projectDir", "."), "config", "actions.yaml");
        assertEquals(ExitCode.OK, run("daemon", "--check", "--config", example.toString()), err.toString());
        assertTrue(out.toString().contains("is valid: "), out.toString());
    }

    @Test
    void checkListsEveryErrorAndExits2() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "gestures:\n  Swipe Left: Right\n  Thumb Up: {key: spcae}\n");
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--check", "--config", bad.toString()));
        String e = err.toString();
        assertTrue(e.startsWith("jesture: " + bad + " has 2 errors"), e);
        assertTrue(e.contains(bad + ":2:3: "), e);
        assertTrue(e.contains(bad + ":3:19: "), e);
        assertTrue(e.contains("did you mean 'space'?"), e);
        assertTrue(!e.contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void invalidConfigStopsBeforeTheModelIsLoaded() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "gestures:\n  Thumb Up: {command: reboot}\n");
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--dry-run", "--config", bad.toString(), "--model", dir.resolve("none.onnx").toString()));
        assertTrue(err.toString().contains("allowCommands: true"), err.toString());
    }

    @Test
    void unknownBackendAndContradictionsAreBadInput() {
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--backend", "xtest"));
        assertTrue(err.toString().contains("unknown backend 'xtest': use auto, uinput, robot or dry-run"), err.toString());
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--dry-run", "--backend", "robot"));
        assertTrue(err.toString().contains("contradict"), err.toString());
    }

    @Test
    void anUnusableForcedBackendFailsBeforeTheModelLoads() {
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.isWritable(Path.of("/dev/uinput")), "/dev/uinput is usable here");
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--backend", "uinput", "--model", dir.resolve("missing.onnx").toString()));
        assertTrue(err.toString().startsWith("jesture: --backend uinput cannot be used: /dev/uinput "), err.toString());
    }

    /** The reproduction: {@code daemon --dry-run} on a video whose red segment fires "Swiping Left". */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void dryRunNeverRunsACommand() throws Exception {
        Path video = io.jesture.TestVideos.write(dir.resolve("red.mp4"), 160, 120, 15,
                new io.jesture.TestVideos.Segment(io.jesture.TestVideos.GREY, 15),
                new io.jesture.TestVideos.Segment(io.jesture.TestVideos.RED, 30),
                new io.jesture.TestVideos.Segment(io.jesture.TestVideos.GREY, 15));
        Path marker = dir.resolve("x");
        Path actions = dir.resolve("actions.yaml");
        Files.writeString(actions, "allowCommands: true\ngestures:\n  Swiping Left: {command: \"touch " + marker + "\"}\n");
        Files.setPosixFilePermissions(actions, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(ExitCode.OK, run("daemon", "--dry-run", "--allow-commands", "--offline", "--provider", "cpu", "--source", "file:" + video,
                "--model", io.jesture.TestVideos.model("colour.onnx").toString(), "--config", actions.toString()), err.toString());
        io.jesture.daemon.DaemonCommandSafetyTest.awaitChildProcesses();
        assertTrue(!Files.exists(marker), "daemon --dry-run ran the command");
    }

    private Path commandConfig(String perms) throws Exception {
        Path actions = dir.resolve("actions.yaml");
        Files.writeString(actions, "allowCommands: true\ngestures:\n  Thumb Up: {command: \"notify-send hi\"}\n");
        Files.setPosixFilePermissions(actions, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        return actions;
    }

    @Test
    void commandsNeedAllowCommandsAtStart() throws Exception {
        Path actions = commandConfig("rw-------");
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--check", "--config", actions.toString()), out.toString());
        assertTrue(err.toString().contains(actions + ":1:16: allowCommands: ") && err.toString().contains("--allow-commands"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(ExitCode.OK, run("daemon", "--check", "--allow-commands", "--config", actions.toString()), err.toString());
        assertTrue(out.toString().contains("commands allowed"), out.toString());
    }

    @Test
    void allowCommandsRefusesAnActionsFileOthersCanWrite() throws Exception {
        Path actions = commandConfig("rw-rw-r--");
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--check", "--allow-commands", "--config", actions.toString()));
        String e = err.toString();
        assertTrue(e.startsWith("jesture: refusing --allow-commands: " + actions + " is writable by its group"), e);
        assertTrue(e.contains("chmod go-w " + actions), e);
        assertEquals(1, e.strip().lines().count(), e);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void robotOnAnUnreachableDisplayIsOneLineAndExit2() throws Exception {
        Path actions = dir.resolve("actions.yaml");
        Files.writeString(actions, "gestures:\n  Swiping Left: Right\n");
        int[] exit = new int[1];
        String output = DemoCommandTest.runWithUnreachableDisplay(exit, "daemon", "--backend", "robot", "--config", actions.toString(),
                "--provider", "cpu", "--model", io.jesture.TestVideos.model("colour.onnx").toString(), "--source", "synthetic:seed=7");
        assertEquals(ExitCode.BAD_INPUT, exit[0], output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("jesture: --backend robot cannot be used: ") && output.contains("DISPLAY=:987"), output);
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(Path.of("/dev/uinput")), "/dev/uinput is usable here");
        output = DemoCommandTest.runWithUnreachableDisplay(exit, "daemon", "--config", actions.toString(),
                "--provider", "cpu", "--model", io.jesture.TestVideos.model("colour.onnx").toString(), "--source", "synthetic:seed=7");
        assertEquals(ExitCode.BAD_INPUT, exit[0], output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("jesture: no input backend available: ") && output.contains("DISPLAY=:987"), output);
    }

    @Test
    void listKeysNamesEveryKeyWithItsCodeAndAliases() {
        assertEquals(ExitCode.OK, run("daemon", "--list-keys"));
        String o = out.toString();
        assertTrue(o.lines().anyMatch(l -> l.matches("XF86AudioRaiseVolume\\s+115\\s+-\\s+aliases: volumeup")), o);
        assertTrue(o.lines().anyMatch(l -> l.matches("Page_Up\\s+104\\s+robot\\s+aliases: pageup, prior")), o);
        assertTrue(o.lines().count() > 140, "every key: " + o.lines().count());
    }
}
