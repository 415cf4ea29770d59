package io.jesture.cli;

import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.ScoreUpdate;
import io.jesture.daemon.BackendChoice;
import io.jesture.daemon.Daemon;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jesture daemon}: turns recognized gestures into key presses, clicks and scrolls, as
 * {@code config/actions.yaml} says. See docs/daemon.md.
 */
@Command(name = "daemon",
        description = {"Control the desktop by hand: map gestures to keys, mouse moves, clicks, scrolls.",
                "Config: config/actions.yaml (validated at start, reloaded on change). See docs/daemon.md."})
public final class DaemonCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Actions file (default: ${DEFAULT-VALUE}).")
    private Path config = Path.of("config", "actions.yaml");

    @Option(names = "--source", paramLabel = "URI", description = "camera:N, file:PATH or synthetic:... (default: ${DEFAULT-VALUE}).")
    private String source = "camera:0";

    @Option(names = "--model", paramLabel = "FILE", arity = "1..*", description = "ONNX model(s); several make an ensemble (default: models/jesture-r2plus1d.onnx).")
    private List<Path> models = new ArrayList<>();

    @Option(names = "--provider", paramLabel = "cpu|cuda|auto", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    private String provider = "auto";

    @Option(names = "--backend", paramLabel = "auto|uinput|robot|dry-run",
            description = "Input backend (default: ${DEFAULT-VALUE}: uinput if /dev/uinput is writable, else Robot if there is a display).")
    private String backend = "auto";

    @Option(names = "--dry-run", description = "Log the actions instead of performing them (same as --backend dry-run).")
    private boolean dryRun;

    @Option(names = "--check", description = "Validate the config file and exit (0 if valid, 2 with every error if not).")
    private boolean check;

    @Override
    public Integer call() throws Exception {
        if (check) {
            spec.commandLine().getOut().println(Daemon.check(config, Daemon.JESTER_LABELS));
            return ExitCode.OK;
        }
        BackendChoice.Mode mode = dryRun ? BackendChoice.Mode.DRY_RUN : BackendChoice.Mode.parse(backend);
        if (dryRun && BackendChoice.Mode.parse(backend) != BackendChoice.Mode.AUTO
                && BackendChoice.Mode.parse(backend) != BackendChoice.Mode.DRY_RUN) {
            throw new io.jesture.ConfigException("--dry-run and --backend " + backend + " contradict each other: give one");
        }
        // Fail on a bad config before paying for the model load.
        Daemon.check(config, Daemon.JESTER_LABELS);

        Forwarder forward = new Forwarder();
        GestureOptions.Builder b = GestureOptions.builder().source(source).provider(Provider.parse(provider)).listener(forward);
        if (!models.isEmpty()) b.models(models);
        try (GestureRecognizer recognizer = GestureRecognizer.create(b.build());
             Daemon daemon = Daemon.start(config, recognizer.labels(), mode)) {
            forward.target = daemon.listener();
            recognizer.start();
            forward.ended.await(); // until a finite source ends; SIGTERM/Ctrl-C run the daemon's shutdown hook
            return ExitCode.OK;
        }
    }

    /** Lets the recognizer be built before the daemon, which needs the model's labels. */
    private static final class Forwarder implements GestureListener {
        volatile GestureListener target = GestureListener.NONE;
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void onGesture(GestureEvent event) {
            target.onGesture(event);
        }

        @Override
        public void onScores(ScoreUpdate scores) {
            target.onScores(scores);
        }

        @Override
        public void onStatus(PipelineStatus status) {
            target.onStatus(status);
            if (status.kind() == PipelineStatus.Kind.END_OF_STREAM) ended.countDown();
        }
    }
}
