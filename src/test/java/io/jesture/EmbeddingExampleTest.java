package io.jesture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding snippet of docs/pipeline.md, kept compiling and working. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddingExampleTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentedSnippetWorks() throws Exception {
        Path clip = TestVideos.write(dir.resolve("clip.mp4"), 320, 240, 30, new TestVideos.Segment(TestVideos.GREY, 30),
                new TestVideos.Segment(TestVideos.RED, 30), new TestVideos.Segment(TestVideos.GREY, 30));
        List<String> printed = new CopyOnWriteArrayList<>();

        // --- as in docs/pipeline.md (source and model swapped for test files) ---
        GestureOptions options = GestureOptions.builder()
                .source("file:" + clip)
                .model(TestVideos.model("colour.onnx"))
                .provider(Provider.AUTO)
                .deny("Drumming Fingers")
                .listener(new GestureListener() {
                    @Override public void onGesture(GestureEvent e) {
                        printed.add(String.format("%s %.2f (%.0f ms)", e.label(), e.confidence(), e.latencyMillis()));
                    }
                    @Override public void onStatus(PipelineStatus s) { System.err.println(s.message()); }
                })
                .build();
        try (GestureRecognizer recognizer = GestureRecognizer.create(options)) {
            recognizer.start();
            assertTrue(recognizer.awaitEndOfStream(Duration.ofSeconds(30)));
        }
        // ---

        assertEquals(1, printed.size(), printed.toString());
        assertTrue(printed.get(0).startsWith("Swiping Left "), printed.get(0));
    }
}
