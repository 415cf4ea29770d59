package io.jesture.daemon;

import io.jesture.internal.eval.EditDistance;
import java.util.Collection;
import java.util.Locale;

/** "Did you mean" suggestions for misspelled labels, key names and config keys. */
final class Spelling {
    private Spelling() {}

    /**
     * The candidate closest to {@code word} by edit distance (case-insensitive), or null when nothing
     * is close enough to be a plausible typo (more than a third of the word would have to change).
     */
    static String closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = EditDistance.of(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, (w.length() + 2) / 3);
        return bestDistance <= allowed ? best : null;
    }
}
