package io.jesture.demo;

import io.jesture.ModelInfo;
import io.jesture.internal.adapt.Recorder;

import javax.swing.SwingUtilities;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo window's Teach mode: pick a gesture (one of the model's, or a new name) and a number of
 * takes, record them with a countdown and a cue over the live video (and a rendered example of the
 * gesture when the renderer knows it), then adapt on the folder and run the recognizer with the new
 * profile, all without leaving the window. The work itself is a {@link TeachSession}; this is its
 * state, its keys and its drawing. EDT only.
 *
 * <p>Keys while the Teach panel is open go here first, so typing a name never quits the demo or takes
 * a screenshot: Enter records, Up and Down pick one of the model's gestures, Left and Right set the
 * takes, Backspace deletes, A (Ctrl+A while typing) adapts, Esc goes back.
 */
final class TeachMode {
    enum State {
        /** Closed: the window is the plain demo. */
        OFF,
        /** Choosing the gesture and the number of takes. */
        SETUP,
        RECORDING,
        /** The recording ended (every take, or fewer after a cancel or a problem). */
        DONE,
        ADAPTING,
        /** The profile is written and the recognizer runs with it. */
        ADAPTED,
        /** Adapting was not possible here or failed; the panel says why and the command that does it. */
        FAILED
    }

    static final int MIN_TAKES = 1, MAX_TAKES = 50, DEFAULT_TAKES = 5, MAX_NAME = 40, SUGGESTIONS = 7;

    private final DemoView view;
    private final CueCard cue = new CueCard();
    private final ExampleLoader examples;
    private final Font fHeading = Theme.sans(Font.BOLD, 10.5f);
    private final Font fLabel = Theme.sans(Font.PLAIN, 13f);
    private final Font fLabelBold = Theme.sans(Font.BOLD, 13f);
    private final Font fField = Theme.sans(Font.BOLD, 16f);
    private final Font fSmall = Theme.sans(Font.PLAIN, 11.5f);
    private final Font fMono = Theme.mono(Font.PLAIN, 11.5f);
    private final Font fKey = Theme.mono(Font.BOLD, 11f);

    private TeachSession session;
    private ModelInfo info;
    private State state = State.OFF;
    private final StringBuilder name = new StringBuilder();
    private int takes = DEFAULT_TAKES;
    private int pick = -1;
    /** Set when the key that opened the panel will also arrive as a typed character: that one is not part of the name. */
    private char swallow;
    private List<String> suggestions = List.of();
    private String kindText = "";
    private String gesture = "";
    private int recordedTake;
    private String message = "";
    private String command;
    private Path profile;
    private Map<String, Integer> folder = new LinkedHashMap<>();
    private String folderText = "";
    private String takesText = "";
    /** Wrapped lines of {@link #message} and {@link #command} for the panel width they were wrapped at. */
    private List<String> messageLines = List.of(), commandLines = List.of();
    private int wrappedAt = -1;

    TeachMode(DemoView view) {
        this.view = view;
        this.examples = new ExampleLoader(this::exampleReady);
    }

    /** The work behind the mode; without one (a window with no recognizer) Teach only says it cannot. */
    void session(TeachSession s) {
        session = s;
        refreshFolder();
    }

    /** The running model's contract: its labels are the gestures offered, its clip sets the take length. */
    void model(ModelInfo m) {
        info = m;
        refreshSuggestions();
        view.repaint();
    }

    State state() {
        return state;
    }

    boolean active() {
        return state != State.OFF;
    }

    String name() {
        return name.toString();
    }

    int takes() {
        return takes;
    }

    Path profile() {
        return profile;
    }

    String message() {
        return message;
    }

    String command() {
        return command;
    }

    CueCard cue() {
        return cue;
    }

