package io.jesture.demo;

import io.jesture.FrameSource;
import io.jesture.GestureEvent;
import io.jesture.PipelineStatus;
import io.jesture.RecognizerStats;

import java.awt.Color;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the demo window shows, apart from how it is drawn: the latest frame and scores pulled from the
 * {@link DemoFeed}, the ranking of the classes, the recent gestures, the source's problems, the toast
 * and how long each of these stays, the status bar's text and the keys' toggles. The painters read it;
 * only {@link DemoView} changes it, on the EDT.
 *
 * <p>Time comes from the clocks given to the constructor, so what is visible when can be checked
 * without waiting. Strings that change with data are built when the data changes, not per paint.
 */
final class DemoState {
    /** How long a fired gesture's label stays fully visible, then how long it fades. */
    static final long EVENT_HOLD_NANOS = 1_400_000_000L;
    static final long EVENT_FADE_NANOS = 900_000_000L;
    /** The label settles into place over its first 150 ms. */
    static final long EVENT_RISE_NANOS = 150_000_000L;
    static final long FLASH_NANOS = 380_000_000L;
    static final long TOAST_NANOS = 4_000_000_000L;
    /** Warnings and errors stay longer: they usually need reading. */
    static final long ALERT_NANOS = 9_000_000_000L;
    /** The last half second of a toast fades it out. */
    static final long TOAST_FADE_NANOS = 500_000_000L;
    static final int HISTORY = 10;
    static final String[] STATUS_KEYS = {"capture", "display", "inference", "p50", "dropped", "provider", "model"};
    /** Where {@link #STATUS_KEYS} has the provider: highlighted after a fallback. */
    static final int STATUS_PROVIDER = 5;

    /** What {@link #pull()} found: bits of its result. */
    static final int NEW_FRAME = 1, NEW_SCORES = 2, OTHER = 4;

    /** Hears what the window reports: property changes (tests and embedders observe those) and the start of animations. */
    interface Listener {
        /** A property of the window changed, with the semantics of {@code Component.firePropertyChange}. */
        void propertyChange(String property, Object old, Object now);

        /** Something that changes with time appeared (a gesture's label, a toast): repaint until {@link #animating} says no more. */
        void animate();
    }

    /** One line of the recent gestures. */
    record Row(String time, String label, String percent) {}

    private static final String[] PERCENT = new String[101];
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    static {
        for (int i = 0; i <= 100; i++) PERCENT[i] = i + "%";
    }

    private final DemoFeed feed;
    private final Supplier<RecognizerStats> statsSource;
    private final int topK;
    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private final Listener listener;

    private boolean paused;
    private boolean mirrored;
    private boolean overlay = true;
    private boolean help;
    private boolean looping;
    private float threshold;
    private String thresholdText = "";
    private String legendText = "";
    private boolean haveFrame;
    private String phase = "Starting…";
    private String formatText = "";
    private FrameSource.Format shownFormat;

    private boolean haveScores;
    private int[] order = new int[0];
    private int shownK;

    /** The recent gestures, newest at {@link #historyHead}: a ring, so painting walks it without an iterator. */
    private final Row[] history = new Row[HISTORY];
    private int historyHead;
    private int historySize;
    private GestureEvent lastEvent;
    private String lastEventPercent = "";
    private long lastEventAt = Long.MIN_VALUE / 2;
    private int eventsShown;
    private int ignoredWhilePaused;
    private String ignoredText = "";

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

    /**
     * @param nanoClock the monotonic clock of every duration here (the window's is {@code System::nanoTime})
     * @param wallClock the time of day the recent gestures are stamped with
     */
    DemoState(DemoFeed feed, Supplier<RecognizerStats> statsSource, int topK, boolean mirrored,
              LongSupplier nanoClock, Clock wallClock, Listener listener) {
        this.feed = feed;
        this.statsSource = statsSource;
        this.topK = topK;
        this.mirrored = mirrored;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.listener = listener;
    }

    long now() {
        return nanoClock.getAsLong();
    }

    // ---- data in ---------------------------------------------------------------------------------

