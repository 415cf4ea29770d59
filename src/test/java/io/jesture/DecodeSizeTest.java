package io.jesture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.jesture.TestVideos.GREY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code decode=auto}, the default of {@code file:} and {@code camera:} sources: FFmpeg decodes near the
 * model's size when nothing but the model sees the frames (live, no {@code onFrame} listener), and at
 * full size when a listener takes frames, when running offline, or when the URI says {@code decode=full}.
 * The size a source opened at is in its SOURCE_OPENED status. The model takes 32x32, so a 640x480 video
 * decodes at twice its cover size, 85x64.
 */
@Timeout(60)
class DecodeSizeTest {
    @TempDir
    static Path dir;

    static String opened(String uri, RunningMode mode, boolean takesFrames) throws Exception {
        Path video = dir.resolve("v.mp4");
        if (!video.toFile().exists()) TestVideos.write(video, 640, 480, 30, new TestVideos.Segment(GREY, 30));
        CompletableFuture<String> message = new CompletableFuture<>();
        GestureListener status = new GestureListener() {
            @Override public void onStatus(PipelineStatus s) {
                if (s.kind() == PipelineStatus.Kind.SOURCE_OPENED) message.complete(s.message());
            }
        };
        GestureListener frames = new GestureListener() {
            @Override public void onFrame(byte[] bgr, FrameSource.Format format, long timestampNanos) { }
        };
        GestureOptions.Builder b = GestureOptions.builder().source(uri.replace("VIDEO", video.toString()))
                .model(TestVideos.model("colour.onnx")).provider(Provider.CPU).runningMode(mode).listener(status);
        if (takesFrames) b.listener(frames);
        try (GestureRecognizer r = GestureRecognizer.create(b.build())) {
            r.start();
            return message.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void liveWithoutFrameListenersDecodesNearTheModelsSize() throws Exception {
        String m = opened("file:VIDEO,pace=fast", RunningMode.LIVE, false);
        assertTrue(m.contains("(85x64 @ 30 fps)") && m.contains("decode=small"), m);
    }

    @Test
    void aFrameListenerOfflineRunsOrDecodeFullGetFullFrames() throws Exception {
        for (String m : new String[] {
                opened("file:VIDEO,pace=fast", RunningMode.LIVE, true),
                opened("file:VIDEO", RunningMode.OFFLINE, false),
                opened("file:VIDEO,pace=fast,decode=full", RunningMode.LIVE, false)}) {
            assertTrue(m.contains("(640x480 @ 30 fps)") && !m.contains("decode=small"), m);
        }
        String small = opened("file:VIDEO,decode=small", RunningMode.OFFLINE, true);
        assertTrue(small.contains("(85x64 @ 30 fps)"), small);
    }

    @Test
    void onlyListenersThatOverrideOnFrameTakeFrames() {
        assertEquals(false, GestureRecognizer.takesFrames(java.util.List.of(new GestureListener() { })));
        assertEquals(true, GestureRecognizer.takesFrames(java.util.List.of(new GestureListener() { },
                new GestureListener() {
                    @Override public void onFrame(byte[] bgr, FrameSource.Format format, long timestampNanos) { }
                })));
    }
}
