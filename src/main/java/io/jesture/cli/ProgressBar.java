package io.jesture.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-line progress bar on stderr, redrawn by its own thread a few times a second (every 2 s when
 * stderr is not a terminal, so log files get few lines). Other lines can be printed through
 * {@link #message} without tearing the bar.
 */
final class ProgressBar {
    private final PrintWriter err;
    private final String name;
    private final String unit;
    private final int total;
    private final AtomicInteger done;
    private final long startNanos = System.nanoTime();
    private final Thread thread;

    ProgressBar(PrintWriter err, String name, String unit, int total, AtomicInteger done) {
        this.err = err;
        this.name = name;
        this.unit = unit;
        this.total = total;
        this.done = done;
        this.thread = new Thread(this::loop, "jesture-" + name + "-progress");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                draw(false);
                Thread.sleep(System.console() != null ? 250 : 2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops redrawing and draws the final state on its own line. */
    void finish() throws InterruptedException {
        thread.interrupt();
        thread.join(2000);
        draw(true);
    }

    /** Prints a line above the bar. */
    synchronized void message(String line) {
        err.print(System.console() != null ? "\r\033[K" : "\n"); // clear the bar's line, or leave it in a log
        err.println(line);
        err.flush();
    }

    private synchronized void draw(boolean last) {
        int d = done.get();
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? d / secs : 0;
        int width = 30, filled = total == 0 ? width : (int) ((long) width * d / total);
        String eta = rate > 0 && d < total ? String.format(Locale.ROOT, " ETA %ds", Math.round((total - d) / rate)) : "";
        err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %s %.1f %s/s%s   ", name, "#".repeat(filled), ".".repeat(width - filled), d, total,
                unit, rate, unit, eta);
        if (last) err.println();
        err.flush();
    }
}
