package io.jesture.daemon;

import static io.jesture.daemon.Scripted.gesture;
import static io.jesture.daemon.Scripted.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on scripted gesture events and score updates with explicit stream timestamps. */
class EngineTest {
    private final List<String> out = new ArrayList<>();
    private final DryRunBackend backend = new DryRunBackend(out::add);
    private FocusProbe.Window focused;

    private Engine engine(String yaml) throws ConfigException {
        return new Engine(config(yaml), new Actuator(backend), new FocusProbe() {
            @Override public Window focused() { return focused; }
            @Override public String describe() { return "test"; }
        });
    }

    private static DaemonConfig config(String yaml) throws ConfigException {
        return ConfigLoader.parse(Path.of("test.yaml"), yaml, Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.GRANTED);
    }

    /** What the backend did since the last call. */
    private List<String> took() {
        List<String> l = List.copyOf(out);
        out.clear();
        return l.stream().map(s -> s.replace("dry-run: ", "")).toList();
    }

    private static void scoresFor(Engine e, String label, double score, long fromMs, long toMs, long stepMs) {
        for (long t = fromMs; t <= toMs; t += stepMs) e.onScores(Scripted.LABELS, scores(label, score), Scripted.ms(t));
    }

    @Test
    void comboPressesInOrderAndReleasesInReverse() throws Exception {
        Engine e = engine("gestures:\n  Swiping Left: ctrl+alt+Right\n");
        e.onGesture(gesture("Swiping Left", 0.9, 1000));
        assertEquals(List.of("press ctrl", "press alt", "press Right", "release Right", "release alt", "release ctrl"), took());
        assertEquals(1, e.stats().actions());
    }

    @Test
    void unmappedGestureDoesNothing() throws Exception {
        Engine e = engine("gestures:\n  Swiping Left: Right\n");
        e.onGesture(gesture("Thumb Up", 0.99, 1000));
        assertEquals(List.of(), took());
        assertEquals(1, e.stats().unmapped());
    }

    @Test
    void belowMinConfidenceIsIgnored() throws Exception {
        Engine e = engine("gestures:\n  Thumb Up: {key: space, minConfidence: 0.8}\n");
        e.onGesture(gesture("Thumb Up", 0.79, 1000));
        assertEquals(List.of(), took());
        e.onGesture(gesture("Thumb Up", 0.8, 3000));
        assertEquals(List.of("press space", "release space"), took());
        assertEquals(1, e.stats().belowConfidence());
    }

    @Test
    void cooldownIsPerMapping() throws Exception {
        Engine e = engine("gestures:\n  Swiping Left: {key: Right, cooldown: 1s}\n  Swiping Right: {key: Left, cooldown: 1s}\n");
        e.onGesture(gesture("Swiping Left", 0.9, 1000));
        e.onGesture(gesture("Swiping Left", 0.9, 1999)); // within 1 s: ignored
        e.onGesture(gesture("Swiping Right", 0.9, 1500)); // another mapping: not affected
        e.onGesture(gesture("Swiping Left", 0.9, 2000)); // exactly 1 s later: fires
        assertEquals(List.of("press Right", "release Right", "press Left", "release Left", "press Right", "release Right"), took());
        assertEquals(1, e.stats().inCooldown());
    }

    @Test
    void globalRateLimitCapsActionsPerWindow() throws Exception {
        Engine e = engine("""
                rateLimit: {actions: 3, per: 1s}
                defaults: {cooldown: 0}
                gestures:
                  Swiping Left: a
                  Swiping Right: b
                  Swiping Up: c
                  Swiping Down: d
                """);
        e.onGesture(gesture("Swiping Left", 0.9, 0));
        e.onGesture(gesture("Swiping Right", 0.9, 100));
        e.onGesture(gesture("Swiping Up", 0.9, 200));
        e.onGesture(gesture("Swiping Down", 0.9, 300)); // 4th within 1 s: dropped
        e.onGesture(gesture("Swiping Down", 0.9, 1000)); // the first has left the window
        assertEquals(List.of("press a", "release a", "press b", "release b", "press c", "release c", "press d", "release d"), took());
        assertEquals(1, e.stats().rateLimited());
    }

    @Test
    void holdingThePauseGestureTogglesControl() throws Exception {
        Engine e = engine("pause: {gesture: Stop Sign, hold: 1500ms, minScore: 0.6}\ngestures:\n  Thumb Up: {key: space, cooldown: 0}\n");
        scoresFor(e, "Stop Sign", 0.9, 0, 1000, 100); // held only 1 s
        scoresFor(e, null, 0, 1100, 1100, 100);
        assertFalse(e.paused(), "a short Stop Sign does not pause");

        scoresFor(e, "Stop Sign", 0.9, 2000, 3500, 100);
        assertTrue(e.paused(), "held 1.5 s: paused");
        scoresFor(e, "Stop Sign", 0.9, 3600, 6000, 100);
        assertTrue(e.paused(), "still the same hold: no second toggle until the sign drops");

        e.onGesture(gesture("Thumb Up", 0.99, 6100));
        e.onGesture(gesture("Stop Sign", 0.99, 6150)); // the pause gesture's own event never acts
        assertEquals(List.of(), took(), "paused: nothing happens");
        assertEquals(1, e.stats().whilePaused());

        scoresFor(e, null, 0, 6200, 6200, 100);
        scoresFor(e, "Stop Sign", 0.9, 7000, 8500, 100);
        assertFalse(e.paused(), "held again: resumed");
        e.onGesture(gesture("Thumb Up", 0.99, 9000));
        assertEquals(List.of("press space", "release space"), took());
    }

