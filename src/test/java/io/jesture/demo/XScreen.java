package io.jesture.demo;

import javax.imageio.ImageIO;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.beans.PropertyChangeListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Helpers for tests that look at the demo through the X server. */
final class XScreen {
    static final Path OUT = Path.of("target", "demo-test");

    private XScreen() {}

    /**
     * Paints synchronously, flushes to the X server, then captures the component's screen area.
     *
     * <p>No {@link Robot#waitForIdle()}: it returns only when the event queue is empty, and gives up
     * after 10 s otherwise (SunToolkit's default wait). In the full suite something kept posting events
     * (what was not found), and every capture became a 10 s wait: a test of 4 captures took 40 s there
     * and 0.5 s with only the demo tests. The paint is done on the EDT and {@code sync()} waits until
     * the X server has processed every drawing request, and the server answers the capture after
     * them, so the capture already shows what was painted.
     */
    static BufferedImage capture(JComponent c, String name) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            c.paintImmediately(0, 0, c.getWidth(), c.getHeight());
            Toolkit.getDefaultToolkit().sync();
        });
        Robot robot = new Robot();
        Rectangle r = onEdt(() -> {
            Point p = c.getLocationOnScreen();
            return new Rectangle(p.x, p.y, c.getWidth(), c.getHeight());
        });
        BufferedImage img = robot.createScreenCapture(r);
        Files.createDirectories(OUT);
        ImageIO.write(img, "png", OUT.resolve(name + ".png").toFile());
        return img;
    }

    /**
     * A latch that opens when {@code property} fires a value matching {@code accept}, or at once if
     * {@code already} holds. Both are evaluated on the EDT, where the property fires, so nothing slips
     * between the check and the registration.
     */
    static CountDownLatch when(JComponent c, String property, Predicate<Object> accept, BooleanSupplier already) throws Exception {
        CountDownLatch l = new CountDownLatch(1);
        SwingUtilities.invokeAndWait(() -> {
            if (already.getAsBoolean()) {
                l.countDown();
                return;
            }
            PropertyChangeListener pl = new PropertyChangeListener() {
                @Override
                public void propertyChange(java.beans.PropertyChangeEvent e) {
                    if (accept.test(e.getNewValue())) {
                        c.removePropertyChangeListener(property, this);
                        l.countDown();
                    }
                }
            };
            c.addPropertyChangeListener(property, pl);
        });
        return l;
    }

    static <T> T onEdt(Callable<T> c) throws Exception {
        AtomicReference<T> ref = new AtomicReference<>();
        AtomicReference<Exception> err = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                ref.set(c.call());
            } catch (Exception e) {
                err.set(e);
            }
        });
        if (err.get() != null) throw err.get();
        return ref.get();
    }

    static double lumaStdDev(BufferedImage img, Rectangle r) {
        double[] m = lumaStats(img, r);
        return m[1];
    }

    static double lumaMean(BufferedImage img, Rectangle r) {
        return lumaStats(img, r)[0];
    }

    private static double[] lumaStats(BufferedImage img, Rectangle r) {
        double sum = 0, sq = 0;
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y += 2) {
            for (int x = r.x; x < r.x + r.width; x += 2) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
                sum += l;
                sq += l * l;
                n++;
            }
        }
        double mean = sum / Math.max(1, n);
        return new double[] {mean, Math.sqrt(Math.max(0, sq / Math.max(1, n) - mean * mean))};
    }

    static int countNear(BufferedImage img, Rectangle r, int rgb) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                int p = img.getRGB(x, y);
                int d = Math.abs((p >> 16 & 255) - (rgb >> 16 & 255)) + Math.abs((p >> 8 & 255) - (rgb >> 8 & 255))
                        + Math.abs((p & 255) - (rgb & 255));
                if (d < 40) n++;
            }
        }
        return n;
    }
}
