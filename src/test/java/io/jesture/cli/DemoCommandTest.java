package io.jesture.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {

    @Test
    void isRegisteredWithItsOptions() {
        CommandLine cl = Jesture.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(ExitCode.OK, cl.execute("demo", "--help"));
        cl.getOut().flush();
        for (String opt : List.of("--source", "--model", "--provider", "--loop", "--config", "mirror", "--top", "--screenshot-dir")) {
            assertTrue(out.toString().contains(opt), opt + " in help:\n" + out);
        }
    }

    @Test
    void unknownOptionIsBadInput() {
        CommandLine cl = Jesture.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(ExitCode.BAD_INPUT, cl.execute("demo", "--frobnicate"));
        cl.getErr().flush();
        assertTrue(err.toString().contains("--frobnicate"), err.toString());
    }

    @Test
    void badConfigFileIsBadInputNamingTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path yaml = java.nio.file.Files.writeString(tmp.resolve("bad.yaml"), "provider: quantum\n");
        CommandLine cl = Jesture.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(ExitCode.BAD_INPUT, cl.execute("demo", "--config", yaml.toString()));
        cl.getErr().flush();
        assertTrue(err.toString().startsWith("jesture: "), err.toString());
        assertTrue(err.toString().contains("bad.yaml"), "names the file: " + err);
    }

    @Test
    void topOutOfRangeIsBadInput() {
        CommandLine cl = Jesture.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(ExitCode.BAD_INPUT, cl.execute("demo", "--top", "0"));
        cl.getErr().flush();
        assertTrue(err.toString().contains("--top"), err.toString());
    }

    /** A real headless JVM (no DISPLAY): one line that points to `jesture run`, exit 2, no stack trace. */
    @Test
    @Timeout(60)
    void headlessJvmGetsAClearErrorSuggestingRun() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Jesture.class.getName(),
                "demo", "--source", "synthetic:seed=7", "--model", "no-such-model.onnx");
        pb.environment().remove("DISPLAY");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits");
        assertEquals(ExitCode.BAD_INPUT, p.exitValue(), output);
        assertTrue(output.startsWith("jesture: the demo needs a desktop display"), output);
        assertTrue(output.contains("jesture run"), output);
        assertTrue(output.contains("DISPLAY is not set"), output);
        assertFalse(output.contains("\tat "), "no stack trace: " + output);
        assertFalse(output.contains("no-such-model"), "fails before touching the model: " + output);
    }

    /** Runs the real CLI in a child JVM with DISPLAY naming an X server that does not exist. */
    static String runWithUnreachableDisplay(int[] exit, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), Jesture.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DISPLAY", ":987"); // no X server listens there
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits");
        exit[0] = p.exitValue();
        return output;
    }

    /** Under the systemd unit, which restarts on every failure but exit 2, a trace and exit 1 would loop. */
    @Test
    @Timeout(60)
    void anUnreachableDisplayIsOneLineAndExit2() throws Exception {
        int[] exit = new int[1];
        String output = runWithUnreachableDisplay(exit, "demo", "--source", "synthetic:seed=7", "--model", "no-such-model.onnx");
        assertEquals(ExitCode.BAD_INPUT, exit[0], output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("jesture: ") && output.contains("DISPLAY=:987") && output.contains("jesture run"), output);
        assertFalse(output.contains("no-such-model"), "fails before touching the model: " + output);
    }
}
