package io.jesture.daemon;

import io.jesture.ConfigException;
import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.PipelineStatus;
import io.jesture.ScoreUpdate;
import io.jesture.synth.JesterLabels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: an input backend, the {@link Engine}, the config watcher and the safety nets.
 * Feed it gestures through {@link #listener()}; it acts on its own thread {@code jesture-daemon}, so
 * the recognizer's threads only enqueue.
 *
 * <p>Safety: every press is released in a {@code finally} ({@link Actuator}); a failing action releases
 * everything; a reload, a pause, a lost source and {@code idleRelease} without scores stop continuous
 * actions and release; {@link #close()}, which a shutdown hook calls on SIGTERM and Ctrl-C, releases
 * everything and closes the backend even if the action thread is stuck.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Reload outcomes, for tests and UIs. Called on the watcher thread. */
    interface ReloadListener {
        ReloadListener NONE = new ReloadListener() {};

        default void onReloaded(DaemonConfig config) {}

        default void onReloadFailed(String message) {}
    }

    private final Path configFile;
    private final List<String> labels;
    private final Set<String> background;
    private final InputBackend backend;
    private final Engine engine;
    private final ScheduledThreadPoolExecutor executor;
    private final ConfigWatcher watcher;
    private final ReloadListener reloadListener;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Fixed at start: a reload may turn command actions off and on again, but never on if they were off. */
    private final ConfigLoader.CommandGrant commands;
    private volatile long lastScoresWallNanos = System.nanoTime();
    private volatile String lastGoodText;

    private Daemon(Path configFile, List<String> labels, Collection<String> background, InputBackend backend, DaemonConfig config,
                   ConfigLoader.CommandGrant commands, FocusProbe focus, boolean watch, boolean shutdownHook, ReloadListener reloadListener)
            throws ConfigException {
        this.configFile = configFile;
        this.commands = commands;
        this.labels = List.copyOf(labels);
        this.background = Set.copyOf(background);
        this.backend = backend;
        this.reloadListener = reloadListener;
        this.engine = new Engine(config, new Actuator(backend), focus);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jesture-daemon");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.scheduleWithFixedDelay(() -> guarded("idle check", this::checkIdle), 100, 100, TimeUnit.MILLISECONDS);
        lastGoodText = readQuietly(configFile);
        ConfigWatcher w = null;
        if (watch) {
            try {
                w = new ConfigWatcher(configFile, this::reload);
            } catch (IOException e) {
                LOG.warn("cannot watch {} for changes ({}); restart the daemon to apply edits", configFile, e.toString());
            }
        }
        this.watcher = w;
        if (shutdownHook) {
            this.shutdownHook = new Thread(this::close, "jesture-daemon-shutdown");
            Runtime.getRuntime().addShutdownHook(this.shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /**
     * Validates {@code configFile} against the model's labels and the backend, then starts. The backend is
     * closed if the config is invalid.
     *
     * @param labels        the labels gestures may name: the recognizer's
     * @param background    the model's background labels, which never fire and so may not be mapped
     * @param allowCommands {@code --allow-commands}: only then may the file's {@code allowCommands: true}
     *                      take effect, and only if the file is writable by the user alone
     */
    public static Daemon start(Path configFile, List<String> labels, Collection<String> background, BackendChoice.Mode mode,
                               boolean allowCommands) throws ConfigException {
        InputBackend backend = BackendChoice.open(mode);
        try {
            return start(configFile, labels, background, backend, FocusProbe.forEnvironment(System.getenv()), true, true,
                    ReloadListener.NONE, allowCommands);
        } catch (ConfigException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** As {@link #start(Path, List, Collection, InputBackend, FocusProbe, boolean, boolean, ReloadListener, boolean)}, with Jester's background labels and without --allow-commands. */
    static Daemon start(Path configFile, List<String> labels, InputBackend backend, FocusProbe focus,
                        boolean watch, boolean shutdownHook, ReloadListener reloadListener) throws ConfigException {
        return start(configFile, labels, backend, focus, watch, shutdownHook, reloadListener, false);
    }

    /** As {@link #start(Path, List, Collection, InputBackend, FocusProbe, boolean, boolean, ReloadListener, boolean)}, with Jester's background labels. */
    static Daemon start(Path configFile, List<String> labels, InputBackend backend, FocusProbe focus,
                        boolean watch, boolean shutdownHook, ReloadListener reloadListener, boolean allowCommands) throws ConfigException {
        return start(configFile, labels, JesterLabels.BACKGROUND, backend, focus, watch, shutdownHook, reloadListener, allowCommands);
    }

    static Daemon start(Path configFile, List<String> labels, Collection<String> background, InputBackend backend, FocusProbe focus,
                        boolean watch, boolean shutdownHook, ReloadListener reloadListener, boolean allowCommands) throws ConfigException {
        DaemonConfig config = ConfigLoader.load(configFile, labels, background, backend, grantAtStart(allowCommands));
        ConfigLoader.CommandGrant commands = config.allowCommands() ? ConfigLoader.CommandGrant.GRANTED
                : allowCommands ? ConfigLoader.CommandGrant.NOT_AT_START : ConfigLoader.CommandGrant.NO_FLAG;
        Daemon d = new Daemon(configFile, labels, background, backend, config, commands, focus, watch, shutdownHook, reloadListener);
        LOG.info("daemon ready: {}; {}", d.summary(config), d.engine.howToToggle() + " pauses control");
        if (config.allowCommands()) {
            LOG.warn("command actions are ENABLED (--allow-commands): whoever can edit {} can run programs as you", configFile);
        }
        if (!config.apps().isEmpty()) LOG.info("application profiles: {} (focus from {})", config.apps().size(), focus.describe());
        return d;
    }

    /**
     * Whether {@code file} reads as an actions file: a YAML map with a top-level key only actions files
     * have ({@code gestures:}, {@code profiles:}, ...). {@code jesture.yaml}'s keys are all different, so
     * the CLI can tell which of the two an old-style {@code --config} names. False when unreadable.
     */
    public static boolean looksLikeActionsFile(Path file) {
        String text = readQuietly(file);
        if (text == null) return false;
        try {
            return YamlTree.parse(text) instanceof YamlTree.MapNode m
                    && m.entries().keySet().stream().anyMatch(ConfigLoader.TOP_KEYS::contains);
        } catch (YamlTree.SyntaxError e) {
            return false;
        }
    }

    /** The key names a config may use, one line each, with a header: for {@code --list-keys}. */
    public static List<String> keyTable() {
        List<String> out = new java.util.ArrayList<>();
        out.add(String.format("%-22s %-5s %-6s %s", "name", "linux", "robot", "(names are case-insensitive; join with + for combos)"));
        out.addAll(Keys.table());
        return out;
    }

    private static ConfigLoader.CommandGrant grantAtStart(boolean allowCommands) {
        return allowCommands ? ConfigLoader.CommandGrant.GRANTED : ConfigLoader.CommandGrant.NO_FLAG;
    }

    /**
     * Validates a config without starting anything: for {@code --check}, as a start with or without
     * {@code --allow-commands}. Before a model is loaded, pass {@link JesterLabels#LABELS} and
     * {@link JesterLabels#BACKGROUND}.
     */
    public static String check(Path configFile, List<String> labels, Collection<String> background, boolean allowCommands)
            throws ConfigException {
        DaemonConfig c = ConfigLoader.load(configFile, labels, background, Capabilities.ANY, grantAtStart(allowCommands));
        return configFile + " is valid: " + new Daemon.Summary(c);
    }

    private record Summary(DaemonConfig c) {
        @Override
        public String toString() {
            long mappings = c.allMappings().count();
            return mappings + " mappings, " + c.apps().size() + " application profiles, rate limit "
                    + c.rateLimit().actions() + " per " + c.rateLimit().per().toMillis() + " ms"
                    + (c.allowCommands() ? ", commands allowed" : "");
        }
    }

    private String summary(DaemonConfig c) {
        return configFile + ": " + new Summary(c) + ", backend " + backend.backendName();
    }

    /** The listener to add to the recognizer. Its methods only enqueue. */
    public GestureListener listener() {
        return new GestureListener() {
            @Override
            public void onGesture(GestureEvent event) {
                lastScoresWallNanos = System.nanoTime(); // the idle clock starts no earlier than the gesture
                post("gesture " + event.label(), () -> engine.onGesture(event));
            }

            @Override
            public void onScores(ScoreUpdate scores) {
                lastScoresWallNanos = System.nanoTime();
                float[] smoothed = scores.smoothed().clone(); // the array is only valid during this call
                List<String> l = scores.labels();
                long t = scores.clipEndNanos();
                post("scores", () -> engine.onScores(l, smoothed, t));
            }

            @Override
            public void onStatus(PipelineStatus status) {
                if (status.kind() == PipelineStatus.Kind.SOURCE_LOST || status.kind() == PipelineStatus.Kind.END_OF_STREAM) {
                    post("status", () -> engine.releaseEverything(status.kind().name().toLowerCase().replace('_', ' ')));
                }
            }
        };
    }

    /** Re-reads the config; keeps the current one if the new one is invalid. Called on the watcher thread. */
    void reload() {
        String text = readQuietly(configFile);
        if (text != null && text.equals(lastGoodText)) return; // touched, not changed
        DaemonConfig next;
        try {
            next = ConfigLoader.load(configFile, labels, background, backend, commands);
        } catch (ConfigException e) {
            LOG.error("reload of {} failed, keeping the previous config: {}", configFile, e.getMessage());
            reloadListener.onReloadFailed(e.getMessage());
            return;
        }
        Future<?> f = post("reload", () -> engine.setConfig(next));
        try {
            if (f != null) f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("applying the reloaded config failed: {}", e.toString());
            reloadListener.onReloadFailed(e.toString());
            return;
        }
        lastGoodText = text;
        LOG.info("reloaded {}: {} (everything pressed was released)", configFile, new Summary(next));
        reloadListener.onReloaded(next);
    }

    private void checkIdle() {
        if (!engine.continuousActive()) return;
        long idle = System.nanoTime() - lastScoresWallNanos;
        if (idle > engine.config().idleRelease().toNanos()) {
            engine.stopContinuous("no scores for " + idle / 1_000_000 + " ms (idleRelease)");
        }
    }

    private Future<?> post(String what, Runnable task) {
        if (closed.get()) return null;
        try {
            return executor.submit(() -> guarded(what, task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null; // closing
        }
    }

    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed: {}; releasing everything", what, e.toString(), e);
            engine.releaseEverything("error");
        }
    }

    /** Runs {@code task} on the daemon thread and waits for it; for tests. */
    void sync(Runnable task) throws InterruptedException, ExecutionException, TimeoutException {
        Future<?> f = post("sync", task);
        if (f == null) throw new IllegalStateException("daemon closed");
        f.get(5, TimeUnit.SECONDS);
    }

    Engine engine() {
        return engine;
    }

    /** Releases everything and closes the backend. Idempotent; safe from a shutdown hook. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        LOG.info("daemon stopping: releasing every key and button");
        if (watcher != null) watcher.close();
        try {
            Future<?> f = executor.submit(() -> engine.releaseEverything("shutting down"));
            f.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("the action thread did not release in time ({}); releasing from {}", e.toString(), Thread.currentThread().getName());
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The backend is synchronized and refuses new presses once closed, so this wins even against a
        // stuck action thread.
        try {
            backend.close();
        } catch (RuntimeException e) {
            LOG.error("closing the {} backend failed: {}", backend.backendName(), e.toString(), e);
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        Engine.Stats st = engine.stats();
        LOG.info("daemon stopped: {} actions ({} repeats); ignored: {} below minConfidence, {} in cooldown, {} rate-limited, {} while paused, {} unmapped; {} failed",
                st.actions(), st.repeats(), st.belowConfidence(), st.inCooldown(), st.rateLimited(), st.whilePaused(), st.unmapped(), st.failures());
    }

    private static String readQuietly(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (IOException e) {
            return null;
        }
    }
}
