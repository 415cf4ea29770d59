package io.jesture.daemon;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the usual cause of catastrophic backtracking in a regular expression: a group that can repeat
 * (+, *, {2,} ...) around something that can match a varying number of times, as in {@code (a+)+} or
 * {@code (.*a){12}}. On a text that almost matches, a backtracking matcher tries every way of
 * splitting it between the two repeats. Possessive quantifiers and atomic groups do not backtrack and
 * are allowed. Alternatives inside a repeat ({@code (a|aa)+}) are not detected here; {@link BoundedMatch}
 * bounds those at match time.
 */
final class NestedRepeat {
    private NestedRepeat() {}

    /** A quantifier's shape; {@code length} is how many characters it spans. */
    private record Quantifier(int min, int max, boolean possessive, int length) {
        boolean variable() {
            return max > min && max >= 2;
        }

        boolean repeats() {
            return max >= 2;
        }
    }

    /** One open group: where it starts, whether it is atomic, whether something inside varies in count. */
    private static final class Group {
        final int start;
        final boolean atomic;
        boolean varies;

        Group(int start, boolean atomic) {
            this.start = start;
            this.atomic = atomic;
        }
    }

    /** @return the first repeated group that contains a varying repeat, e.g. {@code (a+)+}, or null */
    static String find(String re) {
        Deque<Group> open = new ArrayDeque<>();
        Group top = new Group(0, false);
        int i = 0;
        int n = re.length();
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                i = afterEscape(re, i);
            } else if (c == '[') {
                i = afterClass(re, i);
            } else if (c == '(') {
                open.push(top);
                top = new Group(i, re.startsWith("(?>", i));
                i++;
                if (i < n && re.charAt(i) == '?') i++; // (?:, (?=, (?<name> ...: not a quantifier
            } else if (c == ')' && !open.isEmpty()) {
                Group g = top;
                top = open.pop();
                i++;
                Quantifier q = quantifier(re, i);
                if (q != null) {
                    if (q.repeats() && g.varies && !q.possessive() && !g.atomic) return re.substring(g.start, i + q.length());
                    i += q.length();
                }
                top.varies |= (g.varies && !g.atomic) || (q != null && q.variable() && !q.possessive());
            } else {
                Quantifier q = quantifier(re, i);
                if (q != null) {
                    if (q.variable() && !q.possessive()) top.varies = true;
                    i += q.length();
                } else {
                    i++;
                }
            }
        }
        return null;
    }

    /** The quantifier at {@code i}, with its lazy or possessive suffix; null if there is none. */
    private static Quantifier quantifier(String re, int i) {
        if (i >= re.length()) return null;
        char c = re.charAt(i);
        int min;
        int max;
        int len;
        if (c == '*' || c == '+' || c == '?') {
            min = c == '+' ? 1 : 0;
            max = c == '?' ? 1 : Integer.MAX_VALUE;
            len = 1;
        } else if (c == '{') {
            int close = re.indexOf('}', i);
            if (close < 0) return null;
            String body = re.substring(i + 1, close);
            if (!body.matches("\\d{1,9}(,\\d{0,9})?")) return null; // a literal brace
            int comma = body.indexOf(',');
            min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
            max = comma < 0 ? min : comma == body.length() - 1 ? Integer.MAX_VALUE : Integer.parseInt(body.substring(comma + 1));
            len = close - i + 1;
        } else {
            return null;
        }
        boolean possessive = false;
        if (i + len < re.length()) {
            char s = re.charAt(i + len);
            if (s == '+') {
                possessive = true;
                len++;
            } else if (s == '?') {
                len++;
            }
        }
        return new Quantifier(min, max, possessive, len);
    }

    /** Past an escape: {@code \x}, {@code \p{...}}, {@code \x{...}}, {@code \N{...}}, {@code \k<...>}, {@code \Q...\E}. */
    private static int afterEscape(String re, int i) {
        int n = re.length();
        if (i + 1 >= n) return n;
        char e = re.charAt(i + 1);
        if (e == 'Q') {
            int end = re.indexOf("\\E", i + 2);
            return end < 0 ? n : end + 2;
        }
        if ((e == 'p' || e == 'P' || e == 'x' || e == 'N') && i + 2 < n && re.charAt(i + 2) == '{') {
            int close = re.indexOf('}', i + 2);
            return close < 0 ? n : close + 1;
        }
        if (e == 'k' && i + 2 < n && re.charAt(i + 2) == '<') {
            int close = re.indexOf('>', i + 2);
            return close < 0 ? n : close + 1;
        }
        return i + 2;
    }

    /** Past a character class, nested classes and escapes included; a ']' first in the class is literal. */
    private static int afterClass(String re, int i) {
        int n = re.length();
        int depth = 0;
        int j = i;
        while (j < n) {
            char c = re.charAt(j);
            if (c == '\\') {
                j = afterEscape(re, j);
                continue;
            }
            if (c == '[') {
                depth++;
                j++;
                if (j < n && re.charAt(j) == '^') j++;
                if (j < n && re.charAt(j) == ']') j++; // literal
                continue;
            }
            if (c == ']' && --depth == 0) return j + 1;
            j++;
        }
        return n;
    }
}
