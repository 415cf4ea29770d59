package io.jesture.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void levenshteinBasics() {
        assertEquals(0, EditDistance.of(List.of(), List.of()));
        assertEquals(2, EditDistance.of(List.of("a", "b"), List.of()));
        assertEquals(1, EditDistance.of(List.of("a", "b", "c"), List.of("a", "c")));
        assertEquals(1, EditDistance.of(List.of("a", "b"), List.of("a", "x")));
    }

    @Test
    void textIsComparedCharacterByCharacter() {
        assertEquals(0, EditDistance.of("", ""));
        assertEquals(3, EditDistance.of("kitten", "sitting"));
        assertEquals(2, EditDistance.of("spcae", "space"), "a swap is two substitutions");
        assertEquals(1, EditDistance.of("Thumb Up", "thumb Up"), "case counts: callers fold it when they want to");
    }
}