    /** The T key: opens the panel. {@code typedToo}: a typed 't' follows this key press and is not a name character. */
    void open(boolean typedToo) {
        if (state != State.OFF) return;
        if (session == null) {
            view.toast("Teach mode needs a running recognizer (jesture demo)", Theme.WARN);
            return;
        }
        if (info == null) {
            view.toast("Teach mode opens once the model has loaded", Theme.WARN);
            return;
        }
        swallow = typedToo ? 't' : 0;
        refreshFolder();
        set(State.SETUP);
    }

    void close() {
        if (state == State.RECORDING) session.cancel();
        cue.clear();
        set(State.OFF);
    }

    void dispose() {
        examples.close();
    }

    // ---- keys (EDT) ------------------------------------------------------------------------------

    /** A key press while the panel is open; returns whether it is taken (then the window's own keys do not see it). */
    boolean keyPressed(KeyEvent e) {
        if (state == State.OFF) return false;
        if (e.getKeyCode() != KeyEvent.VK_T) swallow = 0;
        int code = e.getKeyCode();
        boolean ctrl = (e.getModifiersEx() & InputEvent.CTRL_DOWN_MASK) != 0;
        switch (state) {
            case SETUP -> {
                switch (code) {
                    case KeyEvent.VK_ESCAPE -> close();
                    case KeyEvent.VK_ENTER -> start();
                    case KeyEvent.VK_BACK_SPACE -> {
                        if (name.length() > 0) name.setLength(name.length() - 1);
                        pick = -1;
                        nameChanged();
                    }
                    case KeyEvent.VK_UP -> move(-1);
                    case KeyEvent.VK_DOWN -> move(1);
                    case KeyEvent.VK_LEFT -> setTakes(takes - 1);
                    case KeyEvent.VK_RIGHT -> setTakes(takes + 1);
                    case KeyEvent.VK_A -> {
                        if (ctrl) adapt();
                    }
                    default -> { }
                }
            }
            case RECORDING -> {
                if (code == KeyEvent.VK_ESCAPE) session.cancel();
            }
            case DONE, ADAPTED, FAILED -> {
                switch (code) {
                    case KeyEvent.VK_ESCAPE -> close();
                    case KeyEvent.VK_ENTER -> set(State.SETUP);
                    case KeyEvent.VK_A -> adapt();
                    default -> { }
                }
            }
            case ADAPTING -> {
                if (code == KeyEvent.VK_ESCAPE) set(State.OFF); // the fit goes on; its end shows as a toast
            }
            default -> { }
        }
        view.repaint();
        return true;
    }

    /** A typed character while the panel is open; returns whether it is taken. */
    boolean keyTyped(KeyEvent e) {
        if (state == State.OFF) return false;
        char c = e.getKeyChar();
        if (swallow != 0 && Character.toLowerCase(c) == swallow) {
            swallow = 0;
            return true;
        }
        swallow = 0;
        boolean ctrl = (e.getModifiersEx() & InputEvent.CTRL_DOWN_MASK) != 0;
        if (state == State.SETUP && !ctrl && c != KeyEvent.CHAR_UNDEFINED && !Character.isISOControl(c)) {
            // ';' and '|' separate fields in the takes' CSV and in label lists: not part of a name.
            if (c != ';' && c != '|' && name.length() < MAX_NAME && !(name.length() == 0 && c == ' ')) {
                name.append(c);
                pick = -1;
                nameChanged();
            }
            view.repaint();
        }
        return true;
    }

    private void move(int d) {
        if (suggestions.isEmpty()) return;
        pick = pick < 0 ? (d > 0 ? 0 : suggestions.size() - 1) : Math.floorMod(pick + d, suggestions.size());
        name.setLength(0);
        name.append(suggestions.get(pick));
        nameChanged();
    }

    private void setTakes(int n) {
        takes = Math.max(MIN_TAKES, Math.min(MAX_TAKES, n));
        refreshTakesText();
    }

