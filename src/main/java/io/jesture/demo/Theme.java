package io.jesture.demo;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Set;

/**
 * The demo's look in one place: a dark palette and two type families. DejaVu Sans / Sans Mono are
 * preferred (Debian's fonts-dejavu-core, present on nearly every Linux desktop); where they are
 * missing the JDK's logical fonts stand in, so the demo never fails for want of a font.
 */
final class Theme {
    static final Color BACKGROUND = new Color(0x0E1014);
    static final Color VIDEO_BACKGROUND = new Color(0x07080A);
    static final Color PANEL = new Color(0x161922);
    static final Color PANEL_RAISED = new Color(0x1D212C);
    static final Color DIVIDER = new Color(0x272C38);
    static final Color TEXT = new Color(0xE8EBF2);
    static final Color TEXT_DIM = new Color(0x8E96A8);
    static final Color TEXT_FAINT = new Color(0x5C6477);
    static final Color ACCENT = new Color(0x37D7C4);
    static final Color ACCENT_DEEP = new Color(0x1F7F76);
    static final Color BAR_TRACK = new Color(0x232835);
    static final Color BAR = new Color(0x3B4C6E);
    static final Color OK = new Color(0x4ADE80);
    static final Color WARN = new Color(0xF5B84B);
    static final Color ERROR = new Color(0xFF5C6C);
    static final Color SCRIM = new Color(0, 0, 0, 170);

    /** Spacing unit: every margin and gap is a multiple of it. */
    static final int GAP = 8;

    /** Fading composites, precomputed in 64 steps so that animations allocate nothing per paint. */
    private static final AlphaComposite[] FADES = new AlphaComposite[65];

    static {
        for (int i = 0; i <= 64; i++) FADES[i] = AlphaComposite.getInstance(AlphaComposite.SRC_OVER, i / 64f);
    }

    private static final String SANS = pick("DejaVu Sans", Font.SANS_SERIF);
    private static final String MONO = pick("DejaVu Sans Mono", Font.MONOSPACED);

    private Theme() {}

    static Font sans(int style, float size) {
        return new Font(SANS, style, 1).deriveFont(size);
    }

    static Font mono(int style, float size) {
        return new Font(MONO, style, 1).deriveFont(size);
    }

    static Color alpha(Color c, float a) {
        int v = Math.max(0, Math.min(255, Math.round(a * 255)));
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), v);
    }

    /** Draws at opacity {@code a} (clamped to 0..1; NaN is 0), in 64 steps. */
    static AlphaComposite fade(float a) {
        return FADES[Math.round(DemoState.clamp01(a) * 64)];
    }

    private static String pick(String preferred, String fallback) {
        try {
            Set<String> families = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
            return families.contains(preferred) ? preferred : fallback;
        } catch (RuntimeException | Error e) {
            return fallback; // no font configuration at all: the logical font still renders
        }
    }
}
