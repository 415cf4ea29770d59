package io.jesture.demo;

import io.jesture.GestureOptions;
import io.jesture.Provider;
import io.jesture.RunningMode;
import io.jesture.TestVideos;
import io.jesture.TestVideos.Segment;
import io.jesture.internal.adapt.Profile;
import io.jesture.synth.GestureClip;
import io.jesture.synth.JesterLabels;
import io.jesture.synth.Split;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo's Teach mode on a real X server, driven by key events sent to the window's component:
 * a real recognizer plays an mp4 written here with FFmpegFrameRecorder, Teach records takes from the
 * window's frames into a Jester-layout folder, and (with the shipped model) adapts on them and runs
 * the recognizer with the new profile.
 */
@Timeout(600)
class TeachModeXTest {
    private DemoApp app;

    @AfterEach
    void close() {
        if (app != null) app.close();
    }

    /**
     * colour.onnx: a tiny fixture model without the embedding output. Takes are recorded and written
     * as {@code jesture record} writes them; typing a name never triggers the window's keys; Esc stops
     * a recording and drops the take under way; adapting says why it cannot and gives the command.
     */
    @Test
    void recordsTakesInJesterLayoutAndSaysHowToAdaptAModelWithoutEmbedding(@TempDir Path tmp) throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs an X server: run under xvfb-run -a");
        Path clip = TestVideos.write(tmp.resolve("colours.mp4"), 320, 240, 30,
                new Segment(TestVideos.GREY, 30), new Segment(TestVideos.RED, 30), new Segment(TestVideos.BLUE, 30));
        Path takes = tmp.resolve("my-takes");
        PrintWriterHolder printed = new PrintWriterHolder();
        app = open("file:" + clip, TestVideos.model("colour.onnx"), takes, 0.5, printed);
        DemoView view = app.window().view();

        key(view, KeyEvent.VK_T, 't');
        assertEquals(TeachMode.State.SETUP, XScreen.onEdt(() -> view.teach().state()));
        type(view, "quiet");   // q would quit and s would take a screenshot: in the panel they are letters
        assertEquals("quiet", XScreen.onEdt(() -> view.teach().name()), "the T that opened the panel is not part of the name");
        assertTrue(XScreen.onEdt(() -> app.window().frame().isShowing()), "typing q did not quit");
        for (int i = 0; i < 5; i++) key(view, KeyEvent.VK_BACK_SPACE, KeyEvent.CHAR_UNDEFINED);
        type(view, "Wave");
        for (int i = 0; i < 3; i++) key(view, KeyEvent.VK_LEFT, KeyEvent.CHAR_UNDEFINED);
        assertEquals(2, XScreen.onEdt(() -> view.teach().takes()));

        CountDownLatch done = state(view, TeachMode.State.DONE);
        key(view, KeyEvent.VK_ENTER, '\n');
        assertTrue(done.await(120, TimeUnit.SECONDS), "two takes recorded");
        assertEquals(List.of("00001;Wave", "00002;Wave"), Files.readAllLines(takes.resolve("jester-v1-train.csv")));
        assertEquals(List.of("Wave"), Files.readAllLines(takes.resolve("jester-v1-labels.csv")));
        for (String id : List.of("00001", "00002")) {
            int n = jpegs(takes.resolve(id));
            // colour.onnx's clip is 8 frames at 12 fps (0.67 s): a take is a clip plus 1 s, rounded up to 2.0 s, at 12 fps,
            // however many frames a loaded machine skipped.
            assertEquals(24, n, "take " + id + " frames");
            BufferedImage first = ImageIO.read(takes.resolve(id).resolve("00001.jpg").toFile());
            assertEquals(320, first.getWidth(), "the take keeps the source's size");
        }
        assertTrue(XScreen.onEdt(() -> view.teach().message()).contains("Saved 2 takes of 'Wave'"));