    private void start() {
        String g = Recorder.gestureName(name.toString(), info.labels());
        if (g.isEmpty()) {
            view.toast("Type a name for the gesture first, or pick one of the model's with Up and Down", Theme.WARN);
            return;
        }
        gesture = g;
        recordedTake = 0;
        cue.gesture(g, examples.get(g), System.nanoTime());
        set(State.RECORDING);
        session.record(g, takes, info, new Relay());
    }

    private void adapt() {
        profile = null;
        command = null;
        message = "Starting…";
        set(State.ADAPTING);
        session.adapt(info, new Relay());
    }

    // ---- what the session reports (moved to the EDT) ---------------------------------------------

    /** Moves every report of the session to the EDT, where the state lives. */
    private final class Relay implements TeachSession.Listener {
        @Override
        public void countdown(int take, int of, int left) {
            SwingUtilities.invokeLater(() -> {
                cue.countdown(take, of, left, System.nanoTime());
                view.teachChanged();
            });
        }

        @Override
        public void go(int take, int of) {
            SwingUtilities.invokeLater(() -> {
                cue.go(take, of, TeachSession.takeSeconds(info), System.nanoTime());
                view.teachChanged();
            });
        }

        @Override
        public void saved(int take, int of, Path folder, int frames) {
            SwingUtilities.invokeLater(() -> {
                recordedTake = take;
                cue.saved(take, of, frames, System.nanoTime());
                view.teachChanged();
            });
        }

        @Override
        public void recorded(String g, int saved, int of, String problem, Map<String, Integer> counts) {
            SwingUtilities.invokeLater(() -> {
                folder = counts;
                refreshFolderText();
                int total = counts.getOrDefault(g, 0);
                message = (problem == null ? String.format(Locale.ROOT, "Saved %d takes of '%s'.", saved, g)
                        : String.format(Locale.ROOT, "Saved %d of %d takes of '%s' (%s).", saved, of, g, problem))
                        + String.format(Locale.ROOT, " The folder has %d of it.", total);
                wrappedAt = -1;
                if (state == State.RECORDING) set(State.DONE);
                cue.clear();
                view.toast(message, problem == null ? Theme.OK : Theme.WARN);
            });
        }

        @Override
        public void adapting(String progress) {
            SwingUtilities.invokeLater(() -> {
                message = progress;
                wrappedAt = -1;
                view.teachChanged();
            });
        }

        @Override
        public void adapted(Path p, String summary) {
            SwingUtilities.invokeLater(() -> {
                profile = p;
                message = "Loaded " + p.getFileName() + ": " + summary + ". The new gestures now fire like any other.";
                command = null;
                wrappedAt = -1;
                refreshFolder();
                set(state == State.OFF ? State.OFF : State.ADAPTED);
                view.toast("Profile loaded: " + p, Theme.OK);
                view.teachChanged();
            });
        }

        @Override
        public void adaptFailed(String why, String cmd) {
            SwingUtilities.invokeLater(() -> {
                message = why;
                command = cmd;
                wrappedAt = -1;
                if (state != State.OFF) set(State.FAILED);
                else view.toast("Adapting failed: " + why, Theme.ERROR);
            });
        }
    }

    private void exampleReady() {
        if (state == State.OFF) return;
        cue.example(examples.get(state == State.RECORDING ? gesture : name.toString()), System.nanoTime());
        view.teachChanged();
    }

    // ---- derived text (built when it changes, not per paint) -------------------------------------

    private void set(State s) {
        State old = state;
        state = s;
        if (s == State.SETUP) nameChanged();
        if (s != State.RECORDING && s != State.SETUP) cue.example(null, 0);
        refreshTakesText();
        view.teachState(old, s);
    }

    private void nameChanged() {
        refreshSuggestions();
        String n = name.toString().strip();
        String jester = GestureExample.jesterLabel(n);
        boolean model = info != null && info.labels().stream().anyMatch(l -> l.equalsIgnoreCase(n));
        kindText = n.isEmpty() ? "Type a name, or Up / Down for one of the model's"
                : model ? "One of the model's gestures: your takes sharpen it"
                : folder.containsKey(n) ? "Already in the folder: these takes add to it" : "A new gesture";
        if (jester == null && !n.isEmpty() && model) kindText += " (no rendered example)";
        cue.example(n.isEmpty() ? null : examples.get(n), System.nanoTime());
        view.teachChanged();
    }

