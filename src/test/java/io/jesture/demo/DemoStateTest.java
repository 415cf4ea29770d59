package io.jesture.demo;

import io.jesture.FrameSource;
import io.jesture.GestureEvent;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.RecognizerStats;
import io.jesture.ScoreUpdate;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's state without a window: a real {@link DemoFeed} fed as the pipeline feeds it, pulled as
 * the EDT pulls it, and a hand-set clock, so expiries are checked to the nanosecond without waiting.
 * Nothing here opens a window or needs an X server.
 */
class DemoStateTest {
    private static final long SECOND = 1_000_000_000L;
    private static final List<String> LABELS = List.of("Swiping Left", "Swiping Right", "Thumb Up", "Thumb Down", "No gesture");
    private static final FrameSource.Format VGA = new FrameSource.Format(640, 480, 30);
    private static final RecognizerStats STATS =
            new RecognizerStats(900, 3, 440, 3, 437, 29.96, 30.0, 14.94, 11.43, 1, 0, Provider.CPU, "jesture-r2plus1d.onnx");

    private final DemoFeed feed = new DemoFeed();
    private final long[] nanos = {5 * SECOND};
    /** What the state reported, in order: "property: old -> new", and "animate". */
    private final List<String> heard = new ArrayList<>();
    private final DemoState.Listener recorder = new DemoState.Listener() {
        @Override
        public void propertyChange(String property, Object old, Object now) {
            heard.add(property + ": " + old + " -> " + now);
        }

        @Override
        public void animate() {
            heard.add("animate");
        }
    };
    private Supplier<RecognizerStats> stats = () -> STATS;
    private final DemoState state = state(3);

    private DemoState state(int topK) {
        Clock noon = Clock.fixed(Instant.parse("2025-03-14T12:34:56Z"), ZoneOffset.UTC);
        return new DemoState(feed, () -> stats.get(), topK, false, () -> nanos[0], noon, recorder);
    }

    /** What was heard, less the "no problem" report every pull makes (the window fires it too; it changes nothing). */
    private List<String> heard() {
        return heard.stream().filter(h -> !h.equals("problem: null -> null")).toList();
    }

    private void advance(long n) {
        nanos[0] += n;
    }

    private void scores(float... smoothed) {
        float[] raw = new float[smoothed.length];
        for (int i = 0; i < raw.length; i++) raw[i] = smoothed[i] / 2;
        List<String> labels = LABELS.size() == smoothed.length ? LABELS : LABELS.subList(0, smoothed.length);
        feed.onScores(new ScoreUpdate(labels, raw, smoothed, 0, 11_000_000L));
    }

    private void frame() {
        feed.onFrame(new byte[VGA.frameBytes()], VGA, 0);
    }

    private static GestureEvent gesture(String label, float confidence) {
        return new GestureEvent(label, LABELS.indexOf(label), confidence, 0, 0, 0);
    }