        // Record again and stop during the first take: nothing partial stays behind.
        CountDownLatch recording = XScreen.when(view, "teachCue", "GO"::equals, () -> false);
        key(view, KeyEvent.VK_ENTER, '\n');
        assertEquals(TeachMode.State.SETUP, XScreen.onEdt(() -> view.teach().state()));
        assertEquals("Wave", XScreen.onEdt(() -> view.teach().name()), "the name stays for the next set");
        CountDownLatch stopped = state(view, TeachMode.State.DONE);
        key(view, KeyEvent.VK_ENTER, '\n');
        assertTrue(recording.await(60, TimeUnit.SECONDS), "the take started");
        key(view, KeyEvent.VK_ESCAPE, KeyEvent.CHAR_UNDEFINED);
        assertTrue(stopped.await(60, TimeUnit.SECONDS), "Esc stopped the recording");
        assertTrue(XScreen.onEdt(() -> view.teach().message()).contains("cancelled"), XScreen.onEdt(() -> view.teach().message()));
        assertEquals(List.of("00001;Wave", "00002;Wave"), Files.readAllLines(takes.resolve("jester-v1-train.csv")));
        assertFalse(Files.exists(takes.resolve("00003")), "the take under way was removed");

        CountDownLatch failed = state(view, TeachMode.State.FAILED);
        key(view, KeyEvent.VK_A, 'a');
        assertTrue(failed.await(60, TimeUnit.SECONDS), "adapting refused");
        String why = XScreen.onEdt(() -> view.teach().message());
        String command = XScreen.onEdt(() -> view.teach().command());
        assertTrue(why.contains("no embedding output") && why.contains("--add-embedding"), why);
        assertTrue(command.startsWith("jesture adapt --data " + takes.toAbsolutePath().normalize()) && command.contains("--out "), command);
        XScreen.capture(view, "TeachModeXTest-no-embedding");
        assertTrue(printed.text().contains("by hand: jesture adapt --data "), "the command is printed, to be copied: " + printed.text());

