package io.jesture.daemon;

import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The key names a config may use, with their Linux input codes ({@code <linux/input-event-codes.h>},
 * for uinput) and AWT key codes (for {@code java.awt.Robot}). Names follow X11 keysym spelling
 * ({@code Page_Up}, {@code XF86AudioRaiseVolume}) with friendlier aliases ({@code PageUp},
 * {@code VolumeUp}); lookup ignores case.
 *
 * <p>Keys are physical keys, not characters: both backends inject key codes and the desktop applies
 * its keyboard layout. Text typing therefore assumes a US layout (see {@link #forChar}).
 */
final class Keys {
    /** No AWT key code: java.awt.Robot cannot send this key (media keys, for instance). */
    static final int NONE = KeyEvent.VK_UNDEFINED;

    private static final Map<String, Key> BY_NAME = new HashMap<>();
    private static final List<String> CANONICAL = new ArrayList<>();
    private static final Map<Character, Stroke> BY_CHAR = new HashMap<>();

    /** One key, by its canonical name. */
    record Key(String name, int linuxCode, int awtCode) {
        boolean robotCan() {
            return awtCode != NONE;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A character typed as a key, with or without shift (US layout). */
    record Stroke(Key key, boolean shift) {}

    static {
        k("a", 30 /* KEY_A */, KeyEvent.VK_A);
        k("b", 48 /* KEY_B */, KeyEvent.VK_B);
        k("c", 46 /* KEY_C */, KeyEvent.VK_C);
        k("d", 32 /* KEY_D */, KeyEvent.VK_D);
        k("e", 18 /* KEY_E */, KeyEvent.VK_E);
        k("f", 33 /* KEY_F */, KeyEvent.VK_F);
        k("g", 34 /* KEY_G */, KeyEvent.VK_G);
        k("h", 35 /* KEY_H */, KeyEvent.VK_H);
        k("i", 23 /* KEY_I */, KeyEvent.VK_I);
        k("j", 36 /* KEY_J */, KeyEvent.VK_J);
        k("k", 37 /* KEY_K */, KeyEvent.VK_K);
        k("l", 38 /* KEY_L */, KeyEvent.VK_L);
        k("m", 50 /* KEY_M */, KeyEvent.VK_M);
        k("n", 49 /* KEY_N */, KeyEvent.VK_N);
        k("o", 24 /* KEY_O */, KeyEvent.VK_O);
        k("p", 25 /* KEY_P */, KeyEvent.VK_P);
        k("q", 16 /* KEY_Q */, KeyEvent.VK_Q);
        k("r", 19 /* KEY_R */, KeyEvent.VK_R);
        k("s", 31 /* KEY_S */, KeyEvent.VK_S);
        k("t", 20 /* KEY_T */, KeyEvent.VK_T);
        k("u", 22 /* KEY_U */, KeyEvent.VK_U);
        k("v", 47 /* KEY_V */, KeyEvent.VK_V);
        k("w", 17 /* KEY_W */, KeyEvent.VK_W);
        k("x", 45 /* KEY_X */, KeyEvent.VK_X);
        k("y", 21 /* KEY_Y */, KeyEvent.VK_Y);
        k("z", 44 /* KEY_Z */, KeyEvent.VK_Z);
        k("0", 11 /* KEY_0 */, KeyEvent.VK_0);
        k("1", 2 /* KEY_1 */, KeyEvent.VK_1);
        k("2", 3 /* KEY_2 */, KeyEvent.VK_2);
        k("3", 4 /* KEY_3 */, KeyEvent.VK_3);
        k("4", 5 /* KEY_4 */, KeyEvent.VK_4);
        k("5", 6 /* KEY_5 */, KeyEvent.VK_5);
        k("6", 7 /* KEY_6 */, KeyEvent.VK_6);
        k("7", 8 /* KEY_7 */, KeyEvent.VK_7);
        k("8", 9 /* KEY_8 */, KeyEvent.VK_8);
        k("9", 10 /* KEY_9 */, KeyEvent.VK_9);
        k("F1", 59 /* KEY_F1 */, KeyEvent.VK_F1);
        k("F2", 60 /* KEY_F2 */, KeyEvent.VK_F2);
        k("F3", 61 /* KEY_F3 */, KeyEvent.VK_F3);
        k("F4", 62 /* KEY_F4 */, KeyEvent.VK_F4);
        k("F5", 63 /* KEY_F5 */, KeyEvent.VK_F5);
        k("F6", 64 /* KEY_F6 */, KeyEvent.VK_F6);
        k("F7", 65 /* KEY_F7 */, KeyEvent.VK_F7);
        k("F8", 66 /* KEY_F8 */, KeyEvent.VK_F8);
        k("F9", 67 /* KEY_F9 */, KeyEvent.VK_F9);
        k("F10", 68 /* KEY_F10 */, KeyEvent.VK_F10);
        k("F11", 87 /* KEY_F11 */, KeyEvent.VK_F11);
        k("F12", 88 /* KEY_F12 */, KeyEvent.VK_F12);
        k("F13", 183 /* KEY_F13 */, KeyEvent.VK_F13);
        k("F14", 184 /* KEY_F14 */, KeyEvent.VK_F14);
        k("F15", 185 /* KEY_F15 */, KeyEvent.VK_F15);
        k("F16", 186 /* KEY_F16 */, KeyEvent.VK_F16);
        k("F17", 187 /* KEY_F17 */, KeyEvent.VK_F17);
        k("F18", 188 /* KEY_F18 */, KeyEvent.VK_F18);
        k("F19", 189 /* KEY_F19 */, KeyEvent.VK_F19);
        k("F20", 190 /* KEY_F20 */, KeyEvent.VK_F20);
        k("F21", 191 /* KEY_F21 */, KeyEvent.VK_F21);
        k("F22", 192 /* KEY_F22 */, KeyEvent.VK_F22);
        k("F23", 193 /* KEY_F23 */, KeyEvent.VK_F23);
        k("F24", 194 /* KEY_F24 */, KeyEvent.VK_F24);
        k("Escape", 1 /* KEY_ESC */, KeyEvent.VK_ESCAPE, "Esc");
        k("Return", 28 /* KEY_ENTER */, KeyEvent.VK_ENTER, "Enter");
        k("Tab", 15 /* KEY_TAB */, KeyEvent.VK_TAB);
        k("space", 57 /* KEY_SPACE */, KeyEvent.VK_SPACE);
        k("BackSpace", 14 /* KEY_BACKSPACE */, KeyEvent.VK_BACK_SPACE);
        k("Delete", 111 /* KEY_DELETE */, KeyEvent.VK_DELETE, "Del");
        k("Insert", 110 /* KEY_INSERT */, KeyEvent.VK_INSERT, "Ins");
        k("Home", 102 /* KEY_HOME */, KeyEvent.VK_HOME);
        k("End", 107 /* KEY_END */, KeyEvent.VK_END);
        k("Page_Up", 104 /* KEY_PAGEUP */, KeyEvent.VK_PAGE_UP, "PageUp", "Prior");
        k("Page_Down", 109 /* KEY_PAGEDOWN */, KeyEvent.VK_PAGE_DOWN, "PageDown", "Next");
        k("Left", 105 /* KEY_LEFT */, KeyEvent.VK_LEFT);
        k("Right", 106 /* KEY_RIGHT */, KeyEvent.VK_RIGHT);
        k("Up", 103 /* KEY_UP */, KeyEvent.VK_UP);
        k("Down", 108 /* KEY_DOWN */, KeyEvent.VK_DOWN);
        k("ctrl", 29 /* KEY_LEFTCTRL */, KeyEvent.VK_CONTROL, "Control", "Control_L", "ctrl_l", "lctrl");
        k("Control_R", 97 /* KEY_RIGHTCTRL */, NONE, "ctrl_r", "rctrl");
        k("shift", 42 /* KEY_LEFTSHIFT */, KeyEvent.VK_SHIFT, "Shift_L", "lshift");
        k("Shift_R", 54 /* KEY_RIGHTSHIFT */, NONE, "rshift");
        k("alt", 56 /* KEY_LEFTALT */, KeyEvent.VK_ALT, "Alt_L", "lalt", "option");
        k("altgr", 100 /* KEY_RIGHTALT */, KeyEvent.VK_ALT_GRAPH, "Alt_R", "ralt", "ISO_Level3_Shift");
        k("super", 125 /* KEY_LEFTMETA */, KeyEvent.VK_WINDOWS, "Super_L", "meta", "win", "cmd", "command", "logo");
        k("Super_R", 126 /* KEY_RIGHTMETA */, NONE);
        k("Menu", 127 /* KEY_COMPOSE */, KeyEvent.VK_CONTEXT_MENU, "ContextMenu", "Compose");
        k("Caps_Lock", 58 /* KEY_CAPSLOCK */, KeyEvent.VK_CAPS_LOCK, "CapsLock");
        k("Num_Lock", 69 /* KEY_NUMLOCK */, KeyEvent.VK_NUM_LOCK, "NumLock");
        k("Scroll_Lock", 70 /* KEY_SCROLLLOCK */, KeyEvent.VK_SCROLL_LOCK, "ScrollLock");
        k("Print", 99 /* KEY_SYSRQ */, KeyEvent.VK_PRINTSCREEN, "PrintScreen", "SysRq");
        k("Pause", 119 /* KEY_PAUSE */, KeyEvent.VK_PAUSE, "Break");
        k("minus", 12 /* KEY_MINUS */, KeyEvent.VK_MINUS, "-");
        k("equal", 13 /* KEY_EQUAL */, KeyEvent.VK_EQUALS, "=");
        k("bracketleft", 26 /* KEY_LEFTBRACE */, KeyEvent.VK_OPEN_BRACKET, "[");
        k("bracketright", 27 /* KEY_RIGHTBRACE */, KeyEvent.VK_CLOSE_BRACKET, "]");
        k("semicolon", 39 /* KEY_SEMICOLON */, KeyEvent.VK_SEMICOLON, ";");
        k("apostrophe", 40 /* KEY_APOSTROPHE */, KeyEvent.VK_QUOTE, "'");
        k("grave", 41 /* KEY_GRAVE */, KeyEvent.VK_BACK_QUOTE, "`");
        k("backslash", 43 /* KEY_BACKSLASH */, KeyEvent.VK_BACK_SLASH, "\\");
        k("comma", 51 /* KEY_COMMA */, KeyEvent.VK_COMMA, ",");
        k("period", 52 /* KEY_DOT */, KeyEvent.VK_PERIOD, ".");
        k("slash", 53 /* KEY_SLASH */, KeyEvent.VK_SLASH, "/");
        k("KP_0", 82 /* KEY_KP0 */, KeyEvent.VK_NUMPAD0);
        k("KP_1", 79 /* KEY_KP1 */, KeyEvent.VK_NUMPAD1);
        k("KP_2", 80 /* KEY_KP2 */, KeyEvent.VK_NUMPAD2);
        k("KP_3", 81 /* KEY_KP3 */, KeyEvent.VK_NUMPAD3);
        k("KP_4", 75 /* KEY_KP4 */, KeyEvent.VK_NUMPAD4);
        k("KP_5", 76 /* KEY_KP5 */, KeyEvent.VK_NUMPAD5);
        k("KP_6", 77 /* KEY_KP6 */, KeyEvent.VK_NUMPAD6);
        k("KP_7", 71 /* KEY_KP7 */, KeyEvent.VK_NUMPAD7);
        k("KP_8", 72 /* KEY_KP8 */, KeyEvent.VK_NUMPAD8);
        k("KP_9", 73 /* KEY_KP9 */, KeyEvent.VK_NUMPAD9);
        k("KP_Add", 78 /* KEY_KPPLUS */, KeyEvent.VK_ADD, "KP_Plus");
        k("KP_Subtract", 74 /* KEY_KPMINUS */, KeyEvent.VK_SUBTRACT, "KP_Minus");
        k("KP_Multiply", 55 /* KEY_KPASTERISK */, KeyEvent.VK_MULTIPLY);
        k("KP_Divide", 98 /* KEY_KPSLASH */, KeyEvent.VK_DIVIDE);
        k("KP_Decimal", 83 /* KEY_KPDOT */, KeyEvent.VK_DECIMAL);
        k("KP_Enter", 96 /* KEY_KPENTER */, NONE);
        k("XF86AudioRaiseVolume", 115 /* KEY_VOLUMEUP */, NONE, "VolumeUp");
        k("XF86AudioLowerVolume", 114 /* KEY_VOLUMEDOWN */, NONE, "VolumeDown");
        k("XF86AudioMute", 113 /* KEY_MUTE */, NONE, "Mute", "VolumeMute");
        k("XF86AudioMicMute", 248 /* KEY_MICMUTE */, NONE, "MicMute");
        k("XF86AudioPlay", 164 /* KEY_PLAYPAUSE */, NONE, "PlayPause", "MediaPlayPause");
        k("XF86AudioStop", 166 /* KEY_STOPCD */, NONE, "MediaStop");
        k("XF86AudioNext", 163 /* KEY_NEXTSONG */, NONE, "MediaNext", "NextTrack");
        k("XF86AudioPrev", 165 /* KEY_PREVIOUSSONG */, NONE, "MediaPrev", "MediaPrevious", "PrevTrack");
        k("XF86MonBrightnessUp", 225 /* KEY_BRIGHTNESSUP */, NONE, "BrightnessUp");
        k("XF86MonBrightnessDown", 224 /* KEY_BRIGHTNESSDOWN */, NONE, "BrightnessDown");
        k("XF86Back", 158 /* KEY_BACK */, NONE, "BrowserBack");
        k("XF86Forward", 159 /* KEY_FORWARD */, NONE, "BrowserForward");
        k("XF86Reload", 173 /* KEY_REFRESH */, NONE, "BrowserRefresh");
        k("XF86Search", 217 /* KEY_SEARCH */, NONE);
        k("XF86HomePage", 172 /* KEY_HOMEPAGE */, NONE, "BrowserHome");
        k("XF86Mail", 155 /* KEY_MAIL */, NONE);
        k("XF86Calculator", 140 /* KEY_CALC */, NONE);
        k("XF86ZoomIn", 418 /* KEY_ZOOMIN */, NONE);
        k("XF86ZoomOut", 419 /* KEY_ZOOMOUT */, NONE);
        k("XF86ScreenSaver", 152 /* KEY_SCREENLOCK */, NONE, "ScreenLock");
        k("XF86Sleep", 142 /* KEY_SLEEP */, NONE);
        k("XF86Copy", 133 /* KEY_COPY */, NONE);
        k("XF86Paste", 135 /* KEY_PASTE */, NONE);
        k("XF86Cut", 137 /* KEY_CUT */, NONE);
        k("Undo", 131 /* KEY_UNDO */, NONE);
        k("Redo", 182 /* KEY_REDO */, NONE);
        k("Find", 136 /* KEY_FIND */, NONE);
        k("Help", 138 /* KEY_HELP */, NONE);

        String lower = "abcdefghijklmnopqrstuvwxyz";
        for (char c : lower.toCharArray()) {
            chr(c, String.valueOf(c), false);
            chr(Character.toUpperCase(c), String.valueOf(c), true);
        }
        for (char c = '0'; c <= '9'; c++) chr(c, String.valueOf(c), false);
        String shiftedDigits = ")!@#$%^&*(";
        for (int i = 0; i < 10; i++) chr(shiftedDigits.charAt(i), String.valueOf(i), true);
        chr(' ', "space", false); chr('\n', "Return", false); chr('\t', "Tab", false);
        chr('-', "minus", false); chr('_', "minus", true);
        chr('=', "equal", false); chr('+', "equal", true);
        chr('[', "bracketleft", false); chr('{', "bracketleft", true);
        chr(']', "bracketright", false); chr('}', "bracketright", true);
        chr(';', "semicolon", false); chr(':', "semicolon", true);
        chr('\'', "apostrophe", false); chr('"', "apostrophe", true);
        chr('`', "grave", false); chr('~', "grave", true);
        chr('\\', "backslash", false); chr('|', "backslash", true);
        chr(',', "comma", false); chr('<', "comma", true);
        chr('.', "period", false); chr('>', "period", true);
        chr('/', "slash", false); chr('?', "slash", true);
    }

    private Keys() {}

    private static void k(String name, int linuxCode, int awtCode, String... aliases) {
        Key key = new Key(name, linuxCode, awtCode);
        CANONICAL.add(name);
        put(name, key);
        for (String a : aliases) put(a, key);
    }

    private static void put(String name, Key key) {
        Key old = BY_NAME.put(name.toLowerCase(Locale.ROOT), key);
        if (old != null) throw new IllegalStateException("duplicate key name " + name);
    }

    private static void chr(char c, String keyName, boolean shift) {
        BY_CHAR.put(c, new Stroke(find(keyName).orElseThrow(), shift));
    }

    static Optional<Key> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    static Key shift() {
        return find("shift").orElseThrow();
    }

    /** How to type {@code c} on a US layout, or null if it cannot be typed. */
    static Stroke forChar(char c) {
        return BY_CHAR.get(c);
    }

    /** The canonical names, in table order. */
    static List<String> canonicalNames() {
        return Collections.unmodifiableList(CANONICAL);
    }

    /** One line per key for {@code jesture daemon --list-keys}: name, aliases, Linux code, Robot support. */
    static List<String> table() {
        Map<Key, List<String>> aliases = new java.util.LinkedHashMap<>();
        for (String n : CANONICAL) aliases.put(BY_NAME.get(n.toLowerCase(Locale.ROOT)), new ArrayList<>());
        for (Map.Entry<String, Key> e : new java.util.TreeMap<>(BY_NAME).entrySet()) {
            if (!e.getKey().equalsIgnoreCase(e.getValue().name())) aliases.get(e.getValue()).add(e.getKey());
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<Key, List<String>> e : aliases.entrySet()) {
            Key k = e.getKey();
            out.add(String.format(Locale.ROOT, "%-22s %-5d %-6s %s", k.name(), k.linuxCode(), k.robotCan() ? "robot" : "-",
                    e.getValue().isEmpty() ? "" : "aliases: " + String.join(", ", e.getValue())));
        }
        return out;
    }

    /** Every accepted spelling, lower case. */
    static List<String> allNames() {
        return List.copyOf(BY_NAME.keySet());
    }
}
