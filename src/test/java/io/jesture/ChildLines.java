package io.jesture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The output lines of a child process, read on a named daemon thread as they come, so a test can
 * wait for a line with a timeout instead of sleeping. A test that signals the child reads the rest
 * after the child exits; it must not destroy the process through {@link Process#destroy()} first
 * if it needs that rest, as that closes our end of the pipe.
 */
public final class ChildLines {
    private static final String EOF = "\u0000<EOF>";
    private static final long WAIT_SECONDS = 60;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildLines(Process p, String threadName) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) lines.add(l);
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            }
            lines.add(EOF);
        }, threadName);
        t.setDaemon(true);
        t.start();
    }

    /** Starts reading {@code p}'s output (start it with {@code redirectErrorStream(true)} to see both). */
    public static ChildLines of(Process p, String threadName) {
        return new ChildLines(p, threadName);
    }

    /**
     * The lines before the first that contains {@code marker}, which is consumed too. Fails if the
     * child ends first, or if no line comes for a minute.
     */
    public List<String> until(String marker) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (true) {
            String l = next(marker, got);
            if (l.equals(EOF)) throw new AssertionError("the child ended before '" + marker + "'; got " + got);
            if (l.contains(marker)) return got;
            got.add(l);
        }
    }

    /** Every line from here to the child's end. Fails if no line comes for a minute. */
    public List<String> rest() throws InterruptedException {
        List<String> got = new ArrayList<>();
        String l;
        while (!(l = next("the end of the output", got)).equals(EOF)) got.add(l);
        return got;
    }

    private String next(String waitingFor, List<String> got) throws InterruptedException {
        String l = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (l == null) throw new AssertionError("'" + waitingFor + "' never came in " + WAIT_SECONDS + " s; got " + got);
        return l;
    }
}
