package io.jesture.demo;

import io.jesture.FrameSource;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Test frames for driving the demo view directly: a lit backdrop with a hand-coloured blob that
 * sweeps across, drawn with Java2D into a BGR buffer. Only for the view tests that run without the
 * pipeline; the end-to-end test uses the real synthetic source.
 */
final class ScriptedScene {
    final FrameSource.Format format;
    private final BufferedImage img;
    final byte[] bgr;

    ScriptedScene(int w, int h, double fps) {
        format = new FrameSource.Format(w, h, fps);
        img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    /** Renders frame {@code i} into {@link #bgr}. */
    byte[] render(int i) {
        int w = format.width(), h = format.height();
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x6B7A8F), w, h, new Color(0x2B303B)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(0x3C4452));
        g.fillRoundRect(w / 2 - 90, h / 3, 180, h, 80, 80); // torso
        g.setColor(new Color(0xC8967A));
        g.fillOval(w / 2 - 55, h / 3 - 120, 110, 130); // head
        double t = (i % 60) / 60.0;
        int hx = (int) (w * (0.2 + 0.6 * t)), hy = h / 2 - 20;
        g.fillRoundRect(hx - 40, hy - 55, 80, 110, 40, 40); // hand
        g.dispose();
        return bgr;
    }
}
