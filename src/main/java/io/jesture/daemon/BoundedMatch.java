package io.jesture.daemon;

import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a config pattern over text that someone else controls (a window title is whatever a web page
 * says) within a time budget. Java's backtracking matcher can take exponential time, or overflow the
 * stack, on a badly written pattern; the config check refuses the common cause (a repeated group
 * that contains a repeat), and this bounds whatever gets past it. A match that runs out of time or
 * stack counts as "no match", so a hostile title can at worst keep a profile from applying.
 */
final class BoundedMatch {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedMatch.class);
    /** Per pattern and text: far above any sane title pattern (microseconds), far below a noticeable delay. */
    static final long BUDGET_NANOS = 50_000_000L;
    /** How often charAt looks at the clock: System.nanoTime() costs about as much as a hundred charAt calls. */
    private static final int CHECK_EVERY = 1024;

    private BoundedMatch() {}

    /** Thrown from charAt to abandon a match; preallocated and without a stack trace, as it is only a signal. */
    private static final class OutOfTime extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfTime() {
            super("pattern out of time", null, false, false);
        }
    }

    private static final OutOfTime OUT_OF_TIME = new OutOfTime();

    /** The text, with a clock: the matcher reads every character through {@link #charAt}. */
    private static final class Deadline implements CharSequence {
        private final String text;
        private final int offset;
        private final int length;
        private final long deadlineNanos;
        private int reads;

        Deadline(String text, int offset, int length, long deadlineNanos) {
            this.text = text;
            this.offset = offset;
            this.length = length;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            if (++reads % CHECK_EVERY == 0 && System.nanoTime() - deadlineNanos > 0) throw OUT_OF_TIME;
            return text.charAt(offset + index);
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text, offset + start, end - start, deadlineNanos);
        }

        @Override
        public String toString() {
            return text.substring(offset, offset + length);
        }
    }

    /**
     * {@code pattern.matcher(text).find()}, given at most {@link #BUDGET_NANOS}.
     *
     * @param what names the pattern in the warning, e.g. {@code profile 'web' title}
     * @return whether it matched; false if it ran out of time or stack (logged)
     */
    static boolean find(Pattern pattern, String text, String what) {
        try {
            return pattern.matcher(new Deadline(text, 0, text.length(), System.nanoTime() + BUDGET_NANOS)).find();
        } catch (OutOfTime e) {
            LOG.warn("{} pattern '{}' gave up after {} ms on a text of {} characters; it counts as not matching (simplify the pattern)",
                    what, pattern.pattern(), BUDGET_NANOS / 1_000_000, text.length());
            return false;
        } catch (StackOverflowError e) {
            LOG.warn("{} pattern '{}' ran out of stack on a text of {} characters; it counts as not matching (avoid alternatives inside a repeat, e.g. (a|ab)+)",
                    what, pattern.pattern(), text.length());
            return false;
        }
    }
}
