package io.jesture.internal.eval;

import java.util.List;

/**
 * Levenshtein distance: the fewest insertions, deletions and substitutions (each costing 1) that turn
 * one sequence into the other. The one implementation, for label sequences (the Levenshtein accuracy
 * of {@link StreamScore}) and for text (the daemon's "did you mean" suggestions).
 */
public final class EditDistance {
    private EditDistance() {}

    /** Whether element {@code i} of the first sequence equals element {@code j} of the second. */
    @FunctionalInterface
    private interface Same {
        boolean at(int i, int j);
    }

    /** Between two sequences, elements compared with {@code equals}. */
    public static int of(List<?> a, List<?> b) {
        return of(a.size(), b.size(), (i, j) -> a.get(i).equals(b.get(j)));
    }

    /** Between two texts, character by character (case-sensitive). */
    public static int of(CharSequence a, CharSequence b) {
        return of(a.length(), b.length(), (i, j) -> a.charAt(i) == b.charAt(j));
    }

    private static int of(int n, int m, Same same) {
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) prev[j] = j;
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int sub = prev[j - 1] + (same.at(i - 1, j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }
}
