package io.jesture.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Path FILE = Path.of("conf", "actions.yaml");

    private static DaemonConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(FILE, yaml, Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.GRANTED);
    }

    private static List<String> errors(String yaml) {
        return errors(yaml, Capabilities.ANY);
    }

    private static List<String> errors(String yaml, Capabilities caps) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE, yaml, Scripted.LABELS, caps, ConfigLoader.CommandGrant.GRANTED));
        List<String> lines = e.getMessage().lines().toList();
        assertTrue(lines.get(0).startsWith(FILE + " has "), lines.get(0));
        return lines.subList(1, lines.size()).stream().map(String::trim).toList();
    }

    @Test
    void shippedExampleIsValid() throws Exception {
        Path example = Path.of(System.getProperty("jesture.projectDir", "."), "config", "actions.yaml");
        DaemonConfig c = ConfigLoader.load(example, Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.NO_FLAG);
        assertTrue(c.defaults().gestures().containsKey("Swiping Left"));
        assertEquals("Stop Sign", c.pause().gesture());
        assertTrue(c.apps().size() >= 1);
    }

    @Test
    void readsEveryActionKind() throws Exception {
        DaemonConfig c = ConfigLoader.parse(FILE, """
                allowCommands: true
                defaults: {minConfidence: 0.7, cooldown: 300ms}
                rateLimit: {actions: 4, per: 2s}
                pause: {gesture: Stop Sign, hold: 0}
                gestures:
                  Swiping Left: ctrl+alt+Right
                  Swiping Right: {keys: [Escape, ctrl+s], delay: 50ms}
                  Swiping Up: {type: "Hi!"}
                  Swiping Down: {move: {dx: -10, dy: 20}}
                  Thumb Up: {moveTo: {x: 5, y: 6}, minConfidence: 0.9, cooldown: 2s}
                  Thumb Down: {click: {button: right, count: 2}}
                  Sliding Two Fingers Up: {scroll: {direction: up, amount: 3}}
                  Zooming In With Full Hand: {repeat: {key: XF86AudioRaiseVolume, interval: 150ms, while: 0.5, maxDuration: 3s}}
                  Pulling Hand In: {hold: {key: shift, maxDuration: 2s}}
                  Drumming Fingers: {command: [echo, hi]}
                """, Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.GRANTED);
        var g = c.defaults().gestures();
        assertEquals("ctrl+alt+Right", g.get("Swiping Left").action().describe());
        assertEquals(0.7, g.get("Swiping Left").minConfidence());
        assertEquals(Duration.ofMillis(300), g.get("Swiping Left").cooldown());
        assertEquals(new Action.Sequence(List.of(combo("Escape"), combo("ctrl", "s")), Duration.ofMillis(50)), g.get("Swiping Right").action());
        assertEquals(new Action.Text("Hi!"), g.get("Swiping Up").action());
        assertEquals(new Action.Move(-10, 20), g.get("Swiping Down").action());
        assertEquals(new Action.MoveTo(5, 6), g.get("Thumb Up").action());
        assertEquals(0.9, g.get("Thumb Up").minConfidence());
        assertEquals(Duration.ofSeconds(2), g.get("Thumb Up").cooldown());
        assertEquals(new Action.Click(Action.MouseButton.RIGHT, 2), g.get("Thumb Down").action());
        assertEquals(new Action.Scroll(Action.ScrollDirection.UP, 3), g.get("Sliding Two Fingers Up").action());
        assertEquals(new Action.Repeat(combo("XF86AudioRaiseVolume"), Duration.ofMillis(150), 0.5, Duration.ofSeconds(3)),
                g.get("Zooming In With Full Hand").action());
        assertEquals(new Action.Hold(combo("shift"), 0.4, Duration.ofSeconds(2)), g.get("Pulling Hand In").action());
        assertEquals(List.of("echo", "hi"), ((Action.Command) g.get("Drumming Fingers").action()).argv());
        assertEquals(new DaemonConfig.RateLimit(4, Duration.ofSeconds(2)), c.rateLimit());
        assertEquals(Duration.ZERO, c.pause().hold());
    }

    static Action.Combo combo(String... names) {
        return new Action.Combo(java.util.Arrays.stream(names).map(n -> Keys.find(n).orElseThrow()).toList());
    }

    @Test
    void unknownLabelNamesLineAndClosestLabel() {
        List<String> e = errors("""
                gestures:
                  Swiping Left: Right
                  Swipe Right: Left
                """);
        assertEquals(1, e.size(), e.toString());
        assertEquals("conf/actions.yaml:3:3: gestures.\"Swipe Right\": unknown label 'Swipe Right'; fix: did you mean 'Swiping Right'? "
                + "Labels are the model's class names, written exactly (e.g. 'Swiping Left', 'Thumb Up')", e.get(0));
    }

    @Test
    void unknownKeyNameNamesLineAndClosestKey() {
        List<String> e = errors("""
                gestures:
                  Swiping Left:
                    key: ctrl+alt+Rigth
                """);
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("conf/actions.yaml:3:10: gestures.\"Swiping Left\".key: unknown key name 'Rigth' in 'ctrl+alt+Rigth'; fix: did you mean 'Right'?"), e.get(0));
    }

    @Test
    void unknownConfigKeySuggestsTheRightOne() {
        List<String> e = errors("""
                gestures:
                  Thumb Up:
                    key: space
                    minConfidense: 0.8
                """);
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("conf/actions.yaml:4:5: gestures.\"Thumb Up\".minConfidense: unknown key 'minConfidense'; fix: did you mean 'minConfidence'?"), e.get(0));
    }

    @Test
    void badValuesNameTheValueAndTheFix() {
        List<String> e = errors("""
                defaults:
                  minConfidence: 1.5
                  cooldown: 500
                rateLimit: {actions: 0}
                gestures:
                  Thumb Up: {click: {button: left, count: 9}}
                  Thumb Down: {scroll: sideways}
                """);
        assertEquals(5, e.size(), e.toString());
        assertEquals("conf/actions.yaml:2:18: defaults.minConfidence: is '1.5', expected a probability from 0 to 1; fix: write e.g. minConfidence: 0.7", e.get(0));
        assertEquals("conf/actions.yaml:3:13: defaults.cooldown: is '500', expected a duration with a unit; fix: write e.g. cooldown: 500ms or 1.5s (a bare number is ambiguous)", e.get(1));
        assertTrue(e.get(2).startsWith("conf/actions.yaml:4:22: rateLimit.actions: is '0', expected a whole number from 1 to 1000"), e.get(2));
        assertTrue(e.get(3).startsWith("conf/actions.yaml:6:43: gestures.\"Thumb Up\".click.count: is '9', expected a whole number from 1 to 3"), e.get(3));
        assertTrue(e.get(4).startsWith("conf/actions.yaml:7:24: gestures.\"Thumb Down\".scroll: is 'sideways', expected one of up, down, left, right"), e.get(4));
    }

    @Test
    void commandsNeedAllowCommands() {
        List<String> e = errors("""
                gestures:
                  Thumb Up: {command: "notify-send hi"}
                """);
        assertEquals(1, e.size(), e.toString());
        assertEquals("conf/actions.yaml:2:23: gestures.\"Thumb Up\".command: command actions are disabled; fix: set 'allowCommands: true' "
                + "at the top level of the file to let gestures run programs (they run with your rights)", e.get(0));
    }

    @Test
    void collectsEveryErrorAndStartsNothing() {
        List<String> e = errors("""
                allowCommand: true
                gestures:
                  Swipe Left: ctrl+Rigth
                  Thumb Up: {key: space, click: left}
                  Stop Sign: Escape
                  No gesture: a
                  Shaking Hand: {type: "héllo"}
                """);
        assertEquals(7, e.size(), String.join("\n", e));
        assertTrue(e.stream().allMatch(l -> l.matches("conf/actions\\.yaml:\\d+:\\d+: .+; fix: .+")), String.join("\n", e));
        assertTrue(e.stream().anyMatch(l -> l.contains("unknown key name 'Rigth'")), "errors inside a mistyped label's mapping are reported too");
        assertTrue(e.stream().anyMatch(l -> l.contains("is the pause/resume gesture")));
        assertTrue(e.stream().anyMatch(l -> l.contains("background class")));
        assertTrue(e.stream().anyMatch(l -> l.contains("U+00E9")));
        assertTrue(e.stream().anyMatch(l -> l.contains("has key and click")));
    }

    @Test
    void backendCapabilitiesAreChecked() {
        List<String> e = errors("""
                gestures:
                  Thumb Up: XF86AudioRaiseVolume
                  Thumb Down: {scroll: left}
                """, new Capabilities() {
                    @Override public String backendName() { return "robot"; }
                    @Override public String whyNot(Keys.Key key) { return key.robotCan() ? null : "Robot cannot"; }
                    @Override public String whyNoAbsoluteMove() { return null; }
                    @Override public String whyNoHorizontalScroll() { return "only vertical"; }
                });
        assertEquals(2, e.size(), e.toString());
        assertTrue(e.get(0).contains("key XF86AudioRaiseVolume: Robot cannot"), e.get(0));
        assertTrue(e.get(1).contains("only vertical"), e.get(1));
    }

    @Test
    void yamlSyntaxErrorHasLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("gestures:\n  Swiping Left: [a\n"));
        assertTrue(e.getMessage().startsWith("conf/actions.yaml:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
    }

    @Test
    void duplicateKeyIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("gestures:\n  Thumb Up: a\n  Thumb Up: b\n"));
        assertTrue(e.getMessage().startsWith("conf/actions.yaml:3:3: YAML syntax error: key 'Thumb Up' appears twice in this map (first on line 2)"), e.getMessage());
    }

    @Test
    void missingFileSaysSo(@org.junit.jupiter.api.io.TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml"), Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.NO_FLAG));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void profilesInheritUnlessToldNot() throws Exception {
        DaemonConfig c = parse("""
                gestures:
                  Swiping Left: Right
                  Thumb Up: space
                profiles:
                  impress:
                    match: {wmClass: soffice, title: Impress}
                    gestures:
                      Swiping Left: Page_Down
                  strict:
                    match: {wmClass: "^mpv$"}
                    inherit: false
                    gestures:
                      Swiping Left: Right
                """);
        FocusProbe.Window impress = new FocusProbe.Window("libreoffice", "libreoffice-impress-soffice", "talk.odp - LibreOffice Impress");
        FocusProbe.Window writer = new FocusProbe.Window("libreoffice", "soffice", "doc.odt - LibreOffice Writer");
        FocusProbe.Window mpv = new FocusProbe.Window("gl", "mpv", "video.mp4 - mpv");
        assertEquals("impress", c.profileFor(impress).name());
        assertEquals("default", c.profileFor(writer).name(), "both patterns must match");
        assertEquals("default", c.profileFor(null).name(), "unknown window: default profile");
        assertEquals("Page_Down", c.mappingFor(c.profileFor(impress), "Swiping Left").action().describe());
        assertEquals("space", c.mappingFor(c.profileFor(impress), "Thumb Up").action().describe(), "inherited");
        assertEquals(null, c.mappingFor(c.profileFor(mpv), "Thumb Up"), "inherit: false");
        assertInstanceOf(Action.Combo.class, c.mappingFor(c.profileFor(mpv), "Swiping Left").action());
    }

    @Test
    void xpropOutputParses() {
        FocusProbe.Window w = FocusProbe.Xprop.parse("""
                WM_CLASS(STRING) = "libreoffice", "libreoffice-impress"
                _NET_WM_NAME(UTF8_STRING) = "talk \\"final\\".odp - LibreOffice Impress"
                WM_NAME(STRING) = "ignored"
                """);
        assertEquals(new FocusProbe.Window("libreoffice", "libreoffice-impress", "talk \"final\".odp - LibreOffice Impress"), w);
        assertEquals("0x1e00007", FocusProbe.Xprop.activeWindowId("_NET_ACTIVE_WINDOW(WINDOW): window id # 0x1e00007\n"));
        assertEquals(null, FocusProbe.Xprop.activeWindowId("_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0\n"), "0: nothing focused");
        assertEquals(null, FocusProbe.Xprop.activeWindowId("_NET_ACTIVE_WINDOW:  not found.\n"));
    }

    @Test
    void everyKeyNameIsUniqueAndMapsToALinuxCode() {
        for (String n : Keys.canonicalNames()) {
            Keys.Key k = Keys.find(n).orElseThrow();
            assertTrue(k.linuxCode() > 0 && k.linuxCode() < 0x2ff, n);
        }
        assertEquals(115, Keys.find("VolumeUp").orElseThrow().linuxCode(), "KEY_VOLUMEUP");
        assertEquals(106, Keys.find("right").orElseThrow().linuxCode(), "KEY_RIGHT, case-insensitive");
        assertEquals(java.awt.event.KeyEvent.VK_PAGE_UP, Keys.find("Prior").orElseThrow().awtCode());
        assertTrue(Files.exists(Path.of("/usr/include/linux/input-event-codes.h")) ? checkAgainstHeader() : true);
    }

    /** Where the kernel header is installed, every code in the table must match it. */
    private static boolean checkAgainstHeader() {
        try {
            String h = Files.readString(Path.of("/usr/include/linux/input-event-codes.h"));
            java.util.Map<String, Integer> codes = new java.util.HashMap<>();
            var m = java.util.regex.Pattern.compile("#define\\s+(KEY_\\w+)\\s+(\\d+|0x[0-9a-fA-F]+)\\b").matcher(h);
            while (m.find()) codes.put(m.group(1), Integer.decode(m.group(2)));
            assertEquals(codes.get("KEY_F24"), Keys.find("F24").orElseThrow().linuxCode());
            assertEquals(codes.get("KEY_PLAYPAUSE"), Keys.find("PlayPause").orElseThrow().linuxCode());
            assertEquals(codes.get("KEY_PAGEDOWN"), Keys.find("Page_Down").orElseThrow().linuxCode());
            assertEquals(codes.get("KEY_LEFTMETA"), Keys.find("super").orElseThrow().linuxCode());
            assertEquals(codes.get("KEY_Z"), Keys.find("z").orElseThrow().linuxCode());
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
