package io.jesture.demo;

import java.awt.FontMetrics;

/** Fitting a line of text into a width. A string is built only when the text does not fit. */
final class TextFit {
    private TextFit() {}

    /** {@code s}, or as much of it as fits in {@code width} followed by "…". */
    static String ellipsize(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) return s;
        int n = s.length();
        while (n > 0 && fm.stringWidth(s.substring(0, n)) + fm.stringWidth("…") > width) n--;
        return s.substring(0, n) + "…";
    }

    /** How many leading characters of {@code s} fit in {@code width}. */
    static int fitChars(String s, FontMetrics fm, int width) {
        int n = s.length();
        while (n > 0 && fm.stringWidth(s.substring(0, n)) > width) n--;
        return n;
    }
}
