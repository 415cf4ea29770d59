package io.jesture.cli;

import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.JestureException;
import io.jesture.RunningMode;
import io.jesture.demo.DemoApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jesture demo}: a window that shows live video, class probabilities and recognized gestures. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Open a window that shows what jesture sees and decides: live video, class probabilities, gestures.",
                "Keys: q/Esc quit, space pause, s screenshot, o overlay, m mirror, t teach (record takes, adapt, load the profile), h help.",
                "Needs a desktop display; on a server use `jesture run`."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    RecognizerOptions recognizer;

    @Mixin
    private SourceOptions sources;

    @Option(names = "--loop", description = "Start a file source again when it ends.")
    private boolean loop;

    @Option(names = "--top", paramLabel = "K", defaultValue = "8", description = "Classes shown with probability bars (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--mirror", negatable = true,
            description = "Mirror the display (never the model's input). Default: on for cameras, off for files and synthetic sources.")
    private Boolean mirror;

    @Option(names = "--screenshot-dir", paramLabel = "DIR", description = "Where `s` saves PNG screenshots (default: ~/Pictures, else the working directory).")
    private Path screenshotDir;

    @Option(names = "--takes-dir", paramLabel = "DIR",
            description = "Where Teach mode (t) records takes, in Jester's layout as 'jesture record' writes them; its profile goes"
                    + " beside it as DIR.profile (default: ${DEFAULT-VALUE}).")
    private Path takesDir = DemoApp.DEFAULT_TAKES_DIR;

    @Option(names = "--teach-countdown", paramLabel = "S", defaultValue = "3",
            description = "Seconds of countdown before each take in Teach mode (default: ${DEFAULT-VALUE}).")
    private double teachCountdown;

    @Override
    public Integer call() throws JestureException, InterruptedException {
        if (top < 1 || top > 64) throw new JestureException("--top must be in 1..64, was " + top);
        String source = sources.uri();
        if (!(teachCountdown >= 0) || teachCountdown > 60) throw new JestureException("--teach-countdown must be in 0..60, was " + teachCountdown);
        if (Files.exists(takesDir) && !Files.isDirectory(takesDir)) {
            throw new JestureException("--takes-dir " + takesDir + " is a file, not a folder: name a folder for Teach mode's takes");
        }
        GestureOptions.Builder b = recognizer.builder();
        if (source != null) b.source(source);
        b.runningMode(RunningMode.LIVE); // a window shows the present: never race through a file (offline mode)
        GestureOptions options = b.build();
        if (loop && options.customSource() == null) options = options.newBuilder().source(DemoApp.loopingSource(options.source())).build();
        DemoApp.requireDisplay(); // before loading the model: the most likely mistake on a server
        boolean mirrored = mirror != null ? mirror : DemoApp.isCamera(options.source());
        DemoApp.Settings settings = new DemoApp.Settings(top, mirrored, loop, screenshotDir, spec.commandLine().getOut(), takesDir,
                teachCountdown);
        try (DemoApp app = new DemoApp(options, settings)) {
            // Ctrl-C in the terminal: stop the pipeline threads before the JVM tears down native libraries.
            Thread hook = new Thread(app::close, "jesture-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                app.open();
                app.awaitClosed();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running and closes the app
                }
            }
        }
        return ExitCode.OK;
    }
}
