package io.jesture.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every action type, end to end: written in YAML, parsed, and performed on a recording backend. This is
 * also the checklist for adding an action type (docs/architecture.md): a record in {@link Action} with
 * its {@link Action.Visitor} method (every visitor then fails to compile until it handles the type), a
 * {@code Kind} entry in {@link ActionParser}, an example here, and its section in docs/daemon.md.
 */
class ActionKindsTest {

    /** One example per action key, in the order the parser lists them. */
    private static final Map<String, String> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("key", "{key: ctrl+Right}");
        EXAMPLES.put("keys", "{keys: [Escape, ctrl+s]}");
        EXAMPLES.put("type", "{type: \"hi\"}");
        EXAMPLES.put("move", "{move: {dx: -200}}");
        EXAMPLES.put("moveTo", "{moveTo: {x: 10, y: 20}}");
        EXAMPLES.put("click", "{click: right}");
        EXAMPLES.put("scroll", "{scroll: {direction: down, amount: 2}}");
        EXAMPLES.put("repeat", "{repeat: {key: Right, interval: 200ms}}");
        EXAMPLES.put("hold", "{hold: shift}");
        EXAMPLES.put("command", "{command: \"true\"}");
    }

    @Test
    void everyActionKeyTheParserKnowsHasAnExampleHere() {
        assertEquals(ActionParser.ACTION_KEYS, List.copyOf(EXAMPLES.keySet()),
                "a new action key needs an example in ActionKindsTest.EXAMPLES (and a section in docs/daemon.md)");
    }

    @Test
    void everyExampleParsesAndRunsOnTheBackend() throws Exception {
        for (Map.Entry<String, String> e : EXAMPLES.entrySet()) {
            DaemonConfig c = ConfigLoader.parse(Path.of("kinds.yaml"), "allowCommands: true\ngestures:\n  Thumb Up: " + e.getValue() + "\n",
                    Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.GRANTED);
            Action action = c.defaults().gestures().get("Thumb Up").action();
            List<String> done = new ArrayList<>();
            DryRunBackend backend = new DryRunBackend(done::add);
            new Actuator(backend).run(action);
            assertFalse(done.isEmpty(), e.getKey() + ": " + action.describe() + " did nothing on the backend");
            backend.releaseAll(); // a hold leaves its keys down on purpose
        }
    }
}
