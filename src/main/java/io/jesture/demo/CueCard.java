package io.jesture.demo;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * The recording cue drawn over the video, shared by the demo's Teach mode and the window of
 * {@code jesture record}: a countdown before each take, then "GO" and a bar that fills while the
 * take records, and, when the renderer knows the gesture, a looping example of it in an inset.
 * EDT only; the owner calls the cue methods (from {@link io.jesture.internal.adapt.Recorder.Cues},
 * moved to the EDT) and repaints while {@link #animating} says so.
 */
final class CueCard {
    enum Phase { NONE, COUNTDOWN, GO, SAVED }

    /** How long "GO" stays large before it shrinks to the recording chip. */
    static final long GO_FLASH_NANOS = 700_000_000L;
    static final long SAVED_NANOS = 1_200_000_000L;

    private static final Color SCRIM = Theme.alpha(java.awt.Color.BLACK, 0.45f);
    private static final Color CARD = Theme.alpha(Theme.PANEL, 0.92f);
    private static final Color REC = new Color(0xFF4D5E);
    /** Fading composites, made once: nothing is allocated per paint. */
    private static final AlphaComposite[] FADES = new AlphaComposite[33];

    static {
        for (int i = 0; i <= 32; i++) FADES[i] = AlphaComposite.getInstance(AlphaComposite.SRC_OVER, i / 32f);
    }

    private final Font fCount = Theme.sans(Font.BOLD, 92f);
    private final Font fGo = Theme.sans(Font.BOLD, 110f);
    private final Font fHead = Theme.sans(Font.BOLD, 13f);
    private final Font fText = Theme.sans(Font.PLAIN, 16f);
    private final Font fTextBold = Theme.sans(Font.BOLD, 16f);
    private final Font fChip = Theme.sans(Font.BOLD, 11f);
    private final Stroke ring = new BasicStroke(6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private final Stroke frameStroke = new BasicStroke(2f);

    private Phase phase = Phase.NONE;
    private String gesture = "";
    private int take, of, left;
    private double seconds;
    private long phaseAt;
    private int savedFrames;
    private String takeText = "";
    private String countText = "";
    private String chipText = "";
    private int chipTenths = -1;
    private GestureExample example;
    private long exampleAt;

    /** The gesture being recorded and its example (null when the renderer does not know it, or it is not ready). */
    void gesture(String name, GestureExample ex, long now) {
        gesture = name;
        example(ex, now);
    }

    /** Sets the example, restarting its loop only when it changes. */
    void example(GestureExample ex, long now) {
        if (ex != example) exampleAt = now;
        example = ex;
    }

    GestureExample example() {
        return example;
    }

    void countdown(int take, int of, int secondsLeft, long now) {
        if (phase != Phase.COUNTDOWN || this.take != take) phaseAt = now;
        phase = Phase.COUNTDOWN;
        this.take = take;
        this.of = of;
        left = secondsLeft;
        takeText = String.format(Locale.ROOT, "TAKE %d OF %d", take, of);
        countText = Integer.toString(secondsLeft);
    }

    void go(int take, int of, double seconds, long now) {
        phase = Phase.GO;
        chipTenths = -1;
        this.take = take;
        this.of = of;
        this.seconds = seconds;
        phaseAt = now;
        takeText = String.format(Locale.ROOT, "TAKE %d OF %d", take, of);
    }

    void saved(int take, int of, int frames, long now) {
        phase = Phase.SAVED;
        this.take = take;
        this.of = of;
        savedFrames = frames;
        phaseAt = now;
        takeText = String.format(Locale.ROOT, "TAKE %d OF %d SAVED  ·  %d FRAMES", take, of, frames);
    }

    void clear() {
        phase = Phase.NONE;
    }

    Phase phase() {
        return phase;
    }

    /** Whether something drawn changes with time: the owner keeps repainting while it does. */
    boolean animating(long now) {
        return example != null || phase == Phase.GO || (phase == Phase.SAVED && now - phaseAt < SAVED_NANOS);
    }

    /** Draws the cue for the current phase, and the example, over the video rectangle {@code r}. */
    void paint(Graphics2D g, Rectangle r, long now) {
        if (r.isEmpty()) return;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        switch (phase) {
            case COUNTDOWN -> paintCountdown(g, r);
            case GO -> paintGo(g, r, now);
            case SAVED -> paintSaved(g, r, now);
            case NONE -> { }
        }
        paintExample(g, r, now);
    }

    private void paintCountdown(Graphics2D g, Rectangle r) {
        g.setColor(SCRIM);
        g.fillRect(r.x, r.y, r.width, r.height);
        int cx = r.x + r.width / 2, cy = r.y + r.height / 2;
        int rad = Math.max(40, Math.min(78, Math.min(r.width, r.height) / 5));
        g.setColor(CARD);
        g.fillOval(cx - rad, cy - rad, 2 * rad, 2 * rad);
        Stroke old = g.getStroke();
        g.setStroke(ring);
        g.setColor(Theme.ACCENT);
        g.drawOval(cx - rad, cy - rad, 2 * rad, 2 * rad);
        g.setStroke(old);
        FontMetrics fc = g.getFontMetrics(fCount);
        g.setFont(fCount);
        g.setColor(Theme.TEXT);
        g.drawString(countText, cx - fc.stringWidth(countText) / 2, cy + (fc.getAscent() - fc.getDescent()) / 2);
        centred(g, takeText, fHead, Theme.ACCENT, r, cy - rad - 22);
        line(g, r, cy + rad + 40, "Get ready to perform ", gesture);
    }

    private void paintGo(Graphics2D g, Rectangle r, long now) {
        long dt = now - phaseAt;
        if (dt < GO_FLASH_NANOS) { // a big GO that fades out, so the start is unmistakable
            float a = 1f - dt / (float) GO_FLASH_NANOS;
            Composite c = g.getComposite();
            g.setComposite(FADES[Math.round(Math.max(0f, Math.min(1f, a)) * 32)]);
            FontMetrics fg = g.getFontMetrics(fGo);
            g.setFont(fGo);
            g.setColor(Theme.ACCENT);
            g.drawString("GO", r.x + (r.width - fg.stringWidth("GO")) / 2, r.y + r.height / 2 + (fg.getAscent() - fg.getDescent()) / 2);
            g.setComposite(c);
        }
        double elapsed = Math.min(seconds, dt / 1e9);
        // The recording chip, top centre (the window's own chips are top left): a red dot, the take and the
        // seconds so far (text rebuilt once per tenth).
        int tenths = (int) (elapsed * 10);
        if (tenths != chipTenths) {
            chipTenths = tenths;
            chipText = String.format(Locale.ROOT, "REC  %s  %.1f / %.1f s", takeText, tenths / 10.0, seconds);
        }
        String chip = chipText;
        FontMetrics fm = g.getFontMetrics(fChip);
        int cw = 2 * 10 + 14 + fm.stringWidth(chip), ch = 24, x = r.x + (r.width - cw) / 2, y = r.y + 2 * Theme.GAP;
        g.setColor(Theme.SCRIM);
        g.fillRoundRect(x, y, cw, ch, ch, ch);
        g.setColor(REC);
        g.fillOval(x + 10, y + ch / 2 - 4, 8, 8);
        g.setFont(fChip);
        g.setColor(Theme.TEXT);
        g.drawString(chip, x + 24, y + (ch + fm.getAscent() - fm.getDescent()) / 2);
        // The bar along the bottom fills as the take records; the line above says what to do.
        int bh = 8, by = r.y + r.height - bh;
        g.setColor(Theme.SCRIM);
        g.fillRect(r.x, by, r.width, bh);
        g.setColor(Theme.ACCENT);
        g.fillRect(r.x, by, (int) Math.round(r.width * (seconds > 0 ? elapsed / seconds : 1)), bh);
        line(g, r, by - 2 * Theme.GAP - 12, "Perform ", gesture + " now");
    }

    private void paintSaved(Graphics2D g, Rectangle r, long now) {
        if (now - phaseAt >= SAVED_NANOS) return;
        centred(g, takeText, fHead, Theme.OK, r, r.y + r.height / 2);
    }

    /** The example inset, top right of {@code r}, with its caption; nothing when there is none. */
    void paintExample(Graphics2D g, Rectangle r, long now) {
        if (example == null || r.isEmpty()) return;
        int pad = 6, caption = 22;
        double scale = Math.min(1.0, (r.width * 0.34) / GestureExample.WIDTH);
        int w = (int) Math.round(GestureExample.WIDTH * scale), h = (int) Math.round(GestureExample.HEIGHT * scale);
        int x = r.x + r.width - w - 2 * pad - 2 * Theme.GAP, y = r.y + 2 * Theme.GAP;
        g.setColor(CARD);
        g.fillRoundRect(x, y, w + 2 * pad, h + 2 * pad + caption, 12, 12);
        // A solid two-pixel frame in one colour (no antialiasing), so the inset reads as a separate picture.
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(Theme.ACCENT_DEEP);
        Stroke oldStroke = g.getStroke();
        g.setStroke(frameStroke);
        g.drawRoundRect(x, y, w + 2 * pad - 1, h + 2 * pad + caption - 1, 12, 12);
        g.setStroke(oldStroke);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        BufferedImage f = example.frameAt(now - exampleAt);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(f, x + pad, y + pad, w, h, null);
        FontMetrics fm = g.getFontMetrics(fChip);
        g.setFont(fChip);
        g.setColor(Theme.TEXT_DIM);
        String text = TextFit.ellipsize("EXAMPLE · " + example.label().toUpperCase(Locale.ROOT), fm, w);
        g.drawString(text, x + pad, y + pad + h + 16);
    }

    /** One line on a card: a plain lead-in, then the gesture in bold. */
    private void line(Graphics2D g, Rectangle r, int baseline, String lead, String bold) {
        FontMetrics fl = g.getFontMetrics(fText), fb = g.getFontMetrics(fTextBold);
        String b = TextFit.ellipsize(bold, fb, r.width - 64 - fl.stringWidth(lead));
        int w = fl.stringWidth(lead) + fb.stringWidth(b), padX = 16, h = 34;
        int x = r.x + (r.width - w) / 2;
        g.setColor(CARD);
        g.fillRoundRect(x - padX, baseline - 23, w + 2 * padX, h, 12, 12);
        g.setFont(fText);
        g.setColor(Theme.TEXT);
        g.drawString(lead, x, baseline);
        g.setFont(fTextBold);
        g.setColor(Theme.ACCENT);
        g.drawString(b, x + fl.stringWidth(lead), baseline);
    }

    private static void centred(Graphics2D g, String text, Font f, Color c, Rectangle r, int baseline) {
        FontMetrics fm = g.getFontMetrics(f);
        g.setFont(f);
        g.setColor(c);
        g.drawString(text, r.x + (r.width - fm.stringWidth(text)) / 2, baseline);
    }
}
