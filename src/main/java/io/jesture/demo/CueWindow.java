package io.jesture.demo;

import io.jesture.FrameSource;
import io.jesture.JestureException;
import io.jesture.SourceException;
import io.jesture.internal.adapt.Recorder;

import javax.swing.AbstractAction;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.ActionEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The window of {@code jesture record} where there is a display: the source's frames as they are
 * recorded, with the cue of the demo's Teach mode over them (a countdown before each take, then GO and
 * a bar while it records, and a looping rendered example when the renderer knows the gesture). The
 * terminal's printed cues go on as well. Closing the window (or Esc, q) stops the recording; the takes
 * saved until then stay.
 *
 * <p>Frames reach the window through {@link #tee}: each frame the recorder reads is copied into a
 * latest-wins buffer (no allocation per frame) and the EDT is woken at most once per pending paint.
 */
public final class CueWindow implements AutoCloseable {
    private final JFrame frame;
    private final Panel panel;
    private final Latest<VideoFrame> frames = new Latest<>(VideoFrame::new);
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final double takeSeconds;
    private volatile boolean userClosed;

    private CueWindow(String gesture, String sourceName, boolean mirrored, double takeSeconds) {
        this.takeSeconds = takeSeconds;
        panel = new Panel(gesture, mirrored);
        frame = new JFrame("jesture record · " + gesture + " · " + sourceName);
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.setContentPane(panel);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                userClosed = true;
            }

            @Override
            public void windowClosed(WindowEvent e) {
                panel.examples.close();
                closed.countDown();
            }
        });
        for (String k : new String[] {"ESCAPE", "Q"}) panel.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(k), "stop");
        panel.getActionMap().put("stop", new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                userClosed = true;
                frame.dispose();
            }
        });
        frame.pack();
        frame.setLocationRelativeTo(null);
    }

    /**
     * Opens the window, on the EDT, and returns once it shows.
     *
     * @param takeSeconds the length of each take, for the bar that fills while one records
     * @throws JestureException no display, or it cannot be reached (the message says which)
     */
    public static CueWindow open(String gesture, String sourceName, boolean mirrored, double takeSeconds)
            throws JestureException, InterruptedException {
        DemoApp.requireDisplay();
        CueWindow[] w = new CueWindow[1];
        try {
            SwingUtilities.invokeAndWait(() -> {
                w[0] = new CueWindow(gesture, sourceName, mirrored, takeSeconds);
                w[0].frame.setVisible(true);
            });
        } catch (InvocationTargetException e) {
            throw new JestureException("cannot open the record window: " + e.getCause() + " (pass --no-window for printed cues only)", e.getCause());
        }
        return w[0];
    }

    /** {@code source}, showing each frame it reads in the window; closing the window stops it. */
    public FrameSource tee(FrameSource source) {
        return new FrameSource() {
            private Format format;

            @Override
            public Format open() throws SourceException {
                format = source.open();
                return format;
            }

            @Override
            public long read(byte[] bgr) throws SourceException {
                if (userClosed) throw new SourceException("the record window was closed: recording stopped");
                long ts = source.read(bgr);
                if (ts != END_OF_STREAM) {
                    frames.back().copyFrom(bgr, format, ts);
                    frames.publish();
                    if (wakeScheduled.compareAndSet(false, true)) SwingUtilities.invokeLater(panel::pull);
                }
                return ts;
            }

            @Override
            public String description() {
                return source.description();
            }

            @Override
            public boolean isLive() {
                return source.isLive();
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    /** Cues that show in the window and then go on to {@code printed}. */
    public Recorder.Cues cues(Recorder.Cues printed) {
        return new Recorder.Cues() {
            @Override
            public void countdown(int take, int of, int left) {
                SwingUtilities.invokeLater(() -> panel.cue(c -> c.countdown(take, of, left, System.nanoTime())));
                printed.countdown(take, of, left);
            }

            @Override
            public void go(int take, int of) {
                SwingUtilities.invokeLater(() -> panel.cue(c -> c.go(take, of, takeSeconds, System.nanoTime())));
                printed.go(take, of);
            }

            @Override
            public void saved(int take, int of, Path folder, int frames) {
                SwingUtilities.invokeLater(() -> panel.cue(c -> c.saved(take, of, frames, System.nanoTime())));
                printed.saved(take, of, folder, frames);
            }
        };
    }

    /** What the window shows now, painted into an image (tests, and a look at the cue). EDT only. */
    BufferedImage snapshot() {
        BufferedImage img = new BufferedImage(Math.max(1, panel.getWidth()), Math.max(1, panel.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        panel.paintComponent(g);
        g.dispose();
        return img;
    }

    /** Whether the renderer knows the gesture, so the window shows an example of it (once rendered). */
    public boolean hasExample() {
        return GestureExample.jesterLabel(panel.gesture) != null;
    }

    JComponent component() {
        return panel;
    }

    CueCard cueCard() {
        return panel.cue;
    }

    /** Closes the window. Idempotent; waits up to a few seconds for it to go. */
    @Override
    public void close() {
        SwingUtilities.invokeLater(frame::dispose);
        try {
            closed.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The painted surface: the letterboxed video and the cue over it. EDT only. */
    private final class Panel extends JComponent {
        private final String gesture;
        private final boolean mirrored;
        private final CueCard cue = new CueCard();
        private final ExampleLoader examples;
        private final Timer animation = new Timer(16, e -> animate());
        private final Rectangle video = new Rectangle();
        private final Rectangle area = new Rectangle();
        private final String hint;
        private final Font fHint = Theme.sans(Font.PLAIN, 12f);
        private boolean haveFrame;

        Panel(String gesture, boolean mirrored) {
            this.gesture = gesture;
            this.mirrored = mirrored;
            this.hint = "Recording takes of '" + gesture + "'  ·  Esc or q stops (the takes saved so far stay)";
            setOpaque(true);
            setPreferredSize(new Dimension(960, 600));
            examples = new ExampleLoader(this::exampleReady);
            cue.gesture(gesture, examples.get(gesture), System.nanoTime());
            if (cue.animating(System.nanoTime())) animation.start();
        }

        void pull() {
            wakeScheduled.set(false);
            if (frames.acquire()) {
                haveFrame = true;
                repaint();
            }
        }

        /** Changes the cue; fires "cue" with its phase, so tests and embedders can follow it. */
        void cue(Consumer<CueCard> change) {
            change.accept(cue);
            if (cue.animating(System.nanoTime())) animation.start();
            repaint();
            firePropertyChange("cue", null, cue.phase().name());
        }

        /** The example is rendered: it shows from now on; fires "example". */
        private void exampleReady() {
            cue.example(examples.get(gesture), System.nanoTime());
            animation.start();
            repaint();
            firePropertyChange("example", false, cue.example() != null);
        }

        private void animate() {
            if (!cue.animating(System.nanoTime())) animation.stop();
            repaint();
        }

        @Override
        protected void paintComponent(Graphics g0) {
            Graphics2D g = (Graphics2D) g0.create();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Theme.BACKGROUND);
                g.fillRect(0, 0, getWidth(), getHeight());
                int hintH = 28;
                area.setBounds(Theme.GAP, Theme.GAP, getWidth() - 2 * Theme.GAP, getHeight() - 2 * Theme.GAP - hintH);
                BufferedImage img = haveFrame ? frames.front().image() : null;
                if (img == null) {
                    video.setBounds(area);
                    g.setColor(Theme.VIDEO_BACKGROUND);
                    g.fillRoundRect(area.x, area.y, area.width, area.height, 12, 12);
                } else {
                    double sc = Math.min(area.width / (double) img.getWidth(), area.height / (double) img.getHeight());
                    int w = (int) Math.round(img.getWidth() * sc), h = (int) Math.round(img.getHeight() * sc);
                    video.setBounds(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    if (mirrored) g.drawImage(img, video.x + w, video.y, video.x, video.y + h, 0, 0, img.getWidth(), img.getHeight(), null);
                    else g.drawImage(img, video.x, video.y, w, h, null);
                }
                cue.paint(g, video, System.nanoTime());
                FontMetrics fm = g.getFontMetrics(fHint);
                g.setFont(fHint);
                g.setColor(Theme.TEXT_DIM);
                g.drawString(TextFit.ellipsize(hint, fm, getWidth() - 2 * Theme.GAP), Theme.GAP, getHeight() - 10);
            } finally {
                g.dispose();
            }
        }
    }
}
