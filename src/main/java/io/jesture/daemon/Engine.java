package io.jesture.daemon;

import io.jesture.GestureEvent;
import io.jesture.daemon.DaemonConfig.Mapping;
import io.jesture.daemon.DaemonConfig.Pause;
import io.jesture.daemon.DaemonConfig.Profile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what each gesture does: profile, minimum confidence, cooldown, global rate limit, pause, and
 * the continuous actions (repeat, hold). Single-threaded: the daemon calls it only from its action
 * thread, and tests call it directly with scripted events.
 *
 * <h2>Time</h2>
 * Every decision uses the stream clock the recognizer reports: {@link GestureEvent#detectedNanos()}
 * and {@link io.jesture.ScoreUpdate#clipEndNanos()}. For a camera that is capture time, so it tracks
 * the wall clock; for a file or a fast synthetic stream it is the video's own time, which makes the
 * engine's behaviour reproducible. The one wall-clock rule lives in the daemon: if no scores arrive for
 * {@code idleRelease}, it calls {@link #stopContinuous} (a stalled or lost source must not leave a key
 * held).
 *
 * <h2>Continuous actions on a once-per-gesture recognizer</h2>
 * The recognizer fires {@code onGesture} once per gesture. To know that a gesture <em>continues</em>,
 * the engine watches the smoothed scores that follow: a repeat or hold starts on the gesture event,
 * and stays active while that class's smoothed score is at or above the mapping's {@code while}
 * threshold (default 0.4), for at most {@code maxDuration}. A repeat fires again at the first score
 * update at least {@code interval} after its previous firing, so its granularity is the inference
 * period (about 170 ms at 12 fps and stride 2). It ends when the score drops, when another gesture
 * fires, on pause, on reload, on idle, and on shutdown; a hold then releases its keys.
 *
 * <h2>Pause</h2>
 * With {@code pause.hold > 0}, holding the pause gesture (its smoothed score at or above
 * {@code pause.minScore} for {@code pause.hold} without a drop) toggles control; it must drop below
 * again before the next toggle. With {@code hold: 0}, the pause gesture's event toggles. While paused,
 * nothing but the pause gesture is acted on.
 */
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** Counters, for logs and tests. */
    record Stats(long actions, long belowConfidence, long inCooldown, long rateLimited, long whilePaused,
                 long unmapped, long repeats, long failures) {}

    private final Actuator actuator;
    private final FocusProbe focus;
    private DaemonConfig config;
    private RateLimiter limiter;
    private final Map<String, Long> lastFired = new HashMap<>();
    private boolean paused;
    private long pauseHeldSince = Long.MIN_VALUE;
    private boolean pauseLatched;
    private boolean warnedNoPauseLabel;
    private Active active;
    private long actions, belowConfidence, inCooldown, rateLimited, whilePaused, unmapped, repeats, failures;

    /** A running repeat or hold. */
    private static final class Active {
        final Mapping mapping;
        final Action.Continuous action;
        final long startNanos;
        long lastFireNanos;

        Active(Mapping mapping, Action.Continuous action, long startNanos) {
            this.mapping = mapping;
            this.action = action;
            this.startNanos = startNanos;
            this.lastFireNanos = startNanos;
        }
    }

    Engine(DaemonConfig config, Actuator actuator, FocusProbe focus) {
        this.actuator = actuator;
        this.focus = focus;
        apply(config);
    }

    private void apply(DaemonConfig c) {
        this.config = c;
        this.limiter = new RateLimiter(c.rateLimit().actions(), c.rateLimit().per());
        pauseHeldSince = Long.MIN_VALUE;
        pauseLatched = false;
    }

    /** Replaces the config: stops any continuous action and releases everything first. */
    void setConfig(DaemonConfig c) {
        stopContinuous("config reloaded");
        actuator.releaseAll();
        apply(c);
        if (paused && c.pause() == null) {
            // Otherwise control would stay off with no gesture left to turn it back on.
            paused = false;
            LOG.info("control RESUMED: the reloaded config has no pause gesture");
        }
    }

    DaemonConfig config() {
        return config;
    }

    boolean paused() {
        return paused;
    }

    Stats stats() {
        return new Stats(actions, belowConfidence, inCooldown, rateLimited, whilePaused, unmapped, repeats, failures);
    }

    void onGesture(GestureEvent e) {
        long now = e.detectedNanos();
        Pause pause = config.pause();
        if (pause != null && e.label().equals(pause.gesture())) {
            if (pause.hold().isZero()) toggle(e.label());
            return; // reserved for pause/resume either way
        }
        if (paused) {
            whilePaused++;
            LOG.debug("paused: ignoring {}", e.label());
            return;
        }
        if (active != null && !active.mapping.label().equals(e.label())) stopContinuous("'" + e.label() + "' fired");

        FocusProbe.Window window = config.apps().isEmpty() ? null : focus.focused();
        Profile profile = config.profileFor(window);
        Mapping m = config.mappingFor(profile, e.label());
        if (m == null) {
            unmapped++;
            LOG.debug("{}: no mapping in profile {}", e.label(), profile.name());
            return;
        }
        if (e.confidence() < m.minConfidence()) {
            belowConfidence++;
            LOG.info("{} ({}) ignored: confidence {} below minConfidence {}", e.label(), profile.name(),
                    String.format("%.2f", e.confidence()), m.minConfidence());
            return;
        }
        String key = m.profile() + "\u0000" + m.label();
        Long last = lastFired.get(key);
        if (last != null && now - last < m.cooldown().toNanos() && now >= last) {
            inCooldown++;
            LOG.info("{} ignored: in cooldown ({} ms since the last one, cooldown {} ms)", e.label(),
                    (now - last) / 1_000_000, m.cooldown().toMillis());
            return;
        }
        if (active != null) stopContinuous("'" + e.label() + "' fired again");
        if (!limiter.tryAcquire(now)) {
            rateLimited++;
            LOG.warn("{} ignored: rate limit of {} actions per {} ms reached", e.label(),
                    config.rateLimit().actions(), config.rateLimit().per().toMillis());
            return;
        }
        lastFired.put(key, now);
        LOG.info("{} ({}, {}) -> {}", e.label(), String.format("%.2f", e.confidence()),
                profile == config.defaults() ? "default profile" : "profile " + profile.name() + " for " + window,
                m.action().describe());
        if (perform(m)) {
            actions++;
            if (m.action() instanceof Action.Continuous c) active = new Active(m, c, now);
        }
    }

    /**
     * After each inference.
     *
     * @param smoothed the smoothed probabilities, in {@code labels} order; read during the call only
     */
    void onScores(List<String> labels, float[] smoothed, long nowNanos) {
        Pause pause = config.pause();
        if (pause != null && !pause.hold().isZero()) {
            int i = labels.indexOf(pause.gesture());
            if (i < 0) {
                if (!warnedNoPauseLabel) {
                    warnedNoPauseLabel = true;
                    LOG.warn("the model has no label '{}', so the pause gesture cannot work", pause.gesture());
                }
            } else if (smoothed[i] >= pause.minScore()) {
                if (pauseHeldSince == Long.MIN_VALUE) pauseHeldSince = nowNanos;
                if (!pauseLatched && nowNanos - pauseHeldSince >= pause.hold().toNanos()) {
                    pauseLatched = true;
                    toggle(pause.gesture() + " held " + pause.hold().toMillis() + " ms");
                }
            } else {
                pauseHeldSince = Long.MIN_VALUE;
                pauseLatched = false;
            }
        }
        if (active == null) return;
        Mapping m = active.mapping;
        Action.Continuous c = active.action;
        int i = labels.indexOf(m.label());
        Duration max = c.maxDuration();
        if (i < 0 || smoothed[i] < c.whileScore()) {
            stopContinuous("'" + m.label() + "' ended");
        } else if (nowNanos - active.startNanos >= max.toNanos()) {
            stopContinuous("maxDuration " + max.toMillis() + " ms reached");
        } else if (c.due(nowNanos - active.lastFireNanos)) {
            if (!limiter.tryAcquire(nowNanos)) {
                rateLimited++;
                return;
            }
            active.lastFireNanos = nowNanos;
            if (perform(m)) {
                repeats++;
                actions++;
            }
        }
    }

    /** Ends a running repeat or hold, releasing a hold's keys. */
    void stopContinuous(String why) {
        Active a = active;
        if (a == null) return;
        active = null;
        LOG.info("{} stopped: {}", a.action.describe(), why);
        try {
            a.action.end(actuator);
        } catch (RuntimeException e) {
            failures++;
            LOG.error("ending {} failed: {}; releasing everything", a.action.describe(), e.toString());
            actuator.releaseAll();
        }
    }

    /** Whether a repeat or hold is running. */
    boolean continuousActive() {
        return active != null;
    }

    /** Stops everything and releases every key: on shutdown, source loss, errors. */
    void releaseEverything(String why) {
        stopContinuous(why);
        actuator.releaseAll();
    }

    private void toggle(String why) {
        paused = !paused;
        if (paused) {
            releaseEverything("paused");
            LOG.info("control PAUSED ({}); {} to resume", why, howToToggle());
        } else {
            LOG.info("control RESUMED ({})", why);
        }
    }

    String howToToggle() {
        Pause p = config.pause();
        if (p == null) return "pausing by gesture is off";
        return p.hold().isZero() ? "show " + p.gesture() : "hold " + p.gesture() + " for " + p.hold().toMillis() + " ms";
    }

    private boolean perform(Mapping m) {
        try {
            actuator.run(m.action());
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            actuator.releaseAll();
            return false;
        } catch (RuntimeException ex) {
            failures++;
            LOG.error("{} failed: {}; releasing everything", m.action().describe(), ex.toString(), ex);
            actuator.releaseAll();
            return false;
        }
    }
}