        key(view, KeyEvent.VK_ESCAPE, KeyEvent.CHAR_UNDEFINED);
        assertEquals(TeachMode.State.OFF, XScreen.onEdt(() -> view.teach().state()));
        assertTrue(XScreen.onEdt(() -> app.window().frame().isShowing()), "Esc closed the panel, not the window");
    }

    /**
     * The shipped model, on a video of the synthetic world: three takes of one of its gestures (the cue
     * shows the rendered example) and three of a new one, then adapting in the window writes a profile
     * beside the folder and the recognizer runs with it: the model's gesture sharpened, the new one added.
     */
    @Test
    void teachesTheShippedModelANewGestureAndLoadsTheProfile(@TempDir Path tmp) throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs an X server: run under xvfb-run -a");
        Path model = Path.of(System.getProperty("jesture.projectDir", ".")).resolve(GestureOptions.DEFAULT_MODEL);
        assumeTrue(Files.exists(model), "the shipped model " + model + " is not there");
        Path clip = writeSyntheticVideo(tmp.resolve("person.mp4"), 480, 360, 15);
        Path takes = tmp.resolve("my-takes");
        PrintWriterHolder printed = new PrintWriterHolder();
        app = open("file:" + clip, model, takes, 1.0, printed);
        DemoView view = app.window().view();
        Rectangle video = XScreen.onEdt(view::videoBounds);

        key(view, KeyEvent.VK_T, 't');
        CountDownLatch example = XScreen.when(view, "teachCue", v -> view.teach().cue().example() != null,
                () -> view.teach().cue().example() != null);
        key(view, KeyEvent.VK_DOWN, KeyEvent.CHAR_UNDEFINED);
        assertEquals("Swiping Left", XScreen.onEdt(() -> view.teach().name()), "Down picks the model's first gesture");
        assertTrue(example.await(60, TimeUnit.SECONDS), "the example of Swiping Left was rendered");
        BufferedImage setup = XScreen.capture(view, "TeachModeXTest-setup");
        // The inset sits in the video's top right corner; its frame is the only deep teal there.
        Rectangle inset = new Rectangle(video.x + video.width / 2, video.y, video.width / 2, video.height / 2);
        assertTrue(XScreen.countNear(setup, inset, Theme.ACCENT_DEEP.getRGB() & 0xFFFFFF) > 150, "the example inset is drawn");
        for (int i = 0; i < 2; i++) key(view, KeyEvent.VK_LEFT, KeyEvent.CHAR_UNDEFINED);
        assertEquals(3, XScreen.onEdt(() -> view.teach().takes()));

        CountDownLatch go = XScreen.when(view, "teachCue", "GO"::equals, () -> false);
        CountDownLatch done = state(view, TeachMode.State.DONE);
        key(view, KeyEvent.VK_ENTER, '\n');
        assertTrue(go.await(60, TimeUnit.SECONDS), "the take started");
        BufferedImage recording = XScreen.capture(view, "TeachModeXTest-go");
        assertTrue(XScreen.countNear(recording, inset, Theme.ACCENT_DEEP.getRGB() & 0xFFFFFF) > 150, "the example shows while recording");
        assertTrue(done.await(180, TimeUnit.SECONDS), "three takes of Swiping Left recorded");

        key(view, KeyEvent.VK_ENTER, '\n'); // record more: back to the setup, the name kept
        for (int i = 0; i < "Swiping Left".length(); i++) key(view, KeyEvent.VK_BACK_SPACE, KeyEvent.CHAR_UNDEFINED);
        type(view, "Circle");
        assertNull(XScreen.onEdt(() -> view.teach().cue().example()), "no rendered example of a gesture the renderer does not know");
        CountDownLatch countdown = XScreen.when(view, "teachCue", "COUNTDOWN"::equals, () -> false);
        done = state(view, TeachMode.State.DONE);
        key(view, KeyEvent.VK_ENTER, '\n');
        assertTrue(countdown.await(60, TimeUnit.SECONDS), "the countdown started");
        XScreen.capture(view, "TeachModeXTest-countdown");
        assertTrue(done.await(180, TimeUnit.SECONDS), "three takes of Circle recorded");
        assertEquals(List.of("00001;Swiping Left", "00002;Swiping Left", "00003;Swiping Left", "00004;Circle", "00005;Circle", "00006;Circle"),
                Files.readAllLines(takes.resolve("jester-v1-train.csv")));
        assertEquals(List.of("Swiping Left", "Circle"), Files.readAllLines(takes.resolve("jester-v1-labels.csv")));
        for (int i = 1; i <= 6; i++) {
            // The shipped model's clip is 16 frames at 6 fps (2.67 s): a take is that plus 1 s, rounded up to 4.0 s, at 12 fps.
            assertEquals(48, jpegs(takes.resolve(String.format("%05d", i))), "take " + i + " frames");
        }

        CountDownLatch adapted = state(view, TeachMode.State.ADAPTED);
        CountDownLatch failed = state(view, TeachMode.State.FAILED);
        key(view, KeyEvent.VK_A, 'a');
        long t0 = System.nanoTime();
        while (!adapted.await(1, TimeUnit.SECONDS)) {
            assertFalse(failed.getCount() == 0, () -> "adapting failed: " + message(view));
            assertTrue(System.nanoTime() - t0 < 300e9, "adapted within 300 s");
        }
        Path profile = XScreen.onEdt(() -> view.teach().profile());
        assertEquals(takes.toAbsolutePath().normalize().resolveSibling("my-takes.profile"), profile);
        Profile p = Profile.read(profile);
        assertEquals(List.of(new Profile.RecordedClass("Swiping Left", false, 3), new Profile.RecordedClass("Circle", true, 3)), p.classes());
        // The recognizer runs with the profile: its scores carry the new label.
        CountDownLatch classes = XScreen.when(view, "classes", v -> (Integer) v == 28, () -> view.classesShown() == 28);
        assertTrue(classes.await(120, TimeUnit.SECONDS), "scores with the model's 27 classes and the new one reached the window");
        assertTrue(XScreen.onEdt(view::labelsShown).contains("Circle"), "the new label is among the scores");
        XScreen.capture(view, "TeachModeXTest-adapted");
        assertTrue(XScreen.onEdt(() -> view.teach().message()).contains("my-takes.profile"));
        assertTrue(printed.text().contains("Teach: wrote " + profile), printed.text());
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** What the demo prints (its --out), readable from the test thread. */
    static final class PrintWriterHolder {
        final StringWriter text = new StringWriter();
        final PrintWriter writer = new PrintWriter(text, true);

        String text() {
            synchronized (text.getBuffer()) {
                return text.toString();
            }
        }
    }

    private static DemoApp open(String source, Path model, Path takes, double countdown) throws Exception {
        return open(source, model, takes, countdown, new PrintWriterHolder());
    }

    private static DemoApp open(String source, Path model, Path takes, double countdown, PrintWriterHolder printed) throws Exception {
        GestureOptions options = GestureOptions.builder()
                .source(DemoApp.loopingSource(source))
                .model(model)
                .provider(Provider.CPU)
                .runningMode(RunningMode.LIVE)
                .build();
        DemoApp a = new DemoApp(options, new DemoApp.Settings(8, false, true, XScreen.OUT, printed.writer, takes, countdown));
        a.open();
        DemoView view = a.window().view();
        assertTrue(XScreen.when(view, "video", v -> true, view::hasFrame).await(60, TimeUnit.SECONDS), "the first frame reached the window");
        return a;
    }

    /** A key as a keyboard sends it (pressed, typed when it has a character, released), to the view, on the EDT. */
    static void key(DemoView view, int code, char ch) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            long now = System.currentTimeMillis();
            view.dispatchEvent(new KeyEvent(view, KeyEvent.KEY_PRESSED, now, 0, code, ch));
            if (ch != KeyEvent.CHAR_UNDEFINED) view.dispatchEvent(new KeyEvent(view, KeyEvent.KEY_TYPED, now, 0, KeyEvent.VK_UNDEFINED, ch));
            view.dispatchEvent(new KeyEvent(view, KeyEvent.KEY_RELEASED, now, 0, code, ch));
        });
    }

    static void type(DemoView view, String text) throws Exception {
        for (char c : text.toCharArray()) key(view, KeyEvent.getExtendedKeyCodeForChar(c), c);
    }

    static CountDownLatch state(DemoView view, TeachMode.State s) throws Exception {
        return XScreen.when(view, "teach", s.name()::equals, () -> view.teach().state() == s);
    }

    private static String message(DemoView view) {
        try {
            return XScreen.onEdt(() -> view.teach().message());
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static int jpegs(Path take) throws Exception {
        try (Stream<Path> s = Files.list(take)) {
            return (int) s.filter(p -> p.toString().endsWith(".jpg")).count();
        }
    }

    /** A person of the synthetic world performing a few gestures in one room, written as an mp4. */
    static Path writeSyntheticVideo(Path file, int width, int height, double fps) throws Exception {
        int[] labels = {JesterLabels.SWIPING_LEFT, JesterLabels.THUMB_UP, JesterLabels.NO_GESTURE, JesterLabels.SWIPING_RIGHT};
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setVideoQuality(2);
            r.setFrameRate(fps);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            byte[] bgr = new byte[width * height * 3];
            for (int label : labels) {
                GestureClip c = GestureClip.create(11, Split.TEST, label, width, height, fps, 3.0); // a wide shot of a room
                for (int i = 0; i < c.frameCount(); i++) {
                    c.render(i, bgr);
                    for (int y = 0; y < height; y++) buf.put(y * frame.imageStride, bgr, y * width * 3, width * 3);
                    r.record(frame, avutil.AV_PIX_FMT_BGR24);
                }
            }
            r.stop();
        }
        return file;
    }
}
