package io.jesture.internal.adapt;

import io.jesture.synth.GestureClip;
import io.jesture.synth.JesterLabels;
import io.jesture.synth.Split;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Takes rendered for the tests: a person of the synthetic world at rest (its "No gesture" clip), over
 * which Java2D draws a hand whose raised index finger traces one circle, a motion no class of the
 * model has. Each seed draws its own person, room, circle size, place, speed and direction.
 */
final class RenderedTakes {
    static final double FPS = 12;

    private RenderedTakes() {}

    /** Writes one clip of the synthetic world's own gesture {@code jesterLabel} (a class the model knows). */
    static Path writeGesture(TakeWriter writer, long seed, int jesterLabel, int width, int height, double seconds) throws Exception {
        GestureClip clip = GestureClip.create(seed, Split.TEST, jesterLabel, width, height, FPS, seconds);
        writer.begin(JesterLabels.name(jesterLabel));
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < clip.frameCount(); i++) {
            clip.render(i, bgr);
            writer.frame(bgr, width, height);
        }
        return writer.end();
    }

    /**
     * Writes one take into {@code writer}.
     *
     * @param circle whether the finger draws a circle (otherwise the person only rests)
     */
    static Path write(TakeWriter writer, String label, long seed, boolean circle, int width, int height, double seconds) throws Exception {
        GestureClip rest = GestureClip.create(seed, Split.TRAIN, JesterLabels.NO_GESTURE, width, height, FPS, seconds);
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        double cx = width * (0.35 + 0.3 * r.nextDouble()), cy = height * (0.38 + 0.12 * r.nextDouble());
        double radius = height * (0.16 + 0.06 * r.nextDouble());
        double start = 0.4 + 0.3 * r.nextDouble(), turn = 1.6 + 0.5 * r.nextDouble();
        double phase = r.nextDouble() * 2 * Math.PI;
        int direction = r.nextBoolean() ? 1 : -1;
        Color skin = new Color(205 - r.nextInt(90), 160 - r.nextInt(80), 130 - r.nextInt(70));
        writer.begin(label);
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < rest.frameCount(); i++) {
            BufferedImage img = rest.renderImage(i);
            BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = frame.createGraphics();
            g.drawImage(img, 0, 0, null);
            double t = i / FPS;
            if (circle && t >= start - 0.3 && t <= start + turn + 0.3) {
                // The hand rises into place, draws one full turn, and holds for a moment.
                double u = Math.max(0, Math.min(1, (t - start) / turn));
                double a = phase + direction * 2 * Math.PI * u;
                double tipX = cx + radius * Math.cos(a), tipY = cy + radius * Math.sin(a);
                double palmX = tipX + height * 0.05, palmY = tipY + height * 0.22;
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setColor(skin);
                g.setStroke(new BasicStroke((float) (height * 0.045), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.drawLine((int) palmX, (int) palmY, (int) tipX, (int) tipY);
                int palm = (int) (height * 0.13);
                g.fillOval((int) palmX - palm / 2, (int) palmY - palm / 3, palm, (int) (palm * 1.2));
                g.setStroke(new BasicStroke((float) (height * 0.07), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.drawLine((int) palmX, (int) (palmY + palm * 0.8), (int) (palmX + height * 0.02), height);
            }
            g.dispose();
            System.arraycopy(((DataBufferByte) frame.getRaster().getDataBuffer()).getData(), 0, bgr, 0, bgr.length);
            writer.frame(bgr, width, height);
        }
        return writer.end();
    }
}
