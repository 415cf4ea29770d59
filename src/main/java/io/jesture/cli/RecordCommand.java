package io.jesture.cli;

import io.jesture.InvalidInputException;
import io.jesture.FrameSource;
import io.jesture.GestureOptions;
import io.jesture.ModelInfo;
import io.jesture.demo.CueWindow;
import io.jesture.demo.DemoApp;
import io.jesture.internal.adapt.Recorder;
import io.jesture.internal.adapt.TakeWriter;
import io.jesture.internal.desktop.DesktopDisplay;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.source.SourceUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jesture record}: guided recording of takes for {@code jesture adapt}, from any source, with
 * printed cues (a countdown, then "go"). See docs/adapt.md.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record takes of a gesture for 'jesture adapt': a countdown before each take, then a few seconds of you performing it.",
                "The takes are written in Jester's on-disk layout (DIR/<id>/00001.jpg ..., jester-v1-labels.csv, jester-v1-train.csv), so the"
                        + " same folder adapts (jesture adapt --data DIR) and trains (src/train). Run it again to add takes or gestures.",
                "Example: jesture record --gesture \"Circle\" --takes 5 --out my-takes    (then: jesture adapt --data my-takes --out my.profile)"})
final class RecordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--gesture", paramLabel = "NAME", required = true,
            description = "The gesture: one of the model's (e.g. \"Swiping Left\", to sharpen it on you) or a new name (e.g. \"Circle\").")
    String gesture;

    @Option(names = "--takes", paramLabel = "N", defaultValue = "5", description = "How many takes (default: ${DEFAULT-VALUE}).")
    int takes;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder of takes; created, or added to.")
    Path out;

    @Option(names = "--source", paramLabel = "URI", defaultValue = "camera:0", completionCandidates = SourceForms.class,
            description = "Where frames come from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--seconds", paramLabel = "S", description = "Length of each take (default: the model's clip plus 1 s).")
    Double seconds;

    @Option(names = "--countdown", paramLabel = "S", defaultValue = "3", description = "Countdown before each take (default: ${DEFAULT-VALUE}).")
    double countdown;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "12", description = "Frames per second written (default: ${DEFAULT-VALUE}, Jester's).")
    double fps;

    @Option(names = "--model", paramLabel = "FILE",
            description = "The model the takes are for: sets the shortest take, and tells whether the gesture is new. Default: ${DEFAULT-VALUE}.")
    Path model = GestureOptions.DEFAULT_MODEL;

    @Option(names = "--fast", description = "Read a file or frame folder as fast as possible rather than at its own pace.")
    boolean fast;

    @Option(names = "--window", negatable = true,
            description = "Show the source with the cues in a window: the countdown, GO, and a rendered example of a Jester gesture"
                    + " (default: when a display is available; --no-window: printed cues only).")
    Boolean window;

    @Override
    public Integer call() throws Exception {
        ModelInfo info = Files.exists(model) ? Classifier.inspect(model) : null;
        double clipSeconds = Recorder.clipSeconds(info);
        double s = seconds != null ? seconds : Recorder.defaultSeconds(info);
        if (s < clipSeconds) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--seconds %.1f is shorter than one clip of %s (%.1f s): a take must"
                    + " cover a whole clip; pass --seconds %.1f or more", s, model, clipSeconds, Math.ceil(clipSeconds * 2) / 2));
        }
        Recorder.Settings settings = new Recorder.Settings(Recorder.gestureName(gesture, info == null ? List.of() : info.labels()), takes, s,
                countdown, fps);
        PrintWriter o = spec.commandLine().getOut();
        String noDisplay = DesktopDisplay.whyNot();
        if (Boolean.TRUE.equals(window) && noDisplay != null) {
            throw new InvalidInputException("--window needs a desktop display, but " + noDisplay + ": run it in a desktop session,"
                    + " or leave --window out for printed cues");
        }
        FrameSource src = SourceUri.create(source, fast, Duration.ofSeconds(5));
        CueWindow cueWindow = (window == null ? noDisplay == null : window)
                ? CueWindow.open(settings.gesture(), src.description(), DemoApp.isCamera(source), s) : null;
        try (cueWindow; TakeWriter writer = new TakeWriter(out)) {
            if (cueWindow != null) src = cueWindow.tee(src);
            String kind = info == null ? "" : info.labels().contains(settings.gesture())
                    ? " (one of the model's classes: your takes sharpen it)" : " (a new gesture)";
            o.printf(Locale.ROOT, "recording %d takes of '%s'%s from %s into %s (%d there already); each take %.1f s after a %.0f s countdown%n",
                    takes, settings.gesture(), kind, src.description(), out, writer.takesOf(settings.gesture()), s, countdown);
            if (cueWindow != null) o.println("the cues show in a window too" + (cueWindow.hasExample() ? ", with a rendered example of the gesture" : "")
                    + "; Esc or q there stops the recording");
            o.flush();
            Recorder.Cues printed = new Recorder.Cues() {
                @Override
                public void countdown(int take, int of, int left) {
                    o.printf(Locale.ROOT, "take %d/%d '%s': get ready... %d%n", take, of, settings.gesture(), left);
                    o.flush();
                }

                @Override
                public void go(int take, int of) {
                    o.printf(Locale.ROOT, "take %d/%d: GO - perform '%s' now (%.1f s)%n", take, of, settings.gesture(), settings.seconds());
                    o.flush();
                }

                @Override
                public void saved(int take, int of, Path folder, int frames) {
                    o.printf(Locale.ROOT, "take %d/%d saved: %d frames in %s%n", take, of, frames, folder);
                    o.flush();
                }
            };
            Recorder.record(src, writer, settings, cueWindow != null ? cueWindow.cues(printed) : printed);
            o.printf(Locale.ROOT, "done: %s now has %d takes of '%s'; next: jesture adapt --data %s --out PROFILE%n", out,
                    writer.takesOf(settings.gesture()), settings.gesture(), out);
        }
        o.flush();
        return ExitCode.OK;
    }
}
