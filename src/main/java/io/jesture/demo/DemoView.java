package io.jesture.demo;

import io.jesture.RecognizerStats;

import javax.swing.JComponent;
import javax.swing.Timer;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The demo's single painted surface: letterboxed video, a side panel with live class probabilities
 * and recent gestures, a status bar, and transient layers (gesture label, flash, banners, help).
 *
 * <p>Everything here runs on the EDT. {@link #pull()} moves new data out of the {@link DemoFeed} into
 * the {@link DemoState}, which decides what changed; {@link #paintComponent} only has the painters draw
 * that state, so painting the component into an image (a screenshot) shows exactly what is on screen.
 * This class owns the layout, the timers and the repaints.
 */
final class DemoView extends JComponent {
    private final DemoState state;
    private final TeachMode teach = new TeachMode(this);
    private final VideoPainter videoPainter;
    private final HandPainter handPainter;
    private final GesturePainter gesturePainter;
    private final NoticePainter noticePainter;
    private final SidePanelPainter sidePainter;
    private final StatusBarPainter statusPainter;
    private final HelpPainter helpPainter;

    private final Rectangle areaRect = new Rectangle();
    private final Rectangle videoRect = new Rectangle();
    private final Rectangle clipRect = new Rectangle();
    private final Timer animation = new Timer(16, e -> animate());
    private final Timer statsTimer;

    DemoView(DemoFeed feed, Supplier<RecognizerStats> statsSource, String sourceName, int topK, boolean mirrored) {
        state = new DemoState(feed, statsSource, topK, mirrored, System::nanoTime, Clock.systemDefaultZone(), new DemoState.Listener() {
            @Override
            public void propertyChange(String property, Object old, Object now) {
                firePropertyChange(property, old, now);
            }

            @Override
            public void animate() {
                animation.start();
            }
        });
        Keycap keycap = new Keycap();
        videoPainter = new VideoPainter(state);
        handPainter = new HandPainter(state);
        gesturePainter = new GesturePainter(state);
        noticePainter = new NoticePainter(state);
        sidePainter = new SidePanelPainter(state, teach, sourceName);
        statusPainter = new StatusBarPainter(state, keycap);
        helpPainter = new HelpPainter(keycap);
        setOpaque(true);
        setBackground(Theme.BACKGROUND);
        setPreferredSize(new Dimension(1280, 760));
        setFocusable(true);
        statsTimer = new Timer(500, e -> refreshStats());
        statsTimer.setInitialDelay(0);
        feed.consumer(this::pull);
        // The Teach panel sees keys before the window's bindings: typing a gesture's name must not quit.
        addKeyListener(new KeyAdapter() {
            @Override
            public void keyPressed(KeyEvent e) {
                if (teach.keyPressed(e)) e.consume();
            }

            @Override
            public void keyTyped(KeyEvent e) {
                if (teach.keyTyped(e)) e.consume();
            }

            @Override
            public void keyReleased(KeyEvent e) {
                if (teach.active()) e.consume();
            }
        });
    }

    TeachMode teach() {
        return teach;
    }

    /** Teach mode moved from {@code old} to {@code now}: fires "teach" with the new state's name. */
    void teachState(TeachMode.State old, TeachMode.State now) {
        teachChanged();
        firePropertyChange("teach", old.name(), now.name());
    }

    /** Something Teach mode draws changed: repaint (and keep animating the cue); fires "teachCue" with the cue's phase. */
    void teachChanged() {
        if (teach.animating(System.nanoTime())) animation.start();
        repaint();
        firePropertyChange("teachCue", null, teach.cue().phase().name());
    }

    @Override
    public void addNotify() {
        super.addNotify();
        statsTimer.start();
    }

    @Override
    public void removeNotify() {
        statsTimer.stop();
        animation.stop();
        teach.dispose();
        super.removeNotify();
    }

    // ---- data in (EDT) ---------------------------------------------------------------------------

    /** Takes whatever the feed holds that is newer than what is shown. */
    void pull() {
        int changed = state.pull();
        // Repaint only what changed: a new frame is the video area, new scores the side panel. Frames
        // come at 30+ fps, so not re-rendering the panel's text with each one matters on slow machines.
        if ((changed & DemoState.OTHER) != 0 || !state.overlay()) {
            repaint();
        } else {
            if ((changed & DemoState.NEW_FRAME) != 0) repaint(videoArea());
            if ((changed & DemoState.NEW_SCORES) != 0 && sideWidth() > 0) repaint(getWidth() - sideWidth(), 0, sideWidth(), getHeight());
        }
    }

    /** A transient message over the video, e.g. where a screenshot went. */
    void toast(String message, Color color) {
        state.toast(message, color);
        repaint();
    }

    /** Tells the user where a screenshot went (or why not); fires "screenshot" with the path or null. */
    void screenshotDone(java.nio.file.Path saved, String message, Color color) {
        toast(message, color);
        firePropertyChange("screenshot", null, saved);
    }

    /** Shown over the video until the first frame arrives, e.g. "Loading model…". */
    void phase(String text) {
        if (state.phase(text)) repaint();
    }

    void looping(boolean v) {
        state.looping(v);
    }

    /** The smoothed probability a gesture needs to fire (its activation threshold), marked on every bar. */
    void threshold(double v) {
        state.threshold(v);
        repaint();
    }

    private void refreshStats() {
        if (state.refreshStats()) repaint(0, getHeight() - statusHeight(), getWidth(), statusHeight());
    }

    private void animate() {
        long now = state.now();
        if (!state.animating(now) && !teach.animating(now)) animation.stop();
        repaint(videoArea()); // the label, the flash and the toasts all live over the video
    }

    // ---- keys (EDT) -------------------------------------------------------------------------------

    void togglePause() {
        state.togglePause();
        if (!state.paused()) pull();
        repaint();
    }

    void toggleOverlay() { state.toggleOverlay(); repaint(); }
    void toggleMirror() { state.toggleMirror(); repaint(); }
    void toggleHelp() { state.toggleHelp(); repaint(); }
    void hideHelp() { if (state.helpShown()) toggleHelp(); }

    boolean paused() { return state.paused(); }
    /** The toast currently shown, or null. */
    String toastText() { return state.toastText(); }
    int ignoredWhilePaused() { return state.ignoredWhilePaused(); }
    /** The message of the source problem or end of stream shown in the window, or null. */
    String problem() { return state.problem(); }
    boolean mirrored() { return state.mirrored(); }
    boolean overlay() { return state.overlay(); }
    boolean helpShown() { return state.helpShown(); }
    boolean hasFrame() { return state.hasFrame(); }
    /** How many classes the latest scores had (0 before the first). */
    int classesShown() { return state.classesShown(); }
    /** The labels of the latest scores shown (empty before the first). */
    List<String> labelsShown() { return state.hasScores() ? state.scores().labels : List.of(); }
    int eventsShown() { return state.eventsShown(); }
    /** The gesture label currently drawn over the video, or null when none is visible. */
    String visibleEventLabel() { return state.visibleEventLabel(); }

    // ---- layout (EDT) ----------------------------------------------------------------------------

    /** The on-screen rectangle of the video, in this component's coordinates (empty before a frame). */
    Rectangle videoBounds() {
        return new Rectangle(layoutVideo());
    }

    /** Lays out {@link #videoRect} for the current size and frame; returns it (reused, EDT only). */
    private Rectangle layoutVideo() {
        Rectangle area = videoArea();
        BufferedImage img = state.frame().image();
        if (!state.hasFrame() || img == null) {
            videoRect.setBounds(0, 0, 0, 0);
        } else {
            int iw = img.getWidth(), ih = img.getHeight();
            double sc = Math.min(area.width / (double) iw, area.height / (double) ih);
            int w = (int) Math.round(iw * sc), h = (int) Math.round(ih * sc);
            videoRect.setBounds(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
        }
        return videoRect;
    }

    private int sideWidth() {
        return state.overlay() ? Math.max(270, Math.min(380, getWidth() * 28 / 100)) : 0;
    }

    private int statusHeight() {
        return state.overlay() ? 36 : 0;
    }

    /** Where the video may go (the letterbox), in {@link #areaRect} (reused, EDT only). */
    private Rectangle videoArea() {
        int pad = state.overlay() ? 2 * Theme.GAP : 0;
        areaRect.setBounds(pad, pad, getWidth() - sideWidth() - 2 * pad, getHeight() - statusHeight() - 2 * pad);
        return areaRect;
    }

    // ---- painting (EDT) --------------------------------------------------------------------------

    /** What the window shows, as an image: the screenshot key. */
    BufferedImage snapshot() {
        BufferedImage img = new BufferedImage(Math.max(1, getWidth()), Math.max(1, getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            paintComponent(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The layers, bottom to top; each one only where the clip needs it. */
    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Theme.BACKGROUND);
            g.fillRect(0, 0, getWidth(), getHeight());
            long now = state.now();
            Rectangle video = layoutVideo();
            Rectangle area = areaRect;
            Rectangle overVideo = video.isEmpty() ? area : video;
            // getClipBounds(r) leaves r as it is when nothing clips (a snapshot into a new image): then
            // r must be the whole view, not the clip of whatever repaint came last.
            clipRect.setBounds(0, 0, getWidth(), getHeight());
            Rectangle clip = g.getClipBounds(clipRect);
            boolean videoDirty = clip.intersects(area);
            if (videoDirty) videoPainter.paint(g, area, video);
            if (state.overlay()) {
                if (videoDirty) {
                    if (!state.paused()) handPainter.paint(g, video);
                    noticePainter.paintChips(g, overVideo);
                    gesturePainter.paintFlash(g, video, now);
                    gesturePainter.paintLabel(g, overVideo, now);
                }
                if (videoDirty && teach.active()) teach.paintOverVideo(g, overVideo, now);
                int sw = sideWidth();
                if (clip.intersects(getWidth() - sw, 0, sw, getHeight())) {
                    sidePainter.paint(g, getWidth() - sw, sw, getHeight() - statusHeight());
                }
                if (clip.y + clip.height > getHeight() - statusHeight()) {
                    statusPainter.paint(g, getWidth(), getHeight(), statusHeight());
                }
            }
            noticePainter.paintBanners(g, overVideo, now);
            if (state.helpShown()) helpPainter.paint(g, getWidth(), getHeight());
        } finally {
            g.dispose();
        }
    }
}
