package io.jesture.demo;

import io.jesture.GestureEvent;
import io.jesture.GestureOptions;
import io.jesture.Provider;
import io.jesture.TestVideos;
import io.jesture.TestVideos.Segment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo end to end on a real X server: a real {@link io.jesture.GestureRecognizer} (ONNX Runtime,
 * JavaCV decoding a real mp4) drives the window, exactly as {@code jesture demo} does.
 */
@Timeout(120)
class DemoAppXTest {
    private DemoApp app;

    @AfterEach
    void close() {
        if (app != null) app.close();
    }

    /**
     * colour.onnx (a test fixture model) maps a red clip to "Swiping Left" and grey to "No gesture",
     * so a grey-red-grey file gives exactly one known gesture, then the end of the stream.
     */
    @Test
    void videoFileDrivesTheWindowUntilTheGestureAndTheEndOfStream(@TempDir Path tmp) throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs an X server: run under xvfb-run -a");
        Path clip = TestVideos.write(tmp.resolve("grey-red-grey.mp4"), 320, 240, 30,
                new Segment(TestVideos.GREY, 45), new Segment(TestVideos.RED, 45), new Segment(TestVideos.GREY, 45));
        GestureOptions options = GestureOptions.builder()
                .source("file:" + clip)
                .model(TestVideos.model("colour.onnx"))
                .provider(Provider.CPU)
                .build();
        StringWriter printed = new StringWriter();
        app = new DemoApp(options, new DemoApp.Settings(6, false, false, XScreen.OUT, new PrintWriter(printed, true)));
        app.open();
        DemoView view = app.window().view();
        CountDownLatch video = XScreen.when(view, "video", v -> true, view::hasFrame);
        // The label is read on the EDT at the moment the event is shown: it fades after 2.3 s, and a
        // loaded machine can take that long to wake the test thread.
        // The video area is read the same way: by then a starved test thread may wake after the end of
        // the file, when the window no longer shows the clip.
        AtomicReference<String> shownAtEvent = new AtomicReference<>();
        AtomicReference<Double> videoLumaAtEvent = new AtomicReference<>();
        Runnable atEvent = () -> {
            shownAtEvent.compareAndSet(null, view.visibleEventLabel());
            videoLumaAtEvent.compareAndSet(null, XScreen.lumaMean(view.snapshot(), view.videoBounds()));
        };
        CountDownLatch gesture = XScreen.when(view, "gesture", v -> {
            atEvent.run();
            return true;
        }, () -> {
            // The event may already be on screen by the time the EDT registers the listener.
            if (view.eventsShown() == 0) return false;
            atEvent.run();
            return true;
        });
        CountDownLatch ended = XScreen.when(view, "problem", Objects::nonNull, () -> view.problem() != null);

        assertTrue(video.await(30, TimeUnit.SECONDS), "the first frame reached the window");
        assertTrue(XScreen.onEdt(() -> app.window().frame().isShowing()), "window is showing");

        assertTrue(gesture.await(30, TimeUnit.SECONDS), "a gesture fired and reached the window");
        String label = shownAtEvent.get();
        XScreen.capture(view, "DemoAppXTest-gesture");
        assertFalse(XScreen.onEdt(view::videoBounds).isEmpty());
        // The clip is solid colour, so "not blank" means: the video rectangle shows the clip's grey or
        // red, not the empty dark screen the window shows before video.
        assertTrue(videoLumaAtEvent.get() > 60, "video area shows the clip (mean luma " + videoLumaAtEvent.get() + ")");
        assertEquals("Swiping Left", label, "the event label shows the gesture the model fired");

        assertTrue(ended.await(30, TimeUnit.SECONDS), "the end of the file is shown in the window");
        String problem = XScreen.onEdt(view::problem);
        assertNotNull(problem);
        XScreen.capture(view, "DemoAppXTest-ended");
        assertEquals(1, XScreen.onEdt(view::eventsShown), "exactly one gesture in grey-red-grey");
    }

    /**
     * The real thing: the trained model on the synthetic gesture world, scripted to perform known
     * gestures. The window must show moving video and, once the model fires, the gesture's label.
     */
    @Test
    void trainedModelOnTheSyntheticWorldShowsTheScriptedGesture() throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs an X server: run under xvfb-run -a");
        Path model = Path.of(System.getProperty("jesture.projectDir", "."))
                .resolve(System.getProperty("jesture.demo.model", GestureOptions.DEFAULT_MODEL.toString()));
        assumeTrue(Files.exists(model), "the trained model " + model + " is not there yet");
        List<String> script = List.of("Swiping Left", "Thumb Up", "Swiping Right");
        GestureOptions options = GestureOptions.builder()
                .source("synthetic:seed=7,size=640x480,fps=30,pace=live,labels=" + String.join("|", script))
                .model(model)
                .provider(Provider.CPU)
                .build();
        app = new DemoApp(options, new DemoApp.Settings(8, false, false, XScreen.OUT, new PrintWriter(new StringWriter(), true)));
        app.open();
        DemoView view = app.window().view();
        CountDownLatch video = XScreen.when(view, "video", v -> true, view::hasFrame);
        AtomicReference<GestureEvent> fired = new AtomicReference<>();
        AtomicReference<String> shownAtEvent = new AtomicReference<>();
        CountDownLatch gesture = XScreen.when(view, "gesture", v -> {
            // Read on the EDT as the event is shown (the label fades after 2.3 s; see above).
            if (fired.compareAndSet(null, (GestureEvent) v)) shownAtEvent.set(view.visibleEventLabel());
            return true;
        }, () -> false);

        assertTrue(video.await(30, TimeUnit.SECONDS), "the first frame reached the window");
        BufferedImage first = XScreen.capture(view, "DemoAppXTest-synthetic-video");
        Rectangle v = XScreen.onEdt(view::videoBounds);
        double sd = XScreen.lumaStdDev(first, v);
        assertTrue(sd > 10, "the synthetic scene is on screen, not a blank area (luma std dev " + sd + ")");

        assertTrue(gesture.await(60, TimeUnit.SECONDS), "the model fired a gesture within 60 s of the script");
        String shown = shownAtEvent.get();
        XScreen.capture(view, "DemoAppXTest-synthetic-gesture");
        assertEquals(fired.get().label(), shown, "the window shows the label of the event that fired");
        assertTrue(script.contains(fired.get().label()), "the first event is a scripted gesture: " + fired.get().label());
    }
}
