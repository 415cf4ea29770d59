package io.jesture.daemon;

import static io.jesture.daemon.Scripted.gesture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Window-title patterns come from the config, but titles come from whatever the focused window shows,
 * e.g. a web page: a pattern with catastrophic backtracking must neither hang the daemon nor fire.
 */
class TitlePatternTest {
    private static final Path FILE = Path.of("conf", "actions.yaml");
    /** A title a web page can set: 'aaaa...b'. */
    private static final String EVIL_TITLE = "a".repeat(100_000) + "b";

    @Test
    void nestedQuantifiersAreRefusedAtLoadNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE, """
                gestures:
                  Swiping Left: Right
                profiles:
                  web:
                    match: {title: "(a+)+$", wmClass: "(.*a){12}"}
                    gestures:
                      Swiping Left: F5
                """, Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.NO_FLAG));
        List<String> lines = e.getMessage().lines().skip(1).map(String::trim).toList();
        assertEquals(2, lines.size(), e.getMessage());
        assertTrue(lines.get(0).startsWith("conf/actions.yaml:5:39: profiles.web.match.wmClass: '(.*a){12}' repeats a group that contains a repeat"), lines.get(0));
        assertTrue(lines.get(1).startsWith("conf/actions.yaml:5:20: profiles.web.match.title: '(a+)+$' repeats a group that contains a repeat"), lines.get(1));
        assertTrue(lines.get(1).contains("fix: repeat once, e.g. 'a+' instead of '(a+)+'"), lines.get(1));
    }

    @Test
    void harmlessPatternsStillLoad() throws Exception {
        for (String p : List.of("libreoffice|soffice", "^(Impress|Writer) - .*$", "(ab)+", "(a+)?b", "[(a+)]+", "\\(a+\\)+", "(?:x|y)*z")) {
            ConfigLoader.parse(FILE, "gestures:\n  Swiping Left: Right\nprofiles:\n  p:\n    match: {title: '" + p + "'}\n"
                    + "    gestures:\n      Swiping Right: F5\n", Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.NO_FLAG);
        }
    }

    @Test
    void aCatastrophicPatternOnALongTitleEndsQuicklyAndDoesNotMatch() {
        DaemonConfig.Profile p = new DaemonConfig.Profile("web", null, Pattern.compile("(a+)+$", Pattern.CASE_INSENSITIVE), false, Map.of());
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> p.matches(new FocusProbe.Window("x", "X", EVIL_TITLE)));
        assertFalse(matched);
    }

    @Test
    void aPatternThatPassesTheLoadCheckButBacktracksDoesNotFireItsProfile() throws Exception {
        // Alternation inside a repeat is not caught at load time; on a long title it overflows the stack.
        DaemonConfig c = ConfigLoader.parse(FILE, """
                defaults: {cooldown: 0}
                gestures:
                  Swiping Left: Right
                profiles:
                  web:
                    match: {title: "(a|aa)+$"}
                    inherit: false
                    gestures:
                      Swiping Left: F5
                """, Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.NO_FLAG);
        List<String> out = new ArrayList<>();
        Engine e = new Engine(c, new Actuator(new DryRunBackend(out::add)), new FocusProbe() {
            @Override public Window focused() { return new Window("x", "X", EVIL_TITLE); }
            @Override public String describe() { return "test"; }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> e.onGesture(gesture("Swiping Left", 0.95, 1000)));
        assertEquals(List.of("dry-run: press Right", "dry-run: release Right"), out, "the default profile, not 'web'");
    }
}
