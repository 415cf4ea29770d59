package io.jesture.demo;

import io.jesture.RecognizerStats;

import javax.imageio.ImageIO;
import javax.swing.AbstractAction;
import javax.swing.ActionMap;
import javax.swing.InputMap;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.KeyStroke;
import javax.swing.WindowConstants;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.ActionEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo's top-level window: owns the {@link DemoView}, the key bindings and screenshots. Create and
 * use it on the EDT; {@link #awaitClosed()} may be called from any thread.
 */
final class DemoWindow {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JFrame frame;
    private final DemoView view;
    private final Path screenshotDir;
    private final PrintWriter out;
    private final CountDownLatch closed = new CountDownLatch(1);
    // PNG encoding takes tens of ms: keep it off the EDT, on one named thread.
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jesture-demo-screenshot");
        t.setDaemon(true);
        return t;
    });

    DemoWindow(DemoFeed feed, Supplier<RecognizerStats> stats, String sourceName, int topK, boolean mirrored,
               Path screenshotDir, PrintWriter out) {
        this.screenshotDir = screenshotDir;
        this.out = out;
        view = new DemoView(feed, stats, sourceName, topK, mirrored);
        frame = new JFrame("jesture demo · " + sourceName);
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.getContentPane().setBackground(Theme.BACKGROUND);
        frame.setContentPane(view);
        frame.setIconImages(List.of(icon(16), icon(32), icon(64)));
        frame.setMinimumSize(new Dimension(760, 480));
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                writer.shutdown();
                closed.countDown();
            }
        });
        bindKeys();
        frame.pack();
        frame.setLocationRelativeTo(null);
    }

    void show() {
        frame.setVisible(true);
        view.requestFocusInWindow();
    }

    JFrame frame() {
        return frame;
    }

    DemoView view() {
        return view;
    }

    /** Closes the window (the quit key does the same). Idempotent. */
    void close() {
        frame.dispose();
    }

    /** Blocks until the window is closed, by a key, the window manager or {@link #close()}. */
    void awaitClosed() throws InterruptedException {
        closed.await();
    }

    boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    /** Waits for screenshots still being written; call after the window closed. */
    void awaitScreenshots(long timeout, TimeUnit unit) throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(timeout, unit);
    }

    private void bindKeys() {
        InputMap im = view.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW);
        ActionMap am = view.getActionMap();
        bind(im, am, "quit", this::close, "Q");
        // Esc quits too, but first closes the help card if it is open: that is what its reader expects.
        bind(im, am, "escape", () -> {
            if (view.helpShown()) view.hideHelp();
            else close();
        }, "ESCAPE");
        bind(im, am, "pause", view::togglePause, "SPACE");
        bind(im, am, "screenshot", this::screenshot, "S");
        bind(im, am, "overlay", view::toggleOverlay, "O");
        bind(im, am, "mirror", view::toggleMirror, "M");
        bind(im, am, "help", view::toggleHelp, "H", "F1");
        // A real key press of T is followed by a typed 't', which must not become the first letter of the name.
        bind(im, am, "teach", () -> view.teach().open(true), "T");
    }

    private static void bind(InputMap im, ActionMap am, String name, Runnable action, String... keys) {
        for (String k : keys) im.put(KeyStroke.getKeyStroke(k), name);
        am.put(name, new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                action.run();
            }
        });
    }

    /**
     * Saves what the window shows as a PNG: painted on the EDT (so it matches the screen), encoded on
     * the writer thread. Returns the path it will be written to.
     */
    Path screenshot() {
        BufferedImage img = view.snapshot();
        Path dir = screenshotDir != null ? screenshotDir : defaultScreenshotDir();
        Path file = uniqueName(dir, "jesture-" + LocalDateTime.now().format(STAMP));
        if (writer.isShutdown()) return file;
        writer.execute(() -> {
            String message;
            Color color;
            try {
                Files.createDirectories(dir);
                if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer in this JVM");
                message = "Screenshot saved: " + file;
                color = Theme.OK;
            } catch (IOException | RuntimeException e) {
                message = "Could not save screenshot to " + file + ": " + e.getMessage() + " (use --screenshot-dir)";
                color = Theme.ERROR;
            }
            out.println(message);
            String m = message;
            Color c = color;
            Path saved = color == Theme.OK ? file : null;
            javax.swing.SwingUtilities.invokeLater(() -> view.screenshotDone(saved, m, c));
        });
        return file;
    }

    /** ~/Pictures (XDG's usual place) when it exists, else the working directory. */
    static Path defaultScreenshotDir() {
        Path pictures = Path.of(System.getProperty("user.home", "."), "Pictures");
        return Files.isDirectory(pictures) && Files.isWritable(pictures) ? pictures : Path.of("").toAbsolutePath();
    }

    private static Path uniqueName(Path dir, String stem) {
        Path p = dir.resolve(stem + ".png");
        for (int i = 2; Files.exists(p); i++) p = dir.resolve(stem + "-" + i + ".png");
        return p;
    }

    /** The window icon: the accent dot of the wordmark on a dark rounded square. */
    private static BufferedImage icon(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Theme.PANEL);
        g.fillRoundRect(0, 0, size, size, size / 3, size / 3);
        g.setColor(Theme.ACCENT);
        int d = size / 2;
        g.fillOval((size - d) / 2, (size - d) / 2, d, d);
        g.dispose();
        return img;
    }
}
