package io.jesture.cli;

import io.jesture.InvalidInputException;
import io.jesture.ConfigException;
import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.internal.adapt.Profile;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.Rejection;
import io.jesture.RunningMode;
import io.jesture.ScoreUpdate;
import io.jesture.daemon.BackendChoice;
import io.jesture.daemon.Daemon;
import io.jesture.synth.JesterLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jesture daemon}: turns recognized gestures into key presses, pointer moves, clicks and
 * scrolls, as {@code config/actions.yaml} says. See docs/daemon.md.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Control the desktop by hand: gestures become keys, pointer moves, clicks and scrolls.",
                "Actions: --actions config/actions.yaml (validated at start, reloaded on change). See docs/daemon.md.",
                "Example: jesture daemon --dry-run --source synthetic:seed=7,labels=Swiping Left|Thumb Up"})
public final class DaemonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final Path DEFAULT_ACTIONS = Path.of("config", "actions.yaml");

    @Option(names = "--actions", paramLabel = "FILE", description = "Actions file. Default: config/actions.yaml.")
    Path actions;

    @Option(names = "--config", paramLabel = "FILE",
            description = {"Recognizer options, e.g. config/jesture.yaml (smoothing, stride...); the options below win over it.",
                    "Deprecated, for one release: an actions file given here is read as --actions (--config named the actions file before)."})
    Path config;

    @Option(names = "--options", paramLabel = "FILE",
            description = "Deprecated alias of --config (recognizer options), for one release.")
    Path options;

    @Mixin
    SourceOptions sources;

    @Option(names = "--model", paramLabel = "FILE", arity = "1..*",
            description = "ONNX model(s); several form an ensemble. Default: the options file's, else models/jesture-r2plus1d.onnx.")
    List<Path> models;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "A profile written by 'jesture adapt' for the model: its new gesture names may be mapped to actions (docs/adapt.md)."
                    + " Default: the options file's, else none.")
    Path profile;

    @Option(names = "--provider", paramLabel = "cpu|cuda|auto", description = "Execution provider. Default: the options file's, else auto.")
    String provider;

    @Option(names = "--offline", description = "Process a finite source as fast as possible, losing nothing (to try a config on a recording).")
    boolean offline;

    @Option(names = "--backend", paramLabel = "auto|uinput|robot|dry-run",
            description = "Input backend. Default: ${DEFAULT-VALUE} (uinput if /dev/uinput is writable, else Robot if there is a display).")
    String backend = "auto";

    @Option(names = "--dry-run", description = "Log the actions instead of performing them (same as --backend dry-run).")
    boolean dryRun;

    @Option(names = "--allow-commands",
            description = "Let 'command:' actions run programs, if the actions file also says allowCommands: true. "
                    + "Whoever can edit that file can then run programs as you, so it must be writable only by you; "
                    + "the file can never enable this by itself, not even by a reload.")
    boolean allowCommands;

    @Option(names = "--check", description = "Validate the actions file and exit: 0 if valid, 2 listing every error.")
    boolean check;

    @Option(names = "--list-keys", description = "Print the key names actions may use (and which backends can send them) and exit.")
    boolean listKeys;

    /**
     * The recognizer options the daemon runs with: the options file's, else the library defaults with
     * the rejection gate at the model's strict point. A false event here is a key press in whatever
     * window has the focus, so the daemon meets the quiet targets with no tuning (docs/daemon.md).
     */
    static GestureOptions.Builder recognizerOptions(Path optionsFile) throws ConfigException {
        if (optionsFile != null) return GestureRecognizer.readConfig(optionsFile);
        GestureOptions.Builder b = GestureOptions.builder();
        b.smoothing(b.build().smoothing().toBuilder().rejection(Rejection.strict()).build());
        return b;
    }

    @Override
    public Integer call() throws Exception {
        if (listKeys) {
            Daemon.keyTable().forEach(spec.commandLine().getOut()::println);
            return ExitCode.OK;
        }
        Path actionsFile = actions;
        Path optionsFile = config;
        if (config != null && Daemon.looksLikeActionsFile(config)) {
            // Before --actions existed, --config named the actions file; scripts and units written then keep working.
            if (actions != null) {
                throw new InvalidInputException("--config " + config + " is an actions file, and --actions " + actions
                        + " is given too: give the actions file once, with --actions");
            }
            actionsFile = config;
            optionsFile = null;
        }
        if (options != null) {
            if (optionsFile != null) {
                throw new InvalidInputException("--options is the old name of --config (recognizer options): give one of them");
            }
            optionsFile = options;
        }
        if (actionsFile == null) actionsFile = DEFAULT_ACTIONS;
        GestureOptions.Builder b = recognizerOptions(optionsFile);
        if (profile != null) b.profile(profile);
        // The labels actions may name before the model loads: Jester's, or the profile's (its model's and its
        // new ones). Once the model is loaded, Daemon.start checks again against the model's own.
        Path profileFile = b.build().profile();
        List<String> labels = profileFile != null ? Profile.read(profileFile).labels() : JesterLabels.LABELS;
        if (check) {
            spec.commandLine().getOut().println(Daemon.check(actionsFile, labels, JesterLabels.BACKGROUND, allowCommands));
            return ExitCode.OK;
        }
        String source = sources.uri();
        BackendChoice.Mode mode = BackendChoice.Mode.parse(backend);
        if (dryRun) {
            if (mode != BackendChoice.Mode.AUTO && mode != BackendChoice.Mode.DRY_RUN) {
                throw new ConfigException("--dry-run and --backend " + backend + " contradict each other: give one");
            }
            mode = BackendChoice.Mode.DRY_RUN;
        }
        // A bad actions file or an unusable backend fails here, before the model load costs seconds.
        Daemon.check(actionsFile, labels, JesterLabels.BACKGROUND, allowCommands);
        BackendChoice.check(mode);

        Forwarder forward = new Forwarder();
        if (source != null) b.source(source);
        if (models != null && !models.isEmpty()) b.models(models);
        else if (profile != null) RecognizerOptions.profileModels(b, profile, spec.commandLine().getErr());
        if (provider != null) b.provider(Provider.parse(provider));
        if (offline) b.runningMode(RunningMode.OFFLINE);
        b.listener(forward);
        try (GestureRecognizer recognizer = GestureRecognizer.create(b.build());
             Daemon daemon = Daemon.start(actionsFile, recognizer.labels(), recognizer.modelInfo().backgroundLabels(), mode,
                     allowCommands)) {
            forward.target = daemon.listener();
            // On SIGTERM/Ctrl-C the daemon's own hook releases every key; this one stops the camera.
            Thread hook = new Thread(recognizer::close, "jesture-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                recognizer.start();
                recognizer.awaitEndOfStream(Duration.ofDays(3650)); // a live source runs until SIGTERM
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyExiting) {
                    // SIGTERM: the hooks are running
                }
            }
        }
        return ExitCode.OK;
    }

    /** Lets the recognizer be created before the daemon, which validates against the model's labels. */
    private static final class Forwarder implements GestureListener {
        volatile GestureListener target = GestureListener.NONE;

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
        }
    }
}
