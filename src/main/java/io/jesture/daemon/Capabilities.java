package io.jesture.daemon;

import io.jesture.daemon.Keys.Key;

/**
 * What an input backend can send. The config is checked against the chosen backend at startup and on
 * every reload, so that a mapping the backend cannot perform is an error up front rather than a
 * silent no-op in the middle of a talk.
 */
interface Capabilities {
    /** Everything: used to validate a config without a backend ({@code --check}). */
    Capabilities ANY = new Capabilities() {
        @Override public String backendName() { return "any"; }
        @Override public String whyNot(Key key) { return null; }
        @Override public String whyNoAbsoluteMove() { return null; }
        @Override public String whyNoHorizontalScroll() { return null; }
    };

    String backendName();

    /** Null if the backend can press {@code key}, else the reason and the fix. */
    String whyNot(Key key);

    /** Null if the backend can move the pointer to absolute coordinates, else the reason and the fix. */
    String whyNoAbsoluteMove();

    /** Null if the backend can scroll left and right, else the reason and the fix. */
    String whyNoHorizontalScroll();
}
