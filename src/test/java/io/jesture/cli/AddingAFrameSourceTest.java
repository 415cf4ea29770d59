package io.jesture.cli;

import io.jesture.FrameSource;
import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.Provider;
import io.jesture.RecognizerStats;
import io.jesture.RunningMode;
import io.jesture.SourceException;
import io.jesture.TestVideos;
import io.jesture.internal.source.SourceFactory;
import io.jesture.internal.source.SourceRegistry;
import io.jesture.internal.source.SourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.jesture.cli.CliTest.assertBadInput;
import static io.jesture.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steps to add a frame source (docs/architecture.md, "Adding a frame source"), done once, all in
 * this file: a {@link FrameSource}, its {@link SourceFactory}, and its registration. Nothing outside
 * the test changes, yet {@code pattern:} then works wherever a source URI does: the recognizer, the
 * CLI's parsing, its errors and its help.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AddingAFrameSourceTest {
    /** Step 1, the source: solid colours, {@code each} frames apiece, at {@code fps}; finite. */
    static final class PatternSource implements FrameSource {
        private final List<int[]> colours;
        private final int width, height, each;
        private final double fps;
        private int index;

        PatternSource(List<int[]> colours, int width, int height, int each, double fps) {
            this.colours = colours;
            this.width = width;
            this.height = height;
            this.each = each;
            this.fps = fps;
        }

        @Override public Format open() {
            index = 0;
            return new Format(width, height, fps);
        }

        @Override public long read(byte[] bgr) {
            if (index >= colours.size() * each) return END_OF_STREAM;
            int[] c = colours.get(index / each);
            for (int i = 0; i < width * height * 3; i += 3) {
                bgr[i] = (byte) c[0];
                bgr[i + 1] = (byte) c[1];
                bgr[i + 2] = (byte) c[2];
            }
            return Math.round(index++ * 1e9 / fps);
        }

        @Override public String description() {
            return "pattern of " + colours.size() + " colours, " + each + " frames each";
        }

        @Override public boolean isLive() {
            return false;
        }

        @Override public void close() { }
    }

    /** Step 2, the factory: {@code pattern:grey-red-grey[,size=WxH][,fps=30][,each=20]}. */
    static final class PatternFactory implements SourceFactory {
        @Override public List<String> schemes() {
            return List.of("pattern");
        }

        @Override public List<Parameter> parameters() {
            return List.of(new Parameter("size", "frame size WIDTHxHEIGHT (default 64x48)"),
                    new Parameter("fps", "frame rate (default 30)"),
                    new Parameter("each", "frames of each colour (default 20)"));
        }

        @Override public String help() {
            return "pattern:grey-red-blue[,size=64x48][,fps=30][,each=20]";
        }

        @Override public FrameSource create(SourceSpec spec) throws SourceException {
            List<int[]> colours = new ArrayList<>();
            for (String name : spec.target().split("-")) {
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "grey": colours.add(TestVideos.GREY); break;
                    case "red": colours.add(TestVideos.RED); break;
                    case "blue": colours.add(TestVideos.BLUE); break;
                    default: throw new SourceException("bad colour '" + name + "' in '" + spec.uri() + "': use grey, red or blue");
                }
            }
            String[] size = (spec.get("size") == null ? "64x48" : spec.get("size")).split("x");
            return new PatternSource(colours, Integer.parseInt(size[0]), Integer.parseInt(size[1]),
                    (int) spec.positive("each", 20), spec.positive("fps", 30));
        }
    }

    @Test
    void aRegisteredSchemeRunsThroughTheRecognizerAndTheCli() throws Exception {
        String model = CliTest.MODEL;
        assertBadInput(run("run", "--source", "pattern:red", "--model", model, "--provider", "cpu", "--offline"),
                "unknown source 'pattern:red'");

        // Step 3, registration: here for this test only; a plug-in lists its factory in
        // META-INF/services/io.jesture.internal.source.SourceFactory instead.
        try (SourceRegistry.Registration ignored = SourceRegistry.global().register(new PatternFactory())) {
            // The public API: a URI, as from a config file.
            List<GestureEvent> events = new CopyOnWriteArrayList<>();
            GestureOptions options = GestureOptions.builder().source("pattern:grey-red-grey,size=160x120,each=30")
                    .model(TestVideos.model("colour.onnx")).provider(Provider.CPU).runningMode(RunningMode.OFFLINE)
                    .listener(new GestureListener() {
                        @Override public void onGesture(GestureEvent e) {
                            events.add(e);
                        }
                    }).build();
            RecognizerStats stats;
            try (GestureRecognizer r = GestureRecognizer.create(options)) {
                assertEquals("pattern of 3 colours, 30 frames each", r.sourceDescription());
                r.start();
                assertTrue(r.awaitEndOfStream(Duration.ofSeconds(120)), "the pattern did not end");
                stats = r.stats();
            }
            assertEquals(90, stats.framesCaptured(), stats.toString());
            assertEquals(List.of("Swiping Left"), events.stream().map(GestureEvent::label).toList(), "red is Swiping Left in colour.onnx");

            // The CLI: parsing, the run, the key check and the help all know the new scheme.
            CliTest.Result ran = run("run", "--source", "pattern:grey-red-grey,size=160x120,fps=30,each=30", "--model", model,
                    "--provider", "cpu", "--offline", "--json");
            assertEquals(ExitCode.OK, ran.code(), ran.toString());
            String[] lines = ran.out().strip().split("\n");
            assertEquals(1, Arrays.stream(lines).filter(l -> l.contains("\"label\":\"Swiping Left\"")).count(), ran.out());
            assertTrue(lines[lines.length - 1].contains("\"framesCaptured\":90"), ran.out());
            assertBadInput(run("run", "--source", "pattern:red,zoom=2", "--model", model, "--provider", "cpu", "--offline"),
                    "unknown parameter 'zoom'", "[each, fps, size]");
            assertBadInput(run("run", "--source", "pattern:green", "--model", model, "--provider", "cpu", "--offline"),
                    "bad colour 'green'");
            assertBadInput(run("run", "--source", "webcam:0", "--model", model), "pattern:grey-red-blue[,size=64x48]");
            String help = run("run", "--help").out().replaceAll("\\s+", ""); // picocli wraps long words at punctuation
            assertTrue(help.contains("synthetic:seed=7[,pace=live|fast,...],pattern:grey-red-blue[,size=64x48][,fps=30][,each=20]"), help);
        }
        assertBadInput(run("run", "--source", "pattern:red", "--model", model, "--provider", "cpu", "--offline"),
                "unknown source 'pattern:red'");
    }
}
