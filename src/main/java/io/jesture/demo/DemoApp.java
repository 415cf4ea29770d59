package io.jesture.demo;

import io.jesture.InvalidInputException;
import io.jesture.ErrorListener;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.JestureException;
import io.jesture.ModelInfo;
import io.jesture.PipelineStatus;
import io.jesture.RecognizerStats;
import io.jesture.internal.adapt.Recorder;
import io.jesture.internal.desktop.DesktopDisplay;
import io.jesture.internal.source.SourceFactory;
import io.jesture.internal.source.SourceUri;

import javax.swing.SwingUtilities;
import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The standalone demo: one {@link GestureRecognizer}, used through its public API like any other
 * application, and one {@link DemoWindow} that shows what it sees and decides.
 *
 * <p>Lifecycle: {@link #open()} shows the window at once (so a slow model load is visible), then
 * creates and starts the recognizer; {@link #awaitClosed()} returns when the user quits; {@link #close()}
 * stops everything. With {@code loop}, a finite source that ends is started again with a fresh
 * recognizer, on a named thread, never on the pipeline thread that reported the end.
 */
public final class DemoApp implements AutoCloseable {

    /** Where Teach mode writes takes unless told otherwise: a folder in the working directory. */
    public static final Path DEFAULT_TAKES_DIR = Path.of("jesture-takes");

    /**
     * What the window needs besides the recognizer options.
     *
     * @param takesDir       the folder Teach mode records takes into (Jester's layout, as {@code jesture record} writes)
     * @param teachCountdown seconds of countdown before each take in Teach mode
     */
    public record Settings(int topK, boolean mirrored, boolean loop, Path screenshotDir, PrintWriter out, Path takesDir,
                           double teachCountdown) {
        public Settings {
            if (topK < 1 || topK > 64) throw new InvalidInputException("top-k must be in 1..64, was " + topK);
            if (out == null) throw new IllegalArgumentException("out == null");
            if (takesDir == null) throw new IllegalArgumentException("takesDir == null");
            if (!(teachCountdown >= 0) || teachCountdown > 60) {
                throw new IllegalArgumentException("the teach countdown must be in [0, 60] s, was " + teachCountdown);
            }
        }

        /** Teach mode with its defaults: {@link #DEFAULT_TAKES_DIR}, a 3 s countdown. */
        public Settings(int topK, boolean mirrored, boolean loop, Path screenshotDir, PrintWriter out) {
            this(topK, mirrored, loop, screenshotDir, out, DEFAULT_TAKES_DIR, Recorder.DEFAULT_COUNTDOWN);
        }
    }

    /** The options the recognizer starts with; Teach mode swaps in a profile. */
    private volatile GestureOptions baseOptions;
    private final Settings settings;
    private final DemoFeed feed = new DemoFeed();
    private final AtomicReference<GestureRecognizer> recognizer = new AtomicReference<>();
    private volatile boolean closing;
    private DemoWindow window;
    private TeachSession teach;

    public DemoApp(GestureOptions options, Settings settings) {
        this.baseOptions = options;
        this.settings = settings;
    }

    /** Returns when this JVM can open a window; the demo refuses to start otherwise. */
    public static void requireDisplay() throws JestureException {
        String why = DesktopDisplay.whyNot();
        if (why == null) return;
        if (GraphicsEnvironment.isHeadless()) {
            throw new JestureException("the demo needs a desktop display, but this JVM is headless (" + why
                    + "): run it in a desktop session, or use `jesture run` to print gestures in the terminal");
        }
        throw new JestureException("the demo cannot open a window: " + why
                + ": check that the X server runs and DISPLAY names it, or use `jesture run` to print gestures in the terminal");
    }

    /** True for sources a person faces (a webcam, as its source factory says): those are shown mirrored by default. */
    public static boolean isCamera(String sourceUri) {
        return SourceUri.isCamera(sourceUri);
    }

    /**
     * The source to open for {@code --loop}: sources whose factory takes {@code loop} ({@code file:},
     * {@code frames:}, {@code synthetic:}) loop by themselves with {@code loop=true} (seamless, no model
     * reload); anything else is returned as is and, should it end, is restarted with a fresh recognizer.
     */
    public static String loopingSource(String uri) {
        if (uri == null || uri.matches("(?i).*[,:]\\s*loop\\s*=.*")) return uri;
        SourceFactory f = SourceUri.factory(uri);
        if (f == null || f.parameters().stream().noneMatch(p -> p.key().equals("loop"))) return uri;
        // A spec that is all key=value pairs takes no comma before its first one.
        boolean bare = f.syntax() == SourceFactory.Syntax.RAW && uri.substring(uri.indexOf(':') + 1).isEmpty();
        return uri + (bare ? "" : ",") + "loop=true";
    }

    /** Shows the window, then loads the model and starts the pipeline. */
    public void open() throws JestureException, InterruptedException {
        requireDisplay();
        String source = baseOptions.customSource() != null ? baseOptions.customSource().description() : baseOptions.source();
        onEdt(() -> {
            window = new DemoWindow(feed, this::stats, source, settings.topK(), settings.mirrored(),
                    settings.screenshotDir(), settings.out());
            window.view().looping(settings.loop());
            window.view().threshold(baseOptions.smoothing().activationThreshold());
            window.view().phase("Loading model " + modelNames() + "…");
            window.show();
        });
        teach = new TeachSession(settings.takesDir(), baseOptions.models(), baseOptions.provider(), settings.teachCountdown(), feed,
                this::useProfile, settings.out());
        SwingUtilities.invokeLater(() -> window.view().teach().session(teach));
        try {
            startRecognizer();
        } catch (JestureException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private synchronized void startRecognizer() throws JestureException {
        if (closing) return;
        ErrorListener logged = baseOptions.errorListener();
        GestureOptions options = baseOptions.newBuilder()
                .errorListener((where, error) -> {
                    logged.onError(where, error);
                    feed.onError(where, error);
                })
                .listener(feed)
                .listener(new GestureListener() {
                    @Override
                    public void onStatus(PipelineStatus status) {
                        if (status.kind() == PipelineStatus.Kind.END_OF_STREAM && settings.loop() && !closing) restartLater();
                    }
                })
                .build();
        GestureRecognizer old = recognizer.getAndSet(null);
        if (old != null) old.close();
        GestureRecognizer r = GestureRecognizer.create(options);
        recognizer.set(r);
        ModelInfo info = r.modelInfo();
        SwingUtilities.invokeLater(() -> {
            window.view().phase("Opening " + baseOptions.source() + "…");
            window.view().teach().model(info);
        });
        r.start();
    }

    /**
     * Runs the recognizer again with {@code profile} (Teach mode, after adapting). The source starts
     * over with it; a profile given on the command line is replaced.
     */
    private void useProfile(Path profile) throws JestureException {
        GestureOptions before = baseOptions;
        baseOptions = before.newBuilder().profile(profile).build();
        try {
            startRecognizer();
        } catch (JestureException | RuntimeException e) {
            baseOptions = before;
            startRecognizer(); // back to what ran before, so the window is not left without a recognizer
            throw e;
        }
    }

    private void restartLater() {
        Thread t = new Thread(() -> {
            try {
                if (!closing) startRecognizer();
            } catch (JestureException | RuntimeException e) {
                settings.out().println("jesture: could not restart the source for --loop: " + e.getMessage());
                SwingUtilities.invokeLater(() -> window.view().toast("Could not loop: " + e.getMessage(), Theme.ERROR));
            }
        }, "jesture-demo-loop");
        t.setDaemon(true);
        t.start();
    }

    private RecognizerStats stats() {
        GestureRecognizer r = recognizer.get();
        return r == null ? null : r.stats();
    }

    private String modelNames() {
        StringBuilder sb = new StringBuilder();
        for (Path p : baseOptions.models()) {
            if (sb.length() > 0) sb.append(" + ");
            sb.append(p.getFileName());
        }
        return sb.toString();
    }

    /** Blocks until the user quits (q, Esc, or the window's close button). */
    public void awaitClosed() throws InterruptedException {
        window.awaitClosed();
    }

    /** Stops the recognizer and closes the window. Idempotent. */
    @Override
    public void close() {
        closing = true;
        TeachSession t = teach;
        if (t != null) t.close();
        synchronized (this) { // waits for a --loop restart in progress, which then sees closing
            GestureRecognizer r = recognizer.getAndSet(null);
            if (r != null) r.close();
        }
        DemoWindow w = window;
        if (w != null) {
            SwingUtilities.invokeLater(w::close);
            try {
                w.awaitClosed(5, TimeUnit.SECONDS);
                w.awaitScreenshots(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    DemoWindow window() {
        return window;
    }

    private static void onEdt(Runnable r) throws JestureException, InterruptedException {
        try {
            SwingUtilities.invokeAndWait(r);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof UnsatisfiedLinkError || (c instanceof AWTError && String.valueOf(c.getMessage()).contains("libawt_xawt"))) {
                throw new JestureException("this Java runtime has no desktop support (a headless JRE; " + c.getMessage()
                        + "): install a full JRE (Debian: openjdk-17-jre), or use `jesture run`", c);
            }
            if (c instanceof AWTError || c instanceof HeadlessException) {
                throw new JestureException("cannot open a window on DISPLAY=" + System.getenv("DISPLAY") + " ("
                        + c.getMessage() + "): check that the X server runs, or use `jesture run`", c);
            }
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }
}