    private List<Integer> ranking(DemoState s) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < s.shownK(); i++) r.add(s.ranked(i));
        return r;
    }

    // ---- ranking ---------------------------------------------------------------------------------

    @Test
    void ranksTheTopKClassesBySmoothedProbability() {
        assertFalse(state.hasScores());
        assertEquals(0, state.classesShown());
        scores(0.10f, 0.05f, 0.50f, 0.30f, 0.05f);
        assertEquals(DemoState.NEW_SCORES, state.pull(), "new scores alone repaint only the panel");
        assertTrue(state.hasScores());
        assertEquals(List.of(2, 3, 0), ranking(state), "top 3 by smoothed probability, best first");
        assertEquals(5, state.classesShown());

        scores(0.60f, 0.05f, 0.10f, 0.05f, 0.20f);
        state.pull();
        assertEquals(List.of(0, 4, 2), ranking(state), "a new update re-ranks from scratch");
        assertEquals(List.of("classes: 0 -> 5"), heard(), "the class count is reported when it changes, not per update");
    }

    @Test
    void ranksFewerClassesThanTopKAndReportsANewClassCount() {
        DemoState wide = state(8);
        scores(0.2f, 0.7f, 0.1f);
        wide.pull();
        assertEquals(List.of(1, 0, 2), ranking(wide), "every class, when the model has fewer than k");
        scores(0.1f, 0.05f, 0.2f, 0.6f, 0.0f);
        wide.pull();
        assertEquals(List.of(3, 2, 0, 1, 4), ranking(wide));
        assertEquals(List.of("classes: 0 -> 3", "classes: 3 -> 5"), heard());
    }

    @Test
    void pausedStateTakesNoFramesScoresOrGesturesAndSaysHowManyWereIgnored() {
        scores(0.1f, 0.2f, 0.3f, 0.4f, 0.0f);
        state.pull();
        state.togglePause();
        assertTrue(state.paused());
        assertEquals("PAUSED", state.chipText());

        scores(0.9f, 0.02f, 0.01f, 0.1f, 0.0f);
        frame();
        feed.onGesture(gesture("Thumb Up", 0.9f));
        feed.onGesture(gesture("Thumb Down", 0.8f));
        assertEquals(DemoState.OTHER, state.pull(), "ignored gestures still change the panel's count");
        assertEquals(List.of(3, 2, 1), ranking(state), "the ranking is frozen");
        assertFalse(state.hasFrame(), "no frame taken while paused");
        assertEquals(0, state.eventsShown());
        assertEquals(2, state.ignoredWhilePaused());
        assertEquals("2 ignored while paused", state.ignoredText());

        state.togglePause();
        assertEquals("2 gestures ignored while paused", state.toastText());
        assertEquals(0, state.ignoredWhilePaused());
        assertEquals("", state.ignoredText());
        state.pull();
        assertEquals(List.of(0, 3, 1), ranking(state), "the newest scores after resuming");
        assertTrue(state.hasFrame());
        assertEquals(List.of("classes: 0 -> 5", "paused: false -> true", "paused: true -> false", "animate", "video: false -> true"),
                heard());
    }

    // ---- toasts ----------------------------------------------------------------------------------

    @Test
    void aToastStaysFourSecondsAndFadesInItsLastHalfSecond() {
        state.toast("Screenshot saved: /tmp/a.png", Theme.OK);
        assertEquals(List.of("animate"), heard, "a toast starts the animation that expires it");
        long t0 = state.now();
        assertEquals("Screenshot saved: /tmp/a.png", state.toastText());
        assertSame(Theme.OK, state.toastColor());
        assertEquals(1f, state.toastAlpha(t0));
        assertEquals(1f, state.toastAlpha(t0 + 3_499_999_999L), "whole until its last half second");
        assertEquals(0.5f, state.toastAlpha(t0 + 3_750_000_000L), 1e-6f);
        assertTrue(state.animating(t0 + DemoState.TOAST_NANOS - 1));

        advance(DemoState.TOAST_NANOS - 1);
        assertEquals("Screenshot saved: /tmp/a.png", state.toastText());
        advance(1);
        assertNull(state.toastText(), "gone after exactly 4 s");
        assertFalse(state.animating(state.now()), "nothing left to animate");
    }

    @Test
    void warningsAndErrorsStayNineSeconds() {
        state.toast("Type a name for the gesture first", Theme.WARN);
        advance(DemoState.TOAST_NANOS);
        assertEquals("Type a name for the gesture first", state.toastText(), "a warning outlasts a plain toast");
        advance(DemoState.ALERT_NANOS - DemoState.TOAST_NANOS - 1);
        assertEquals("Type a name for the gesture first", state.toastText());
        advance(1);
        assertNull(state.toastText());

        feed.onError("jesture-infer", new IllegalStateException("ORT session failed\nsecond line"));
        assertEquals(DemoState.OTHER, state.pull());
        assertEquals("jesture-infer: ORT session failed  (details in the log)", state.toastText(), "an error's first line");
        assertSame(Theme.ERROR, state.toastColor());
        advance(DemoState.ALERT_NANOS - 1);
        assertEquals("jesture-infer: ORT session failed  (details in the log)", state.toastText());
        advance(1);
        assertNull(state.toastText());
    }

    @Test
    void aNewToastReplacesTheShownOneAndStartsItsOwnTime() {
        state.toast("Adapting failed: no takes", Theme.ERROR);
        advance(8 * SECOND);
        state.toast("Source recovered", Theme.OK);
        advance(3 * SECOND);
        assertEquals("Source recovered", state.toastText());
        advance(SECOND);
        assertNull(state.toastText(), "the new toast keeps a plain toast's 4 s, not the error's 9 s");
    }

    // ---- gestures --------------------------------------------------------------------------------

    @Test
    void aGestureFlashesRisesHoldsThenFadesAndGoesIntoTheHistory() {
        feed.onGesture(gesture("Thumb Up", 0.934f));
        state.pull();
        long t0 = state.now();
        assertEquals("Thumb Up", state.visibleEventLabel());
        assertEquals("93%", state.eventPercent());
        assertEquals(1, state.eventsShown());
        assertEquals(1f, state.flashAlpha(t0));
        assertEquals(0.5f, state.flashAlpha(t0 + DemoState.FLASH_NANOS / 2), 1e-6f);
        assertEquals(0f, state.flashAlpha(t0 + DemoState.FLASH_NANOS));
        assertEquals(12, state.eventRise(t0));
        assertEquals(6, state.eventRise(t0 + DemoState.EVENT_RISE_NANOS / 2));
        assertEquals(0, state.eventRise(t0 + DemoState.EVENT_RISE_NANOS));
        assertEquals(1f, state.eventAlpha(t0 + DemoState.EVENT_HOLD_NANOS - 1));
        assertEquals(0.5f, state.eventAlpha(t0 + DemoState.EVENT_HOLD_NANOS + DemoState.EVENT_FADE_NANOS / 2), 1e-6f);

        advance(DemoState.EVENT_HOLD_NANOS + DemoState.EVENT_FADE_NANOS - 1);
        assertEquals("Thumb Up", state.visibleEventLabel());
        state.toggleOverlay();
        assertNull(state.visibleEventLabel(), "without the overlay no label is drawn");
        state.toggleOverlay();
        advance(1);
        assertNull(state.visibleEventLabel(), "gone after 2.3 s");
        assertNull(state.eventAt(state.now()));
        assertFalse(state.animating(state.now()));

        assertEquals(1, state.historySize());
        assertEquals(new DemoState.Row("12:34:56", "Thumb Up", "93%"), state.history(0), "stamped with the wall clock");
        assertEquals(List.of("animate", "gesture: null -> " + gesture("Thumb Up", 0.934f)),
                heard.stream().filter(h -> h.equals("animate") || h.startsWith("gesture")).toList());
    }

    @Test
    void theHistoryKeepsTheTenNewestGesturesNewestFirst() {
        for (int i = 0; i < 12; i++) feed.onGesture(gesture(i % 2 == 0 ? "Thumb Up" : "Thumb Down", i / 100f));
        state.pull();
        assertEquals(12, state.eventsShown());
        assertEquals(DemoState.HISTORY, state.historySize());
        for (int i = 0; i < DemoState.HISTORY; i++) {
            assertEquals((11 - i) + "%", state.history(i).percent(), "row " + i);
        }
        assertEquals("Thumb Down", state.visibleEventLabel(), "the label shows the newest");
    }

    // ---- status text -----------------------------------------------------------------------------

    @Test
    void anEventBringsTheRecognizersFiguresWithItWithoutWaitingForTheTimer() {
        RecognizerStats before = new RecognizerStats(80, 0, 0, 0, 0, 30.0, 30.0, 0, 0, 0, 0, Provider.CPU, "jesture-r2plus1d.onnx");
        stats = () -> before;
        assertTrue(state.refreshStats());
        assertEquals("–", state.statusValue(2), "no inference yet: no rate, rather than a rate of 0");
        frame();
        state.pull();
        state.framePainted();
        advance(SECOND / 4);

        stats = () -> STATS; // the first inferences ran, and one of them fired
        feed.onGesture(gesture("Thumb Up", 0.9f));
        state.pull();
        assertEquals("14.9 /s", state.statusValue(2), "the inference rate of the recognizer that fired");
        assertEquals("11.4 ms", state.statusValue(3));
        assertEquals("0.0 fps", state.statusValue(1), "the display rate keeps its own half-second interval");

        advance(SECOND / 4);
        assertTrue(state.refreshStats());
        assertEquals("2.0 fps", state.statusValue(1), "one frame painted in the 0.5 s since the timer's last refresh");
    }

    @Test
    void theStatusBarShowsTheRecognizersFiguresAndTheRateFramesReachTheScreen() {
        stats = () -> { throw new IllegalStateException("not started"); };
        assertFalse(state.refreshStats(), "no figures before the recognizer runs");
        assertEquals("–", state.statusValue(0));

        stats = () -> STATS;
        assertTrue(state.refreshStats());
        List<String> values = new ArrayList<>();
        for (int i = 0; i < DemoState.STATUS_KEYS.length; i++) values.add(state.statusValue(i));
        assertEquals(List.of("30.0 fps", "0.0 fps", "14.9 /s", "11.4 ms", "3", "CPU", "jesture-r2plus1d.onnx"), values,
                "capture, display (no interval yet), inference, p50, dropped, provider, model");

        for (int i = 0; i < 3; i++) {
            frame();
            state.pull();
            state.framePainted();
            state.framePainted(); // a repaint of the same frame is not another frame shown
        }
        state.pull();
        state.framePainted(); // nothing new was pulled
        advance(SECOND / 2);
        assertTrue(state.refreshStats());
        assertEquals("6.0 fps", state.statusValue(1), "3 frames painted in 0.5 s");

        stats = () -> null;
        advance(SECOND / 2);
        assertFalse(state.refreshStats(), "no stats: the figures stay");
        assertEquals("6.0 fps", state.statusValue(1));
    }

    @Test
    void theChipAndTheBannersFollowTheSource() {
        assertEquals("STARTING", state.chipText());
        assertEquals("Starting…", state.phaseText());
        assertTrue(state.phase("Loading model jesture-r2plus1d.onnx…"));
        feed.onStatus(new PipelineStatus(PipelineStatus.Kind.SOURCE_OPENED, "camera /dev/video0"));
        state.pull();
        assertEquals("Waiting for the first frame…", state.phaseText());
        assertEquals("", state.formatText());

        frame();
        assertEquals(DemoState.NEW_FRAME | DemoState.OTHER, state.pull(), "the first frame changes the layout");
        assertEquals("LIVE", state.chipText());
        assertSame(Theme.OK, state.chipDot());
        assertNull(state.phaseText(), "no placeholder once video shows");
        assertFalse(state.phase("Opening…"), "a phase after the first frame is not shown");
        assertEquals("640×480 · 30 fps", state.formatText());
        frame();
        assertEquals(DemoState.NEW_FRAME, state.pull(), "later frames of the same format repaint only the video");

        feed.onStatus(new PipelineStatus(PipelineStatus.Kind.SOURCE_LOST, "camera /dev/video0 delivered no frame for 3 s."));
        state.pull();
        assertEquals("SOURCE LOST", state.chipText());
        assertSame(Theme.ERROR, state.chipDot());
        assertTrue(state.sourceLost());
        assertEquals("camera /dev/video0 delivered no frame for 3 s.", state.problem());

        feed.onStatus(new PipelineStatus(PipelineStatus.Kind.SOURCE_RECOVERED, "camera back"));
        state.pull();
        assertEquals("LIVE", state.chipText());
        assertNull(state.problem());
        assertEquals("Source recovered", state.toastText());

        feed.onStatus(new PipelineStatus(PipelineStatus.Kind.PROVIDER_FALLBACK, "CUDA is not available: running on the CPU"));
        state.pull();
        assertTrue(state.providerFellBack(), "the status bar marks the provider");
        assertSame(Theme.WARN, state.toastColor());

        feed.onStatus(new PipelineStatus(PipelineStatus.Kind.END_OF_STREAM, "file:clip.mp4 ended after 312 frames."));
        state.pull();
        assertEquals("ENDED", state.chipText());
        assertEquals("file:clip.mp4 ended after 312 frames.", state.endOfStream());
        assertEquals(List.of("problem: null -> camera /dev/video0 delivered no frame for 3 s.",
                        "problem: camera /dev/video0 delivered no frame for 3 s. -> null",
                        "problem: null -> file:clip.mp4 ended after 312 frames."),
                heard().stream().filter(h -> h.startsWith("problem")).toList());
    }

    @Test
    void aLoopingStreamToastsItsEndInsteadOfEnding() {
        state.looping(true);
        feed.onStatus(new PipelineStatus(PipelineStatus.Kind.END_OF_STREAM, "file:clip.mp4 ended after 312 frames."));
        state.pull();
        assertNull(state.problem());
        assertEquals("End of stream: starting over (--loop)", state.toastText());
    }

    @Test
    void textsAreBuiltWhenTheDataChanges() {
        assertEquals("", state.legendText(), "no threshold mark before one is set");
        state.threshold(0.6);
        assertEquals(0.6f, state.threshold());
        assertEquals("fires at 60%", state.legendText());
        assertEquals("0%", DemoState.percent(Float.NaN));
        assertEquals("100%", DemoState.percent(1.7f));
        assertEquals("0%", DemoState.percent(-0.2f));
        assertSame(DemoState.percent(0.42f), DemoState.percent(0.42f), "from the table, not built per paint");
    }

    @Test
    void togglesReportTheirNewValue() {
        state.toggleOverlay();
        state.toggleMirror();
        state.toggleHelp();
        assertFalse(state.overlay());
        assertTrue(state.mirrored());
        assertTrue(state.helpShown());
        assertEquals(List.of("overlay: true -> false", "mirrored: false -> true", "help: false -> true"), heard);
    }
}
