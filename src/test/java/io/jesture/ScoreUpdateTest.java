package io.jesture;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand a score update may carry: none or all 21 landmarks, and a copy that owns its arrays. */
class ScoreUpdateTest {
    static final List<String> LABELS = List.of("a", "b");

    @Test
    void withoutAHandTheArrayIsEmptyNotNull() {
        ScoreUpdate u = new ScoreUpdate(LABELS, new float[2], new float[2], 1, 2, 3f, 4f);
        assertEquals(0, u.hand().length);
        assertFalse(u.hasHand());
        assertFalse(new ScoreUpdate(LABELS, new float[2], new float[2], 1, 2, 3f, 4f, null).hasHand());
    }

    @Test
    void aHandIsAllTwentyOneLandmarksAndTheCopyOwnsIt() {
        float[] hand = new float[2 * ScoreUpdate.HAND_POINTS];
        for (int i = 0; i < hand.length; i++) hand[i] = i;
        ScoreUpdate u = new ScoreUpdate(LABELS, new float[2], new float[2], 1, 2, 3f, 4f, hand);
        assertTrue(u.hasHand());
        ScoreUpdate c = u.copy();
        assertNotSame(hand, c.hand());
        assertArrayEquals(hand, c.hand());
        hand[0] = -1; // the pipeline reuses its array for the next inference
        assertEquals(0f, c.hand()[0]);
        assertThrows(IllegalArgumentException.class, () -> new ScoreUpdate(LABELS, new float[2], new float[2], 1, 2, 3f, 4f, new float[63]));
    }
}