    @Test
    void pauseWithZeroHoldTogglesOnTheEvent() throws Exception {
        Engine e = engine("pause: {gesture: Stop Sign, hold: 0}\ngestures:\n  Thumb Up: {key: space, cooldown: 0}\n");
        e.onGesture(gesture("Stop Sign", 0.9, 0));
        assertTrue(e.paused());
        e.onGesture(gesture("Thumb Up", 0.9, 100));
        e.onGesture(gesture("Stop Sign", 0.9, 200));
        assertFalse(e.paused());
        e.onGesture(gesture("Thumb Up", 0.9, 300));
        assertEquals(List.of("press space", "release space"), took());
    }

    @Test
    void repeatFiresAtIntervalWhileTheClassStaysActive() throws Exception {
        Engine e = engine("""
                gestures:
                  Zooming In With Full Hand:
                    repeat: {key: VolumeUp, interval: 200ms, while: 0.5}
                """);
        e.onGesture(gesture("Zooming In With Full Hand", 0.9, 1000)); // fires once at once
        scoresFor(e, "Zooming In With Full Hand", 0.8, 1100, 1700, 100); // fires at 1200, 1400, 1600
        scoresFor(e, "Zooming In With Full Hand", 0.3, 1800, 1800, 100); // drops: stops
        scoresFor(e, "Zooming In With Full Hand", 0.8, 1900, 2500, 100); // no new gesture event: nothing
        List<String> took = took();
        assertEquals(8, took.size(), took.toString());
        assertTrue(took.stream().allMatch(s -> s.equals("press XF86AudioRaiseVolume") || s.equals("release XF86AudioRaiseVolume")), took.toString());
        assertEquals(3, e.stats().repeats());
        assertFalse(e.continuousActive());
    }

    @Test
    void repeatStopsAtMaxDurationAndOnAnotherGesture() throws Exception {
        Engine e = engine("""
                gestures:
                  Zooming In With Full Hand: {repeat: {key: a, interval: 100ms, maxDuration: 500ms}}
                  Zooming Out With Full Hand: {repeat: {key: b, interval: 100ms}}
                """);
        e.onGesture(gesture("Zooming In With Full Hand", 0.9, 0));
        scoresFor(e, "Zooming In With Full Hand", 0.9, 100, 1000, 100);
        assertEquals(5, took().size() / 2, "initial + 100..400; stopped at 500 ms");
        assertFalse(e.continuousActive());

        e.onGesture(gesture("Zooming Out With Full Hand", 0.9, 2000));
        assertTrue(e.continuousActive());
        e.onGesture(gesture("Zooming In With Full Hand", 0.9, 2050)); // another gesture ends the running repeat
        scoresFor(e, "Zooming In With Full Hand", 0.9, 2150, 2150, 100); // 100 ms after its start: repeats
        assertEquals(List.of("press b", "release b", "press a", "release a", "press a", "release a"), took());
    }

    @Test
    void holdKeepsKeyDownWhileActiveAndReleasesWhenItEnds() throws Exception {
        Engine e = engine("gestures:\n  Pulling Hand In: {hold: {key: shift, while: 0.5, maxDuration: 5s}}\n");
        e.onGesture(gesture("Pulling Hand In", 0.9, 0));
        scoresFor(e, "Pulling Hand In", 0.9, 100, 1000, 100);
        assertEquals(List.of("press shift"), took());
        scoresFor(e, "Pulling Hand In", 0.2, 1100, 1100, 100);
        assertEquals(List.of("release shift"), took());
    }

    @Test
    void holdIsReleasedOnPauseReloadIdleAndShutdown() throws Exception {
        String yaml = "gestures:\n  Pulling Hand In: {hold: shift, cooldown: 0}\n";
        Engine e = engine(yaml);
        e.onGesture(gesture("Pulling Hand In", 0.9, 0));
        e.setConfig(config(yaml));
        assertEquals(List.of("press shift", "release shift"), took(), "reload releases");

        e.onGesture(gesture("Pulling Hand In", 0.9, 10_000));
        scoresFor(e, "Stop Sign", 0.9, 10_100, 11_600, 100); // hold-to-pause while holding shift
        assertTrue(e.paused());
        assertEquals(List.of("press shift", "release shift"), took(), "pause releases");
        scoresFor(e, null, 0, 11_700, 11_700, 100);
        scoresFor(e, "Stop Sign", 0.9, 12_000, 13_600, 100);
        assertFalse(e.paused());

        e.onGesture(gesture("Pulling Hand In", 0.9, 20_000));
        e.stopContinuous("idle");
        assertEquals(List.of("press shift", "release shift"), took(), "idle releases");

        e.onGesture(gesture("Pulling Hand In", 0.9, 30_000));
        e.releaseEverything("shutting down");
        assertEquals(List.of("press shift", "release shift"), took(), "shutdown releases");
    }