    /**
     * Takes whatever the feed holds that is newer than what is shown.
     *
     * @return {@link #NEW_FRAME}, {@link #NEW_SCORES} and {@link #OTHER} (anything else changed) or'ed
     */
    int pull() {
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
                    listener.propertyChange("video", false, true);
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
            if (paused) ignored(ignoredWhilePaused + 1);
            else show(e);
        }
        PipelineStatus s;
        String problemBefore = problem();
        while ((s = feed.statuses.poll()) != null) {
            other = true;
            apply(s);
        }
        listener.propertyChange("problem", problemBefore, problem());
        String err;
        while ((err = feed.errors.poll()) != null) {
            other = true;
            toast(err + "  (details in the log)", Theme.ERROR);
        }
        return (newFrame ? NEW_FRAME : 0) | (newScores ? NEW_SCORES : 0) | (other ? OTHER : 0);
    }

    /** Orders the classes of the latest scores by smoothed probability, the top {@link #shownK()} only. */
    private void rank() {
        ScoreSlot s = feed.scores.front();
        int n = s.smoothed.length;
        if (order.length != n) { // a recognizer with other classes (Teach mode loaded a profile): fires "classes"
            int before = order.length;
            order = new int[n];
            listener.propertyChange("classes", before, n);
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
        lastEventAt = now();
        eventsShown++;
        historyHead = (historyHead + HISTORY - 1) % HISTORY;
        history[historyHead] = new Row(LocalTime.now(wallClock).format(CLOCK), e.label(), lastEventPercent);
        historySize = Math.min(HISTORY, historySize + 1);
        refreshRecognizerStats();
        listener.animate();
        listener.propertyChange("gesture", null, e);
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

    /** A transient message over the video; warnings and errors stay longer. */
    void toast(String message, Color color) {
        toast = message;
        toastColor = color;
        toastAt = now();
        toastNanos = color == Theme.WARN || color == Theme.ERROR ? ALERT_NANOS : TOAST_NANOS;
        listener.animate();
    }

    /** Shown over the video until the first frame arrives, e.g. "Loading model…"; returns whether it is shown. */
    boolean phase(String text) {
        if (haveFrame) return false;
        phase = text;
        return true;
    }

    void looping(boolean v) {
        looping = v;
    }

    /** The smoothed probability a gesture needs to fire (its activation threshold), marked on every bar. */
    void threshold(double v) {
        threshold = (float) v;
        thresholdText = percent(threshold);
        legendText = "fires at " + thresholdText;
    }

    /**
     * Reads the recognizer's statistics into the status bar's values (the display rate is counted
     * here, from the frames that reached the screen since the last call).
     *
     * @return whether the values changed
     */
    boolean refreshStats() {
        RecognizerStats st;
        try {
            st = statsSource.get();
        } catch (RuntimeException e) {
            return false; // not started yet: keep the dashes
        }
        long now = now();
        double displayFps = statsAt == 0 || paused ? 0 : (framesShown - framesShownBefore) * 1e9 / (now - statsAt);
        framesShownBefore = framesShown;
        statsAt = now;
        if (st == null) return false;
        statusValues = statusOf(st, String.format(Locale.ROOT, "%.1f fps", displayFps));
        return true;
    }

    /**
     * The recognizer's figures read again when an event is shown, the display rate left to its own
     * interval. An event can fire on the first inference, up to half a second before the timer's
     * next refresh, and a status bar that says "0.0 /s" beside the gesture it just recognised reads
     * as a fault.
     */
    private void refreshRecognizerStats() {
        RecognizerStats st;
        try {
            st = statsSource.get();
        } catch (RuntimeException e) {
            return; // not started yet: keep what is shown
        }
        if (st != null) statusValues = statusOf(st, statusValues[1]);
    }

    private static String[] statusOf(RecognizerStats st, String displayFps) {
        return new String[] {
                String.format(Locale.ROOT, "%.1f fps", st.captureFps()),
                displayFps,
                // A rate needs two inferences; before the second, "0.0 /s" would read as a stall.
                st.inferences() < 2 ? "–" : String.format(Locale.ROOT, "%.1f /s", st.inferenceRate()),
                String.format(Locale.ROOT, "%.1f ms", st.inferenceP50Millis()),
                Long.toString(st.framesDropped()),
                st.provider() == null ? "–" : st.provider().name(),
                st.modelName() == null ? "–" : st.modelName(),
        };
    }

    /** The frame pulled last was painted: counts it once for the display rate, however often it is repainted. */
    void framePainted() {
        if (framesAcquiredPainted != framesAcquired) {
            framesAcquiredPainted = framesAcquired;
            framesShown++;
        }
    }

    // ---- keys ------------------------------------------------------------------------------------

    /** Space: freezes the video, the scores and gesture handling; on resuming, a toast says how many gestures were ignored. */
    void togglePause() {
        paused = !paused;
        listener.propertyChange("paused", !paused, paused);
        if (!paused) {
            if (ignoredWhilePaused > 0) {
                toast(ignoredWhilePaused + (ignoredWhilePaused == 1 ? " gesture" : " gestures") + " ignored while paused", Theme.TEXT_DIM);
            }
            ignored(0);
        }
    }

    // Each toggle fires a property change, so tests and embedders can observe the window's state.
    void toggleOverlay() { overlay = !overlay; listener.propertyChange("overlay", !overlay, overlay); }
    void toggleMirror() { mirrored = !mirrored; listener.propertyChange("mirrored", !mirrored, mirrored); }
    void toggleHelp() { help = !help; listener.propertyChange("help", !help, help); }

    private void ignored(int n) {
        ignoredWhilePaused = n;
        ignoredText = n > 0 ? n + " ignored while paused" : "";
    }

    // ---- what is shown ---------------------------------------------------------------------------

    boolean paused() { return paused; }
    boolean mirrored() { return mirrored; }
    boolean overlay() { return overlay; }
    boolean helpShown() { return help; }
    boolean hasFrame() { return haveFrame; }
    /** The placeholder's text before the first frame, or null. */
    String phaseText() { return phase; }
    /** The source's size and rate, e.g. "640×480 · 30 fps"; empty before the first frame. */
    String formatText() { return formatText; }
    /** The newest frame pulled; its image is null before the first. */
    VideoFrame frame() { return feed.frames.front(); }

    boolean hasScores() { return haveScores; }
    /** The newest scores pulled. */
    ScoreSlot scores() { return feed.scores.front(); }
    /** How many classes the ranking holds: the top k, or fewer when the model has fewer. */
    int shownK() { return shownK; }
    /** The class at rank {@code i} (0 is the most likely), for {@code i < shownK()}. */
    int ranked(int i) { return order[i]; }
    /** How many classes the latest scores had (0 before the first). */
    int classesShown() { return order.length; }
    int topK() { return topK; }
    float threshold() { return threshold; }
    /** The legend's threshold entry, e.g. "fires at 60%"; empty before a threshold is set. */
    String legendText() { return legendText; }

    int eventsShown() { return eventsShown; }
    int ignoredWhilePaused() { return ignoredWhilePaused; }
    /** E.g. "2 ignored while paused"; empty when none were. */
    String ignoredText() { return ignoredText; }
    int historySize() { return historySize; }
    /** The recent gesture {@code i} places back (0 is the newest), for {@code i < historySize()}. */
    Row history(int i) { return history[(historyHead + i) % HISTORY]; }

    /** The message of the source problem or end of stream shown in the window, or null. */
    String problem() { return sourceProblem != null ? sourceProblem.message() : endOfStream; }
    /** Whether the source is lost (until it recovers or reopens). */
    boolean sourceLost() { return sourceProblem != null; }
    /** What the source reported when it was lost; call only while {@link #sourceLost()}. */
    String sourceLostMessage() { return sourceProblem.message(); }
    /** The end-of-stream message while the stream has ended (and is not looping), else null. */
    String endOfStream() { return endOfStream; }
    boolean providerFellBack() { return providerFellBack; }
    String statusValue(int i) { return statusValues[i]; }

    /** The status chip over the video: what the source is doing. */
    String chipText() {
        return sourceProblem != null ? "SOURCE LOST" : paused ? "PAUSED" : endOfStream != null ? "ENDED"
                : haveFrame ? "LIVE" : "STARTING";
    }

    /** The colour of {@link #chipText()}'s dot. */
    Color chipDot() {
        return sourceProblem != null ? Theme.ERROR : paused ? Theme.WARN : endOfStream != null ? Theme.TEXT_DIM
                : haveFrame ? Theme.OK : Theme.TEXT_DIM;
    }

    /** The toast currently shown, or null. */
    String toastText() {
        return toastShown(now());
    }

    /** The toast at {@code now}, or null when none is shown. */
    String toastShown(long now) {
        long dt = now - toastAt;
        return toast != null && dt >= 0 && dt < toastNanos ? toast : null;
    }

    Color toastColor() { return toastColor; }

    /** The toast's opacity at {@code now}: whole until its last half second, then fading. */
    float toastAlpha(long now) {
        long dt = now - toastAt;
        return dt < toastNanos - TOAST_FADE_NANOS ? 1f : (toastNanos - dt) / (float) TOAST_FADE_NANOS;
    }

    /** The gesture label currently drawn over the video, or null when none is visible. */
    String visibleEventLabel() {
        return overlay && eventAt(now()) != null ? lastEvent.label() : null;
    }

    /** The gesture whose label is on screen at {@code now}, or null. */
    GestureEvent eventAt(long now) {
        long dt = now - lastEventAt;
        return lastEvent == null || dt < 0 || dt >= EVENT_HOLD_NANOS + EVENT_FADE_NANOS ? null : lastEvent;
    }

    /** The confidence of the last gesture, e.g. "93%". */
    String eventPercent() { return lastEventPercent; }

    /** The label's opacity at {@code now}: whole while it holds, then fading. */
    float eventAlpha(long now) {
        long dt = now - lastEventAt;
        return dt < EVENT_HOLD_NANOS ? 1f : 1f - (dt - EVENT_HOLD_NANOS) / (float) EVENT_FADE_NANOS;
    }

    /** How many pixels below its place the label is at {@code now}: it rises into place as it appears. */
    int eventRise(long now) {
        long dt = now - lastEventAt;
        return dt < EVENT_RISE_NANOS ? (int) (12 * (1 - dt / (double) EVENT_RISE_NANOS)) : 0;
    }

    /** The opacity of the flash around the video as a gesture fires, or 0 when there is none. */
    float flashAlpha(long now) {
        long dt = now - lastEventAt;
        return dt < 0 || dt >= FLASH_NANOS ? 0f : 1f - dt / (float) FLASH_NANOS;
    }

    /** Whether what is drawn still changes with time: a gesture's label or a toast is on screen. */
    boolean animating(long now) {
        return now - lastEventAt < EVENT_HOLD_NANOS + EVENT_FADE_NANOS || now - toastAt < toastNanos;
    }

    static float clamp01(float v) {
        return v > 1f ? 1f : v > 0f ? v : 0f; // also maps NaN to 0
    }

    /** "0%" to "100%", from a table: no string is built per paint. */
    static String percent(float p) {
        return PERCENT[Math.round(clamp01(p) * 100)];
    }
}