    private void refreshSuggestions() {
        List<String> all = new ArrayList<>();
        if (info != null) {
            for (String l : info.labels()) if (!info.backgroundLabels().contains(l)) all.add(l);
            all.addAll(info.backgroundLabels()); // recording your room at rest sharpens rest: offered, last
        }
        for (String l : folder.keySet()) if (!all.contains(l)) all.add(l);
        String typed = pick >= 0 ? "" : name.toString().strip().toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String l : all) if (typed.isEmpty() || l.toLowerCase(Locale.ROOT).contains(typed)) out.add(l);
        if (pick < 0) suggestions = out;
    }

    private void refreshFolder() {
        if (session == null) return;
        folder = session.folderCounts();
        refreshFolderText();
    }

    private void refreshFolderText() {
        int n = 0;
        for (int v : folder.values()) n += v;
        folderText = n == 0 ? "no takes yet" : n + (n == 1 ? " take of " : " takes of ") + folder.size()
                + (folder.size() == 1 ? " gesture" : " gestures");
    }

    private void refreshTakesText() {
        double s = info == null ? 0 : TeachSession.takeSeconds(info);
        takesText = String.format(Locale.ROOT, "%d × (%.0f s countdown, %.1f s take)", takes,
                session == null ? 0 : session.countdown(), s);
    }

    // ---- drawing (EDT) ---------------------------------------------------------------------------

    /** Whether the drawing changes with time (the cue, the example): the view keeps repainting while so. */
    boolean animating(long now) {
        return state != State.OFF && cue.animating(now);
    }

    /** Over the video: the cue while recording, else the example of the gesture being chosen. */
    void paintOverVideo(Graphics2D g, Rectangle video, long now) {
        if (state == State.RECORDING) cue.paint(g, video, now);
        else if (state == State.SETUP) cue.paintExample(g, video, now);
    }

    /** The side panel's body in Teach mode, from {@code y} down to {@code bottom}. */
    void paintPanel(Graphics2D g, int x, int y, int w, int bottom) {
        if (wrappedAt != w) {
            FontMetrics fm = g.getFontMetrics(fLabel), fc = g.getFontMetrics(fMono);
            messageLines = wrap(message, fm, w);
            commandLines = command == null ? List.of() : wrap(command, fc, w);
            wrappedAt = w;
        }
        heading(g, "TEACH A GESTURE", x, y);
        y += 2 * Theme.GAP + 8;
        switch (state) {
            case SETUP -> y = paintSetup(g, x, y, w);
            case RECORDING -> {
                y = text(g, fLabelBold, Theme.TEXT, "Recording '" + gesture + "'", x, y, w);
                y = text(g, fLabel, Theme.TEXT_DIM, recordedTake + " of " + takes + " takes saved", x, y, w);
                y = text(g, fSmall, Theme.TEXT_FAINT, "Esc stops: the take under way is dropped, the others stay.", x, y + 6, w);
            }
            case DONE, ADAPTING, ADAPTED, FAILED -> {
                Color c = state == State.FAILED ? Theme.ERROR : state == State.ADAPTED ? Theme.OK : Theme.TEXT;
                for (String l : messageLines) y = text(g, fLabel, c, l, x, y, w);
                if (!commandLines.isEmpty()) {
                    y += Theme.GAP;
                    y = text(g, fSmall, Theme.TEXT_DIM, "By hand:", x, y, w);
                    for (String l : commandLines) y = text(g, fMono, Theme.TEXT, l, x, y, w);
                }
            }
            default -> { }
        }
        y += 2 * Theme.GAP;
        g.setColor(Theme.DIVIDER);
        g.fillRect(x, y, w, 1);
        y += 3 * Theme.GAP;
        heading(g, "FOLDER", x, y);
        y += 2 * Theme.GAP + 4;
        y = text(g, fMono, Theme.TEXT_DIM, TextFit.ellipsize(session == null ? "" : session.dir().toString(), g.getFontMetrics(fMono), w),
                x, y, w);
        y = text(g, fSmall, Theme.TEXT_FAINT, folderText, x, y, w);
        FontMetrics fn = g.getFontMetrics(fSmall);
        for (Map.Entry<String, Integer> e : folder.entrySet()) {
            if (y + 18 > bottom - 70) break;
            String n = Integer.toString(e.getValue());
            g.setFont(fSmall);
            g.setColor(Theme.TEXT_DIM);
            g.drawString(TextFit.ellipsize(e.getKey(), fn, w - 40), x, y + 13);
            g.drawString(n, x + w - fn.stringWidth(n), y + 13);
            y += 18;
        }
        paintKeys(g, x, bottom - 56, w);
    }

    private int paintSetup(Graphics2D g, int x, int y, int w) {
        y = text(g, fSmall, Theme.TEXT_DIM, "Gesture", x, y, w);
        FontMetrics ff = g.getFontMetrics(fField);
        int boxH = 34;
        g.setColor(Theme.PANEL_RAISED);
        g.fillRoundRect(x, y + 2, w, boxH, 10, 10);
        g.setColor(Theme.ACCENT_DEEP);
        g.drawRoundRect(x, y + 2, w - 1, boxH - 1, 10, 10);
        String shown = TextFit.ellipsize(name.toString(), ff, w - 28);
        g.setFont(fField);
        g.setColor(Theme.TEXT);
        int base = y + 2 + (boxH + ff.getAscent() - ff.getDescent()) / 2;
        g.drawString(shown, x + 10, base);
        g.setColor(Theme.ACCENT);
        g.fillRect(x + 11 + ff.stringWidth(shown), base - ff.getAscent() + 3, 2, ff.getAscent()); // the caret
        y += boxH + 8;
        y = text(g, fSmall, name.length() == 0 ? Theme.TEXT_FAINT : Theme.ACCENT, kindText, x, y, w);
        y += 4;
        FontMetrics fl = g.getFontMetrics(fLabel);
        int shownN = Math.min(SUGGESTIONS, suggestions.size());
        int first = pick < 0 ? 0 : Math.max(0, Math.min(pick - SUGGESTIONS / 2, suggestions.size() - shownN));
        for (int i = first; i < first + shownN; i++) {
            boolean on = i == pick;
            if (on) {
                g.setColor(Theme.PANEL_RAISED);
                g.fillRoundRect(x - 4, y, w + 8, 22, 8, 8);
            }
            g.setFont(on ? fLabelBold : fLabel);
            g.setColor(on ? Theme.TEXT : Theme.TEXT_DIM);
            String s = suggestions.get(i);
            g.drawString(TextFit.ellipsize(s, fl, w - 40), x + 4, y + 16);
            if (GestureExample.jesterLabel(s) != null) { // has a rendered example
                g.setFont(fSmall);
                g.setColor(Theme.TEXT_FAINT);
                g.drawString("▶", x + w - 14, y + 16);
            }
            y += 22;
        }
        y += 3 * Theme.GAP;
        y = text(g, fSmall, Theme.TEXT_DIM, "Takes", x, y, w);
        String n = Integer.toString(takes);
        FontMetrics fk = g.getFontMetrics(fField);
        int bw = 92;
        g.setColor(Theme.PANEL_RAISED);
        g.fillRoundRect(x, y + 2, bw, boxH, 10, 10);
        g.setFont(fField);
        g.setColor(Theme.TEXT_DIM);
        g.drawString("‹", x + 10, y + 2 + (boxH + fk.getAscent() - fk.getDescent()) / 2);
        g.drawString("›", x + bw - 10 - fk.stringWidth("›"), y + 2 + (boxH + fk.getAscent() - fk.getDescent()) / 2);
        g.setColor(Theme.TEXT);
        g.drawString(n, x + (bw - fk.stringWidth(n)) / 2, y + 2 + (boxH + fk.getAscent() - fk.getDescent()) / 2);
        g.setFont(fSmall);
        g.setColor(Theme.TEXT_FAINT);
        g.drawString(TextFit.ellipsize(takesText, g.getFontMetrics(fSmall), w - bw - 12), x + bw + 12, y + 2 + boxH / 2 + 5);
        return y + boxH + 8;
    }

    private void paintKeys(Graphics2D g, int x, int y, int w) {
        String[][] keys = switch (state) {
            case SETUP -> new String[][] {{"Enter", "record"}, {"↑↓", "pick"}, {"←→", "takes"}, {"Ctrl+A", "adapt"}, {"Esc", "back"}};
            case RECORDING -> new String[][] {{"Esc", "stop"}};
            case DONE, ADAPTED, FAILED -> new String[][] {{"A", "adapt and load"}, {"Enter", "record more"}, {"Esc", "back"}};
            case ADAPTING -> new String[][] {{"Esc", "hide (it goes on)"}};
            default -> new String[0][];
        };
        FontMetrics fk = g.getFontMetrics(fKey), fs = g.getFontMetrics(fSmall);
        int cx = x, cy = y;
        for (String[] k : keys) {
            int kw = fk.stringWidth(k[0]) + 12, need = kw + 5 + fs.stringWidth(k[1]) + 14;
            if (cx + need > x + w && cx > x) {
                cx = x;
                cy += 26;
            }
            g.setColor(Theme.PANEL_RAISED);
            g.fillRoundRect(cx, cy, kw, 20, 6, 6);
            g.setColor(Theme.DIVIDER);
            g.drawRoundRect(cx, cy, kw - 1, 19, 6, 6);
            g.setFont(fKey);
            g.setColor(Theme.TEXT);
            g.drawString(k[0], cx + 6, cy + 14);
            g.setFont(fSmall);
            g.setColor(Theme.TEXT_DIM);
            g.drawString(k[1], cx + kw + 5, cy + 14);
            cx += need;
        }
    }

    private void heading(Graphics2D g, String text, int x, int y) {
        g.setFont(fHeading);
        g.setColor(Theme.TEXT_DIM);
        g.drawString(text, x, y);
    }

    /** One line of text whose top is at {@code y}; returns the next line's top. */
    private static int text(Graphics2D g, Font f, Color c, String s, int x, int y, int w) {
        FontMetrics fm = g.getFontMetrics(f);
        g.setFont(f);
        g.setColor(c);
        g.drawString(TextFit.ellipsize(s, fm, w), x, y + fm.getAscent());
        return y + fm.getHeight() + 2;
    }

    /** Greedy word wrap, keeping line breaks; a word longer than the width (a path) is cut where it must be. */
    static List<String> wrap(String s, FontMetrics fm, int width) {
        List<String> out = new ArrayList<>();
        for (String para : s.split("\n")) wrapLine(para, fm, width, out);
        return out;
    }

    private static void wrapLine(String s, FontMetrics fm, int width, List<String> out) {
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(next) <= width) {
                line.setLength(0);
                line.append(next);
                continue;
            }
            if (line.length() > 0) out.add(line.toString());
            line.setLength(0);
            String rest = word;
            while (fm.stringWidth(rest) > width && rest.length() > 1) {
                int n = rest.length();
                while (n > 1 && fm.stringWidth(rest.substring(0, n)) > width) n--;
                out.add(rest.substring(0, n));
                rest = rest.substring(n);
            }
            line.append(rest);
        }
        if (line.length() > 0) out.add(line.toString());
    }
}