    @Test
    void aFailingPressReleasesWhatWasPressed() throws Exception {
        DaemonConfig c = config("gestures:\n  Swiping Left: ctrl+alt+Right\n");
        InputBackend failing = new ForwardingBackend(backend) {
            @Override
            public void press(Keys.Key key) {
                if (key.name().equals("Right")) throw new IllegalStateException("device gone");
                super.press(key);
            }
        };
        Engine e = new Engine(c, new Actuator(failing), FocusProbe.NONE);
        e.onGesture(gesture("Swiping Left", 0.9, 0));
        assertEquals(List.of("press ctrl", "press alt", "release alt", "release ctrl"), took());
        assertEquals(1, e.stats().failures());
    }

    @Test
    void typedTextUsesShiftForCapitalsAndSymbols() throws Exception {
        Engine e = engine("gestures:\n  Thumb Up: {type: \"Hi!\"}\n");
        e.onGesture(gesture("Thumb Up", 0.9, 0));
        assertEquals(List.of("press shift", "press h", "release h", "release shift",
                "press i", "release i",
                "press shift", "press 1", "release 1", "release shift"), took());
    }

    @Test
    void profileOfTheFocusedWindowWins() throws Exception {
        Engine e = engine("""
                defaults: {cooldown: 0}
                gestures:
                  Swiping Up: Page_Up
                profiles:
                  impress:
                    match: {wmClass: "impress"}
                    gestures:
                      Swiping Up: F5
                """);
        focused = new FocusProbe.Window("libreoffice", "libreoffice-impress", "talk");
        e.onGesture(gesture("Swiping Up", 0.9, 0));
        focused = null; // unknown window (Wayland, console): default profile
        e.onGesture(gesture("Swiping Up", 0.9, 1000));
        assertEquals(List.of("press F5", "release F5", "press Page_Up", "release Page_Up"), took());
    }

    @Test
    void mouseActions() throws Exception {
        Engine e = engine("""
                defaults: {cooldown: 0}
                gestures:
                  Swiping Left: {move: {dx: -50, dy: 10}}
                  Swiping Right: {moveTo: {x: 100, y: 200}}
                  Thumb Up: {click: {button: left, count: 2}}
                  Thumb Down: {scroll: {direction: down, amount: 3}}
                """);
        e.onGesture(gesture("Swiping Left", 0.9, 0));
        e.onGesture(gesture("Swiping Right", 0.9, 100));
        e.onGesture(gesture("Thumb Up", 0.9, 200));
        e.onGesture(gesture("Thumb Down", 0.9, 300));
        assertEquals(List.of("move by -50,10", "move to 100,200", "press button left", "release button left",
                "press button left", "release button left", "scroll down 3"), took());
    }

    /** Delegates everything; tests override single methods to inject faults. */
    static class ForwardingBackend implements InputBackend {
        private final InputBackend d;

        ForwardingBackend(InputBackend d) { this.d = d; }

        @Override public String backendName() { return d.backendName(); }
        @Override public String whyNot(Keys.Key key) { return d.whyNot(key); }
        @Override public String whyNoAbsoluteMove() { return d.whyNoAbsoluteMove(); }
        @Override public String whyNoHorizontalScroll() { return d.whyNoHorizontalScroll(); }
        @Override public void press(Keys.Key key) { d.press(key); }
        @Override public void release(Keys.Key key) { d.release(key); }
        @Override public void pressButton(Action.MouseButton b) { d.pressButton(b); }
        @Override public void releaseButton(Action.MouseButton b) { d.releaseButton(b); }
        @Override public void moveBy(int dx, int dy) { d.moveBy(dx, dy); }
        @Override public void moveTo(int x, int y) { d.moveTo(x, y); }
        @Override public void scroll(Action.ScrollDirection dir, int amount) { d.scroll(dir, amount); }
        @Override public void runCommand(Action.Command c) { d.runCommand(c); }
        @Override public void releaseAll() { d.releaseAll(); }
        @Override public void close() { d.close(); }
    }

    @Test
    void reloadWithoutPauseGestureResumesControl() throws Exception {
        Engine e = engine("pause: {gesture: Stop Sign, hold: 0}\ngestures:\n  Thumb Up: space\n");
        e.onGesture(gesture("Stop Sign", 0.9, 0));
        assertTrue(e.paused());
        e.setConfig(config("pause: {gesture: Stop Sign, hold: 0}\ngestures:\n  Thumb Up: a\n"));
        assertTrue(e.paused(), "a reload keeps the pause");
        e.setConfig(config("pause: off\ngestures:\n  Thumb Up: a\n"));
        assertFalse(e.paused(), "no pause gesture left: control must not stay off");
        e.onGesture(gesture("Thumb Up", 0.9, 1000));
        assertEquals(List.of("press a", "release a"), took());
    }
}
