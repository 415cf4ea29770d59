package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Renderer 8's hand-only view: one scene in five is seen by a camera that shows the room, the
 * forearm and the hand, and no person. The view is a nuisance like any other (drawn from the seed,
 * so {@code NuisanceIndependenceTest} covers it); here: how often it is drawn, and that it removes
 * the person and nothing else.
 */
class HandOnlyViewTest {

    @Test
    void aboutOneSceneInFiveSeesOnlyTheHand() {
        int n = 4000, handOnly = 0;
        for (int seed = 0; seed < n; seed++) if (Scene.draw(Split.TRAIN.clipSeed(1, seed), Split.TRAIN).handOnly()) handOnly++;
        double share = handOnly / (double) n;
        assertTrue(share > 0.17 && share < 0.23, "share of hand-only scenes " + share);
    }

    @Test
    void theHandOnlyViewDrawsTheRoomWithoutThePerson() throws Exception {
        long seed = 0;
        while (Scene.draw(seed, Split.TRAIN).handOnly() || !Double.isNaN(Scene.draw(seed, Split.TRAIN).passerStart())) seed++;
        Scene person = Scene.draw(seed, Split.TRAIN);
        Scene room = with(person, "handOnly", true);
        byte[] a = canvas(person), b = canvas(room);
        // the face: its centre differs between the views
        int hx = (int) Math.round(88 + person.bodyX() * 100), hy = (int) Math.round(person.headY() * 100);
        int at = (hy * 176 + hx) * 3;
        assertFalse(Arrays.equals(a, at, at + 3, b, at, at + 3), "the face is not drawn in the hand-only view");
        // the top rows, above the person's hair, show the same room in both views
        int rows = 176 * 3 * 2;
        assertArrayEquals(Arrays.copyOf(a, rows), Arrays.copyOf(b, rows), "the room is unchanged");
    }

    /** The pre-camera canvas of a "No gesture" clip of scene {@code s} at t = 0 (the hand is down). */
    private static byte[] canvas(Scene s) {
        Timeline timeline = new Timeline(s, List.of());
        Renderer r = new Renderer(timeline, 176, 100);
        r.render(0, 0, new byte[176 * 100 * 3], 12);
        return r.pixels().clone();
    }

    /** A copy of record {@code s} with one component replaced. */
    private static Scene with(Scene s, String name, Object value) throws Exception {
        RecordComponent[] cs = Scene.class.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            args[i] = cs[i].getName().equals(name) ? value : cs[i].getAccessor().invoke(s);
        }
        return Scene.class.getDeclaredConstructor(types).newInstance(args);
    }
}
