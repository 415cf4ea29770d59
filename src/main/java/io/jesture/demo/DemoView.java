package io.jesture.demo;

import io.jesture.FrameSource;
import io.jesture.GestureEvent;
import io.jesture.PipelineStatus;
import io.jesture.RecognizerStats;

import javax.swing.JComponent;
import javax.swing.Timer;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.font.TextAttribute;
import java.awt.image.BufferedImage;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The demo's single painted surface: letterboxed video, a side panel with live class probabilities
 * and recent gestures, a status bar, and transient layers (gesture label, flash, banners, help).
 *
 * <p>Everything here runs on the EDT. {@link #pull()} moves new data out of the {@link DemoFeed} and
 * decides what changed; {@link #paintComponent} only draws that state, so painting the component into
 * an image (a screenshot) shows exactly what is on screen. Strings that change with data are built when
 * the data changes, not per paint.
 */
final class DemoView extends JComponent {
    /** How long a fired gesture's label stays fully visible, then how long it fades. */
    static final long EVENT_HOLD_NANOS = 1_400_000_000L;
    static final long EVENT_FADE_NANOS = 900_000_000L;
    static final long FLASH_NANOS = 380_000_000L;
    static final long TOAST_NANOS = 4_000_000_000L;
    /** Warnings and errors stay longer: they usually need reading. */
    static final long ALERT_NANOS = 9_000_000_000L;
    static final int HISTORY = 10;

    private static final String[] PERCENT = new String[101];
    private static final Color PAUSE_SCRIM = Theme.alpha(Color.BLACK, 0.5f);
    private static final Color HELP_SCRIM = Theme.alpha(Color.BLACK, 0.6f);
    private static final Color FLASH_FILL = Theme.alpha(Theme.ACCENT, 0.22f);
    private static final Color EVENT_CARD = Theme.alpha(Theme.PANEL, 0.88f);
    private static final Color BANNER_CARD = Theme.alpha(Theme.PANEL, 0.94f);
    private static final Color TEXT_SOFT = Theme.alpha(Theme.TEXT, 0.82f);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String[][] KEYS = {
            {"q  Esc", "Quit"},
            {"space", "Pause / resume: freeze the video, the scores and gesture handling"},
            {"s", "Save a PNG screenshot of this window"},
            {"o", "Show / hide the overlay (panels, labels, status bar)"},
            {"m", "Mirror the display (the model always sees unmirrored frames)"},
            {"t", "Teach: record takes of a gesture, then adapt and load a profile"},
            {"h", "Show / hide this help"},
    };

    static {
        for (int i = 0; i <= 100; i++) PERCENT[i] = i + "%";
    }

    private final DemoFeed feed;
    private final Supplier<RecognizerStats> statsSource;
    private final String sourceName;
    private final int topK;

    private final Font fTitle = Theme.sans(Font.BOLD, 21f);
    private final Font fSubtitle = Theme.sans(Font.PLAIN, 12f);
    private final Font fHeading = Theme.sans(Font.BOLD, 10.5f).deriveFont(Map.of(TextAttribute.TRACKING, 0.12f));
    private final Font fLabel = Theme.sans(Font.PLAIN, 13f);
    private final Font fLabelBold = Theme.sans(Font.BOLD, 13f);
    private final Font fNumber = Theme.mono(Font.PLAIN, 12f);
    private final Font fNumberBold = Theme.mono(Font.BOLD, 12f);
    private final Font fEvent = Theme.sans(Font.BOLD, 38f);
    private final Font fEventConf = Theme.mono(Font.BOLD, 22f);
    private final Font fBanner = Theme.sans(Font.BOLD, 14f);
    private final Font fBannerText = Theme.sans(Font.PLAIN, 13f);
    private final Font fChip = Theme.sans(Font.BOLD, 11f).deriveFont(Map.of(TextAttribute.TRACKING, 0.08f));
    private final Font fStatusKey = Theme.sans(Font.PLAIN, 11f);
    private final Font fPhase = Theme.sans(Font.PLAIN, 17f);
    private final Font fHelpTitle = Theme.sans(Font.BOLD, 18f);
    private final Font fKey = Theme.mono(Font.BOLD, 12f);

    private final Rectangle areaRect = new Rectangle();
    private final Rectangle videoRect = new Rectangle();
    private final Rectangle clipRect = new Rectangle();
    private final Timer animation = new Timer(16, e -> animate());
    private final Timer statsTimer;
    private final TeachMode teach = new TeachMode(this);

    // View state, EDT only.
    private boolean paused;
    private boolean mirrored;
    private boolean overlay = true;
    private boolean help;
    private boolean looping;
    private float threshold;
    private String thresholdText = "";
    private boolean haveFrame;
    private String phase = "Starting…";
    private String formatText = "";
    private FrameSource.Format shownFormat;

    private boolean haveScores;
    private int[] order = new int[0];
    private int shownK;

    private final ArrayDeque<String[]> history = new ArrayDeque<>(); // {time, label, percent}
    private GestureEvent lastEvent;
    private String lastEventPercent = "";
    private long lastEventAt = Long.MIN_VALUE / 2;
    private int eventsShown;
    private int ignoredWhilePaused;

    private PipelineStatus sourceProblem;
    private boolean providerFellBack;
    private String endOfStream;
    private String toast;
    private Color toastColor = Theme.TEXT;
    private long toastAt = Long.MIN_VALUE / 2;
    private long toastNanos = TOAST_NANOS;

    private String[] statusValues = {"–", "–", "–", "–", "–", "–", "–"};
    /** Frames shown, for the display rate: it falls behind the capture rate if painting cannot keep up. */
    private long framesAcquired;
    private long framesAcquiredPainted;
    private long framesShown;
    private long framesShownBefore;
    private long statsAt;
    private static final String[] STATUS_KEYS = {"capture", "display", "inference", "p50", "dropped", "provider", "model"};

    DemoView(DemoFeed feed, Supplier<RecognizerStats> statsSource, String sourceName, int topK, boolean mirrored) {
        this.feed = feed;
        this.statsSource = statsSource;
        this.sourceName = sourceName;
        this.topK = topK;
        this.mirrored = mirrored;
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
        boolean newFrame = false, newScores = false, other = false;
        if (!paused) {
            if (feed.frames.acquire()) {
                newFrame = true;
                framesAcquired++;
                VideoFrame f = feed.frames.front();
                if (!f.format().equals(shownFormat)) { // a new source or size: the panel's format line changes
                    other = true;
                    shownFormat = f.format();
                    formatText = shownFormat.width() + "×" + shownFormat.height() + " · "
                            + String.format(Locale.ROOT, "%.0f fps", shownFormat.fps());
                }
                phase = null;
                if (!haveFrame) {
                    haveFrame = true;
                    other = true; // the layout and the side panel's format line change
                    firePropertyChange("video", false, true);
                }
            }
            if (feed.scores.acquire()) {
                rank();
                newScores = true;
            }
        }
        GestureEvent e;
        while ((e = feed.events.poll()) != null) {
            other = true;
            if (paused) ignoredWhilePaused++;
            else show(e);
        }
        PipelineStatus s;
        String problemBefore = problem();
        while ((s = feed.statuses.poll()) != null) {
            other = true;
            apply(s);
        }
        firePropertyChange("problem", problemBefore, problem());
        String err;
        while ((err = feed.errors.poll()) != null) {
            other = true;
            toast(err + "  (details in the log)", Theme.ERROR);
        }
        // Repaint only what changed: a new frame is the video area, new scores the side panel. Frames
        // come at 30+ fps, so not re-rendering the panel's text with each one matters on slow machines.
        if (other || !overlay) {
            repaint();
        } else {
            if (newFrame) repaint(videoArea());
            if (newScores && sideWidth() > 0) repaint(getWidth() - sideWidth(), 0, sideWidth(), getHeight());
        }
    }

    private void rank() {
        ScoreSlot s = feed.scores.front();
        int n = s.smoothed.length;
        if (order.length != n) { // a recognizer with other classes (Teach mode loaded a profile): fires "classes"
            int before = order.length;
            order = new int[n];
            firePropertyChange("classes", before, n);
        }
        for (int i = 0; i < n; i++) order[i] = i;
        shownK = Math.min(topK, n);
        for (int i = 0; i < shownK; i++) { // partial selection sort: k * n, no allocation
            int best = i;
            for (int j = i + 1; j < n; j++) if (s.smoothed[order[j]] > s.smoothed[order[best]]) best = j;
            int t = order[i]; order[i] = order[best]; order[best] = t;
        }
        haveScores = n > 0;
    }

    private void show(GestureEvent e) {
        lastEvent = e;
        lastEventPercent = percent(e.confidence());
        lastEventAt = System.nanoTime();
        eventsShown++;
        history.addFirst(new String[] {LocalTime.now().format(CLOCK), e.label(), lastEventPercent});
        while (history.size() > HISTORY) history.removeLast();
        animation.start();
        firePropertyChange("gesture", null, e);
    }

    private void apply(PipelineStatus s) {
        switch (s.kind()) {
            case SOURCE_OPENED -> {
                sourceProblem = null;
                endOfStream = null;
                if (!haveFrame) phase = "Waiting for the first frame…";
            }
            case SOURCE_LOST -> sourceProblem = s;
            case SOURCE_RECOVERED -> {
                sourceProblem = null;
                toast("Source recovered", Theme.OK);
            }
            case END_OF_STREAM -> {
                if (looping) toast("End of stream: starting over (--loop)", Theme.ACCENT);
                else endOfStream = s.message();
            }
            case PROVIDER_FALLBACK -> {
                providerFellBack = true;
                toast(s.message(), Theme.WARN);
            }
        }
    }

    /** A transient message over the video, e.g. where a screenshot went. */
    void toast(String message, Color color) {
        toast = message;
        toastColor = color;
        toastAt = System.nanoTime();
        toastNanos = color == Theme.WARN || color == Theme.ERROR ? ALERT_NANOS : TOAST_NANOS;
        animation.start();
        repaint();
    }

    /** Tells the user where a screenshot went (or why not); fires "screenshot" with the path or null. */
    void screenshotDone(java.nio.file.Path saved, String message, Color color) {
        toast(message, color);
        firePropertyChange("screenshot", null, saved);
    }

    /** Shown over the video until the first frame arrives, e.g. "Loading model…". */
    void phase(String text) {
        if (!haveFrame) {
            phase = text;
            repaint();
        }
    }

    void looping(boolean v) {
        looping = v;
    }

    /** The smoothed probability a gesture needs to fire (its activation threshold), marked on every bar. */
    void threshold(double v) {
        threshold = (float) v;
        thresholdText = percent(threshold);
        repaint();
    }

    private void refreshStats() {
        RecognizerStats st;
        try {
            st = statsSource.get();
        } catch (RuntimeException e) {
            return; // not started yet: keep the dashes
        }
        long now = System.nanoTime();
        double displayFps = statsAt == 0 || paused ? 0 : (framesShown - framesShownBefore) * 1e9 / (now - statsAt);
        framesShownBefore = framesShown;
        statsAt = now;
        if (st == null) return;
        statusValues = new String[] {
                String.format(Locale.ROOT, "%.1f fps", st.captureFps()),
                String.format(Locale.ROOT, "%.1f fps", displayFps),
                String.format(Locale.ROOT, "%.1f /s", st.inferenceRate()),
                String.format(Locale.ROOT, "%.1f ms", st.inferenceP50Millis()),
                Long.toString(st.framesDropped()),
                st.provider() == null ? "–" : st.provider().name(),
                st.modelName() == null ? "–" : st.modelName(),
        };
        repaint(0, getHeight() - statusHeight(), getWidth(), statusHeight());
    }

    private void animate() {
        long now = System.nanoTime();
        boolean busy = now - lastEventAt < EVENT_HOLD_NANOS + EVENT_FADE_NANOS || now - toastAt < toastNanos || teach.animating(now);
        if (!busy) animation.stop();
        repaint(videoArea()); // the label, the flash and the toasts all live over the video
    }

    // ---- keys (EDT) -------------------------------------------------------------------------------

    void togglePause() {
        paused = !paused;
        firePropertyChange("paused", !paused, paused);
        if (!paused) {
            if (ignoredWhilePaused > 0) {
                toast(ignoredWhilePaused + (ignoredWhilePaused == 1 ? " gesture" : " gestures") + " ignored while paused", Theme.TEXT_DIM);
            }
            ignoredWhilePaused = 0;
            pull();
        }
        repaint();
    }

    // Each toggle fires a property change, so tests and embedders can observe the window's state.
    void toggleOverlay() { overlay = !overlay; firePropertyChange("overlay", !overlay, overlay); repaint(); }
    void toggleMirror() { mirrored = !mirrored; firePropertyChange("mirrored", !mirrored, mirrored); repaint(); }
    void toggleHelp() { help = !help; firePropertyChange("help", !help, help); repaint(); }
    void hideHelp() { if (help) toggleHelp(); }

    boolean paused() { return paused; }
    /** The toast currently shown, or null. */
    String toastText() { return toast != null && System.nanoTime() - toastAt < toastNanos ? toast : null; }
    int ignoredWhilePaused() { return ignoredWhilePaused; }
    /** The message of the source problem or end of stream shown in the window, or null. */
    String problem() { return sourceProblem != null ? sourceProblem.message() : endOfStream; }
    boolean mirrored() { return mirrored; }
    boolean overlay() { return overlay; }
    boolean helpShown() { return help; }
    boolean hasFrame() { return haveFrame; }
    /** How many classes the latest scores had (0 before the first). */
    int classesShown() { return order.length; }
    /** The labels of the latest scores shown (empty before the first). */
    List<String> labelsShown() { return haveScores ? feed.scores.front().labels : List.of(); }
    int eventsShown() { return eventsShown; }

    /** The gesture label currently drawn over the video, or null when none is visible. */
    String visibleEventLabel() {
        return lastEvent != null && overlay && System.nanoTime() - lastEventAt < EVENT_HOLD_NANOS + EVENT_FADE_NANOS
                ? lastEvent.label() : null;
    }

    /** The on-screen rectangle of the video, in this component's coordinates (empty before a frame). */
    Rectangle videoBounds() {
        return new Rectangle(layoutVideo());
    }

    /** Lays out {@link #videoRect} for the current size and frame; returns it (reused, EDT only). */
    private Rectangle layoutVideo() {
        Rectangle area = videoArea();
        VideoFrame f = feed.frames.front();
        if (!haveFrame || f.image() == null) {
            videoRect.setBounds(0, 0, 0, 0);
        } else {
            int iw = f.image().getWidth(), ih = f.image().getHeight();
            double sc = Math.min(area.width / (double) iw, area.height / (double) ih);
            int w = (int) Math.round(iw * sc), h = (int) Math.round(ih * sc);
            videoRect.setBounds(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
        }
        return videoRect;
    }

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

    // ---- painting (EDT) --------------------------------------------------------------------------

    private int sideWidth() {
        return overlay ? Math.max(270, Math.min(380, getWidth() * 28 / 100)) : 0;
    }

    private int statusHeight() {
        return overlay ? 36 : 0;
    }

    /** Where the video may go (the letterbox), in {@link #areaRect} (reused, EDT only). */
    private Rectangle videoArea() {
        int pad = overlay ? 2 * Theme.GAP : 0;
        areaRect.setBounds(pad, pad, getWidth() - sideWidth() - 2 * pad, getHeight() - statusHeight() - 2 * pad);
        return areaRect;
    }

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
            long now = System.nanoTime();
            Rectangle video = layoutVideo();
            Rectangle area = areaRect;
            Rectangle clip = g.getClipBounds(clipRect);
            boolean videoDirty = clip == null || clip.intersects(area);
            if (videoDirty) paintVideo(g, area, video);
            if (overlay) {
                if (videoDirty) {
                    paintVideoChips(g, area, video);
                    paintFlash(g, video, now);
                    paintEvent(g, video.isEmpty() ? area : video, now);
                }
                if (videoDirty && teach.active()) teach.paintOverVideo(g, video.isEmpty() ? area : video, now);
                int sw = sideWidth();
                if (clip == null || clip.intersects(getWidth() - sw, 0, sw, getHeight())) paintSide(g);
                if (clip == null || clip.y + clip.height > getHeight() - statusHeight()) paintStatusBar(g);
            }
            paintBanners(g, video.isEmpty() ? area : video, now);
            if (help) paintHelp(g);
        } finally {
            g.dispose();
        }
    }

    private void paintVideo(Graphics2D g, Rectangle area, Rectangle r) {
        VideoFrame f = feed.frames.front();
        BufferedImage img = f.image();
        if (!haveFrame || img == null) {
            // An empty "screen" until video arrives; afterwards the letterbox is plain background.
            g.setColor(Theme.VIDEO_BACKGROUND);
            g.fillRoundRect(area.x, area.y, area.width, area.height, 12, 12);
            if (phase != null) centered(g, phase, fPhase, Theme.TEXT_DIM, area, area.y + area.height / 2);
            return;
        }
        if (framesAcquiredPainted != framesAcquired) { // a new frame reached the screen (repaints coalesce)
            framesAcquiredPainted = framesAcquired;
            framesShown++;
        }
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        if (mirrored) {
            g.drawImage(img, r.x + r.width, r.y, r.x, r.y + r.height, 0, 0, img.getWidth(), img.getHeight(), null);
        } else {
            g.drawImage(img, r.x, r.y, r.width, r.height, null);
        }
        if (paused) {
            g.setColor(PAUSE_SCRIM);
            g.fillRect(r.x, r.y, r.width, r.height);
            int cy = r.y + r.height / 2;
            centered(g, "Paused", fEvent, Theme.TEXT, r, cy);
            centered(g, "Video, scores and gestures are on hold; the recognizer keeps running. Space resumes.",
                    fBannerText, Theme.TEXT_DIM, r, cy + 34);
        }
    }

    private void paintVideoChips(Graphics2D g, Rectangle area, Rectangle video) {
        Rectangle r = video.isEmpty() ? area : video;
        int x = r.x + 2 * Theme.GAP, y = r.y + 2 * Theme.GAP;
        Color dot = sourceProblem != null ? Theme.ERROR : paused ? Theme.WARN : endOfStream != null ? Theme.TEXT_DIM
                : haveFrame ? Theme.OK : Theme.TEXT_DIM;
        String text = sourceProblem != null ? "SOURCE LOST" : paused ? "PAUSED" : endOfStream != null ? "ENDED"
                : haveFrame ? "LIVE" : "STARTING";
        x += chip(g, x, y, text, dot) + Theme.GAP;
        if (mirrored) chip(g, x, y, "MIRRORED", null);
    }

    /** A small pill with an optional status dot; returns its width. */
    private int chip(Graphics2D g, int x, int y, String text, Color dot) {
        FontMetrics fm = g.getFontMetrics(fChip);
        int h = 24, padX = 10, dotW = dot == null ? 0 : 14;
        int w = padX * 2 + dotW + fm.stringWidth(text);
        g.setColor(Theme.SCRIM);
        g.fillRoundRect(x, y, w, h, h, h);
        if (dot != null) {
            g.setColor(dot);
            g.fillOval(x + padX, y + h / 2 - 4, 8, 8);
        }
        g.setFont(fChip);
        g.setColor(Theme.TEXT);
        g.drawString(text, x + padX + dotW, y + (h + fm.getAscent() - fm.getDescent()) / 2);
        return w;
    }

    private void paintFlash(Graphics2D g, Rectangle video, long now) {
        long dt = now - lastEventAt;
        if (video.isEmpty() || dt < 0 || dt >= FLASH_NANOS) return;
        float a = 1f - dt / (float) FLASH_NANOS;
        Composite old = g.getComposite();
        g.setComposite(fade(a));
        g.setColor(FLASH_FILL);
        g.fillRect(video.x, video.y, video.width, video.height);
        g.setColor(Theme.ACCENT);
        int t = 6;
        g.fillRect(video.x, video.y, video.width, t);
        g.fillRect(video.x, video.y + video.height - t, video.width, t);
        g.fillRect(video.x, video.y, t, video.height);
        g.fillRect(video.x + video.width - t, video.y, t, video.height);
        g.setComposite(old);
    }

    private void paintEvent(Graphics2D g, Rectangle r, long now) {
        long dt = now - lastEventAt;
        if (lastEvent == null || dt < 0 || dt >= EVENT_HOLD_NANOS + EVENT_FADE_NANOS) return;
        float a = dt < EVENT_HOLD_NANOS ? 1f : 1f - (dt - EVENT_HOLD_NANOS) / (float) EVENT_FADE_NANOS;
        // A short rise as it appears: the label settles into place over its first 150 ms.
        int rise = dt < 150_000_000L ? (int) (12 * (1 - dt / 150e6)) : 0;
        FontMetrics fm = g.getFontMetrics(fEvent);
        FontMetrics fc = g.getFontMetrics(fEventConf);
        String label = lastEvent.label();
        int gap = 18, padX = 28, h = 72;
        int w = Math.min(r.width - 32, padX * 2 + fm.stringWidth(label) + gap + fc.stringWidth(lastEventPercent));
        int x = r.x + (r.width - w) / 2, y = r.y + r.height - h - 28 + rise;
        Composite old = g.getComposite();
        g.setComposite(fade(a));
        g.setColor(EVENT_CARD);
        g.fillRoundRect(x, y, w, h, 20, 20);
        g.setColor(Theme.ACCENT);
        g.fillRoundRect(x, y + h - 4, w, 4, 4, 4);
        int base = y + (h + fm.getAscent() - fm.getDescent()) / 2 - 1;
        g.setFont(fEvent);
        g.setColor(Theme.TEXT);
        g.drawString(label, x + padX, base);
        g.setFont(fEventConf);
        g.setColor(Theme.ACCENT);
        g.drawString(lastEventPercent, x + w - padX - fc.stringWidth(lastEventPercent), base);
        g.setComposite(old);
    }

    private void paintBanners(Graphics2D g, Rectangle area, long now) {
        int y = area.y + 2 * Theme.GAP + (overlay ? 36 : 0);
        if (sourceProblem != null) {
            y += banner(g, area, y, "Source lost", sourceProblem.message(), "Reconnecting… the demo resumes by itself when frames come back.", Theme.ERROR) + Theme.GAP;
        }
        if (endOfStream != null) {
            y += banner(g, area, y, "End of stream", endOfStream, "Press q to quit. Run with --loop to play a file over and over.", Theme.WARN) + Theme.GAP;
        }
        long dt = now - toastAt;
        if (toast != null && dt >= 0 && dt < toastNanos) {
            float a = dt < toastNanos - 500_000_000L ? 1f : (toastNanos - dt) / 500e6f;
            Composite old = g.getComposite();
            g.setComposite(fade(a));
            FontMetrics fm = g.getFontMetrics(fBannerText);
            int max = area.width - 32 - 2 * 18 - 6;
            int cut = fm.stringWidth(toast) <= max ? -1 : toast.lastIndexOf(' ', fitChars(toast, fm, max));
            if (cut > 0) banner(g, area, y, null, toast.substring(0, cut), toast.substring(cut + 1), toastColor);
            else banner(g, area, y, null, toast, null, toastColor);
            g.setComposite(old);
        }
    }

    /** A centered message card with a coloured edge and an optional second, dimmer line; returns its height. */
    private int banner(Graphics2D g, Rectangle area, int y, String title, String text, String hint, Color color) {
        FontMetrics ft = g.getFontMetrics(fBanner), fm = g.getFontMetrics(fBannerText);
        int padX = 18, lineH = 20, h = hint == null ? 38 : 58;
        int titleW = title == null ? 0 : ft.stringWidth(title) + 12;
        int maxText = area.width - 32 - 2 * padX - 6;
        String shown = ellipsize(text, fm, maxText - titleW);
        String shownHint = hint == null ? null : ellipsize(hint, fm, maxText);
        int content = Math.max(titleW + fm.stringWidth(shown), shownHint == null ? 0 : fm.stringWidth(shownHint));
        int w = Math.min(area.width - 32, 2 * padX + 6 + content);
        int x = area.x + (area.width - w) / 2;
        g.setColor(BANNER_CARD);
        g.fillRoundRect(x, y, w, h, 12, 12);
        g.setColor(color);
        g.fillRoundRect(x, y, 5, h, 4, 4);
        int base = y + (hint == null ? (h + fm.getAscent() - fm.getDescent()) / 2 : 24);
        int tx = x + padX + 6;
        if (title != null) {
            g.setFont(fBanner);
            g.setColor(color);
            g.drawString(title, tx, base);
        }
        g.setFont(fBannerText);
        g.setColor(Theme.TEXT);
        g.drawString(shown, tx + titleW, base);
        if (shownHint != null) {
            g.setColor(title == null ? Theme.TEXT : Theme.TEXT_DIM); // a wrapped toast, or a titled banner's next step
            g.drawString(shownHint, tx, base + lineH);
        }
        return h;
    }

    private void paintSide(Graphics2D g) {
        int sw = sideWidth(), x0 = getWidth() - sw, h = getHeight() - statusHeight();
        g.setColor(Theme.PANEL);
        g.fillRect(x0, 0, sw, h);
        g.setColor(Theme.DIVIDER);
        g.fillRect(x0, 0, 1, h);
        int pad = 3 * Theme.GAP, x = x0 + pad, w = sw - 2 * pad;

        // Header: wordmark and source.
        int y = pad + 22;
        g.setFont(fTitle);
        g.setColor(Theme.TEXT);
        g.drawString("jesture", x, y);
        int tw = g.getFontMetrics(fTitle).stringWidth("jesture");
        g.setColor(Theme.ACCENT);
        g.fillOval(x + tw + 5, y - 6, 7, 7);
        y += 22;
        g.setFont(fSubtitle);
        g.setColor(Theme.TEXT_DIM);
        FontMetrics fs = g.getFontMetrics(fSubtitle);
        g.drawString(ellipsize(sourceName, fs, w), x, y);
        if (!formatText.isEmpty()) {
            y += 17;
            g.setColor(Theme.TEXT_FAINT);
            g.drawString(formatText, x, y);
        }
        y += 2 * Theme.GAP + 8;
        g.setColor(Theme.DIVIDER);
        g.fillRect(x, y, w, 1);
        y += 3 * Theme.GAP;
        if (teach.active()) { // Teach mode takes the panel: the scores and history come back when it closes
            teach.paintPanel(g, x, y, w, h - pad);
            return;
        }

        y = paintScores(g, x, y, w);
        y += 2 * Theme.GAP;
        g.setColor(Theme.DIVIDER);
        g.fillRect(x, y, w, 1);
        y += 3 * Theme.GAP;
        paintHistory(g, x, y, w, h - pad);
    }

    private int paintScores(Graphics2D g, int x, int y, int w) {
        heading(g, "CLASS PROBABILITIES", x, y);
        y += 2 * Theme.GAP + 4;

        if (!haveScores) {
            g.setFont(fLabel);
            g.setColor(Theme.TEXT_FAINT);
            g.drawString("Waiting for the first inference…", x, y + 14);
            y += topK * 38;
            legend(g, x, y + 2);
            return y + 6;
        }
        ScoreSlot s = feed.scores.front();
        FontMetrics fm = g.getFontMetrics(fLabel), fn = g.getFontMetrics(fNumber);
        int rowH = 38;
        for (int i = 0; i < shownK; i++) {
            int c = order[i];
            float p = clamp01(s.smoothed[c]), r = clamp01(s.raw[c]);
            boolean top = i == 0;
            int base = y + 13;
            String pct = percent(p);
            g.setFont(top ? fNumberBold : fNumber);
            g.setColor(top ? Theme.ACCENT : Theme.TEXT_DIM);
            int pw = fn.stringWidth(pct);
            g.drawString(pct, x + w - pw, base);
            g.setFont(top ? fLabelBold : fLabel);
            g.setColor(top ? Theme.TEXT : TEXT_SOFT);
            g.drawString(ellipsize(s.labels.size() > c ? s.labels.get(c) : "#" + c, fm, w - pw - Theme.GAP), x, base);
            int by = y + 21, bh = 6;
            g.setColor(Theme.BAR_TRACK);
            g.fillRoundRect(x, by, w, bh, bh, bh);
            int bw = Math.round(p * w);
            if (bw > 0) {
                g.setColor(top ? Theme.ACCENT : Theme.BAR);
                g.fillRoundRect(x, by, Math.max(bw, bh), bh, bh, bh);
            }
            if (threshold > 0) { // where the smoothed bar must reach for the gesture to fire
                g.setColor(Theme.TEXT_FAINT);
                g.fillRect(x + Math.round(threshold * w), by, 1, bh);
            }
            int rx = x + Math.round(r * (w - 2));
            g.setColor(Theme.TEXT);
            g.fillRect(rx, by - 3, 2, bh + 6);
            y += rowH;
        }
        y += (topK - shownK) * rowH;
        legend(g, x, y + 2);
        return y + 6;
    }

    /** Explains the two marks on a bar: the solid fill is smoothed, the thin tick is the latest raw value. */
    private void legend(Graphics2D g, int x, int y) {
        FontMetrics fl = g.getFontMetrics(fStatusKey);
        g.setFont(fStatusKey);
        g.setColor(Theme.ACCENT);
        g.fillRoundRect(x, y - 7, 14, 6, 6, 6);
        g.setColor(Theme.TEXT_DIM);
        g.drawString("smoothed", x + 20, y);
        int rx = x + 20 + fl.stringWidth("smoothed") + 3 * Theme.GAP;
        g.setColor(Theme.TEXT);
        g.fillRect(rx, y - 10, 2, 12);
        g.setColor(Theme.TEXT_DIM);
        g.drawString("raw", rx + 8, y);
        if (threshold > 0) {
            int tx = rx + 8 + fl.stringWidth("raw") + 3 * Theme.GAP;
            g.setColor(Theme.TEXT_FAINT);
            g.fillRect(tx, y - 8, 1, 6);
            g.setColor(Theme.TEXT_DIM);
            g.drawString("fires at " + thresholdText, tx + 7, y);
        }
    }

    private void paintHistory(Graphics2D g, int x, int y, int w, int bottom) {
        heading(g, "RECENT GESTURES", x, y);
        if (ignoredWhilePaused > 0) {
            String t = ignoredWhilePaused + " ignored while paused";
            g.setFont(fStatusKey);
            g.setColor(Theme.WARN);
            g.drawString(t, x + w - g.getFontMetrics(fStatusKey).stringWidth(t), y);
        }
        y += 2 * Theme.GAP + 4;
        if (history.isEmpty()) {
            g.setFont(fLabel);
            g.setColor(Theme.TEXT_FAINT);
            g.drawString("None yet.", x, y + 14);
            g.drawString("Make a gesture in front of the camera.", x, y + 34);
            return;
        }
        FontMetrics fm = g.getFontMetrics(fLabel), fn = g.getFontMetrics(fNumber);
        int rowH = 28, timeW = fn.stringWidth("00:00:00") + 2 * Theme.GAP;
        boolean first = true;
        for (String[] row : history) {
            if (y + rowH > bottom) break;
            if (first) {
                g.setColor(Theme.PANEL_RAISED);
                g.fillRoundRect(x - Theme.GAP, y - 2, w + 2 * Theme.GAP, rowH - 2, 10, 10);
            }
            int base = y + 16;
            g.setFont(fNumber);
            g.setColor(Theme.TEXT_FAINT);
            g.drawString(row[0], x, base);
            int pw = fn.stringWidth(row[2]);
            g.setColor(first ? Theme.ACCENT : Theme.TEXT_DIM);
            g.drawString(row[2], x + w - pw, base);
            g.setFont(first ? fLabelBold : fLabel);
            g.setColor(first ? Theme.TEXT : TEXT_SOFT);
            g.drawString(ellipsize(row[1], fm, w - timeW - pw - Theme.GAP), x + timeW, base);
            y += rowH;
            first = false;
        }
    }

    private void heading(Graphics2D g, String text, int x, int y) {
        g.setFont(fHeading);
        g.setColor(Theme.TEXT_DIM);
        g.drawString(text, x, y);
    }

    private void paintStatusBar(Graphics2D g) {
        int h = statusHeight(), y0 = getHeight() - h, W = getWidth();
        g.setColor(Theme.PANEL);
        g.fillRect(0, y0, W, h);
        g.setColor(Theme.DIVIDER);
        g.fillRect(0, y0, W, 1);
        FontMetrics fk = g.getFontMetrics(fStatusKey), fv = g.getFontMetrics(fNumber);
        int base = y0 + (h + fv.getAscent() - fv.getDescent()) / 2 + 1;
        // Right: the help hint. Items on the left stop before it.
        String hint = "help";
        int kw = fv.stringWidth("h") + 12;
        int hx = W - 2 * Theme.GAP - fk.stringWidth(hint) - Theme.GAP - kw;
        keycap(g, "h", hx, y0 + (h - 20) / 2, kw, 20);
        g.setFont(fStatusKey);
        g.setColor(Theme.TEXT_DIM);
        g.drawString(hint, hx + kw + Theme.GAP, base);

        int x = 2 * Theme.GAP;
        for (int i = 0; i < STATUS_KEYS.length; i++) {
            String k = STATUS_KEYS[i], v = statusValues[i];
            int need = fk.stringWidth(k) + 6 + fv.stringWidth(v);
            if (x + need > hx - 2 * Theme.GAP) break;
            g.setFont(fStatusKey);
            g.setColor(Theme.TEXT_FAINT);
            g.drawString(k, x, base);
            x += fk.stringWidth(k) + 6;
            g.setFont(fNumber);
            g.setColor(i == 5 && providerFellBack ? Theme.WARN : Theme.TEXT);
            g.drawString(v, x, base);
            x += fv.stringWidth(v) + 3 * Theme.GAP;
        }
    }

    private void keycap(Graphics2D g, String key, int x, int y, int w, int h) {
        g.setColor(Theme.PANEL_RAISED);
        g.fillRoundRect(x, y, w, h, 6, 6);
        g.setColor(Theme.DIVIDER);
        g.drawRoundRect(x, y, w - 1, h - 1, 6, 6);
        FontMetrics fm = g.getFontMetrics(fKey);
        g.setFont(fKey);
        g.setColor(Theme.TEXT);
        g.drawString(key, x + (w - fm.stringWidth(key)) / 2, y + (h + fm.getAscent() - fm.getDescent()) / 2);
    }

    private void paintHelp(Graphics2D g) {
        g.setColor(HELP_SCRIM);
        g.fillRect(0, 0, getWidth(), getHeight());
        FontMetrics fd = g.getFontMetrics(fLabel), fk = g.getFontMetrics(fKey);
        int keyW = 0, descW = 0;
        for (String[] k : KEYS) {
            int kw = 0;
            for (String part : k[0].split(" {2}")) kw += fk.stringWidth(part) + 16 + 6; // help only, not per frame
            keyW = Math.max(keyW, kw);
            descW = Math.max(descW, fd.stringWidth(k[1]));
        }
        int pad = 28, rowH = 34;
        int w = Math.min(getWidth() - 32, pad * 2 + keyW + 12 + descW);
        int h = pad * 2 + 40 + KEYS.length * rowH + 24;
        int x = (getWidth() - w) / 2, y = (getHeight() - h) / 2;
        g.setColor(Theme.PANEL);
        g.fillRoundRect(x, y, w, h, 18, 18);
        g.setColor(Theme.DIVIDER);
        g.drawRoundRect(x, y, w - 1, h - 1, 18, 18);
        g.setFont(fHelpTitle);
        g.setColor(Theme.TEXT);
        g.drawString("Keyboard", x + pad, y + pad + 16);
        int ry = y + pad + 40;
        for (String[] k : KEYS) {
            int kx = x + pad;
            for (String part : k[0].split(" {2}")) {
                int kw = fk.stringWidth(part) + 16;
                keycap(g, part, kx, ry, kw, 24);
                kx += kw + 6;
            }
            g.setFont(fLabel);
            g.setColor(Theme.TEXT);
            g.drawString(ellipsize(k[1], fd, w - 2 * pad - keyW - 12), x + pad + keyW + 12, ry + 17);
            ry += rowH;
        }
        g.setFont(fStatusKey);
        g.setColor(Theme.TEXT_DIM);
        g.drawString("h or Esc closes this help.", x + pad, ry + 14);
    }

    private void centered(Graphics2D g, String text, Font font, Color color, Rectangle r, int baseline) {
        FontMetrics fm = g.getFontMetrics(font);
        String shown = ellipsize(text, fm, r.width - 32);
        g.setFont(font);
        g.setColor(color);
        g.drawString(shown, r.x + (r.width - fm.stringWidth(shown)) / 2, baseline);
    }

    /** How many leading characters of {@code s} fit in {@code width}. */
    private static int fitChars(String s, FontMetrics fm, int width) {
        int n = s.length();
        while (n > 0 && fm.stringWidth(s.substring(0, n)) > width) n--;
        return n;
    }

    private static String ellipsize(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) return s;
        int n = s.length();
        while (n > 0 && fm.stringWidth(s.substring(0, n)) + fm.stringWidth("…") > width) n--;
        return s.substring(0, n) + "…";
    }

    /** Fading composites, precomputed in 64 steps so that animations allocate nothing per paint. */
    private static final AlphaComposite[] FADES = new AlphaComposite[65];

    static {
        for (int i = 0; i <= 64; i++) FADES[i] = AlphaComposite.getInstance(AlphaComposite.SRC_OVER, i / 64f);
    }

    private static AlphaComposite fade(float a) {
        return FADES[Math.round(clamp01(a) * 64)];
    }

    private static float clamp01(float v) {
        return v > 1f ? 1f : v > 0f ? v : 0f; // also maps NaN to 0
    }

    static String percent(float p) {
        return PERCENT[Math.round(clamp01(p) * 100)];
    }
}
