package io.jesture.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every action type, end to end: written in YAML, parsed, and performed on a recording backend. This is
 * also the checklist for adding an action type (docs/architecture.md): a record in {@link Action} with
 * its {@link Action.Visitor} method (every visitor then fails to compile until it handles the type), a
 * {@code Kind} entry in {@link ActionParser}, an example here, and its section in docs/daemon.md.
 */
class ActionKindsTest {

    /** An action written as a mapping's value. */
    record Example(String key, String yaml) {}

    /** One example per action key, in the order the parser lists them. */
    private static final List<Example> EXAMPLES = List.of(
            new Example("key", "{key: ctrl+Right}"),
            new Example("keys", "{keys: [Escape, ctrl+s]}"),
            new Example("type", "{type: \"hi\"}"),
            new Example("move", "{move: {dx: -200}}"),
            new Example("moveTo", "{moveTo: {x: 10, y: 20}}"),
            new Example("click", "{click: right}"),
            new Example("scroll", "{scroll: {direction: down, amount: 2}}"),
            new Example("repeat", "{repeat: {key: Right, interval: 200ms}}"),
            new Example("hold", "{hold: shift}"),
            new Example("command", "{command: \"true\"}"));

    @Test
    void everyActionKeyTheParserKnowsHasAnExampleHere() {
        assertEquals(ActionParser.ACTION_KEYS, EXAMPLES.stream().map(Example::key).toList(),
                "a new action key needs an example in ActionKindsTest.EXAMPLES (and a section in docs/daemon.md)");
    }

    @Test
    void everyExampleParsesAndRunsOnTheBackend() throws Exception {
        for (Example e : EXAMPLES) {
            DaemonConfig c = ConfigLoader.parse(Path.of("kinds.yaml"), "allowCommands: true\ngestures:\n  Thumb Up: " + e.yaml() + "\n",
                    Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.GRANTED);
            Action action = c.defaults().gestures().get("Thumb Up").action();
            List<String> done = new ArrayList<>();
            DryRunBackend backend = new DryRunBackend(done::add);
            new Actuator(backend).run(action);
            assertFalse(done.isEmpty(), e.key() + ": " + action.describe() + " did nothing on the backend");
            backend.releaseAll(); // a hold leaves its keys down on purpose
        }
    }
}
