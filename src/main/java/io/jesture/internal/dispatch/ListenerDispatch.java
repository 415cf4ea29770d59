package io.jesture.internal.dispatch;

import io.jesture.ErrorListener;
import io.jesture.FrameSource;
import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.PipelineStatus;
import io.jesture.ScoreUpdate;

import java.util.List;

/**
 * Calls every listener, each call guarded: a listener that throws is reported to the error listener
 * (where = {@code "listener"}) and the others still get the call. Thread-safe if the listeners are.
 */
public final class ListenerDispatch {
    private final GestureListener[] listeners;
    private final ErrorListener errors;

    public ListenerDispatch(List<GestureListener> listeners, ErrorListener errors) {
        this.listeners = listeners.toArray(GestureListener[]::new);
        this.errors = errors;
    }

    public void gesture(GestureEvent event) {
        for (GestureListener l : listeners) {
            try {
                l.onGesture(event);
            } catch (Throwable t) {
                listenerFailed(t);
            }
        }
    }

    public void scores(ScoreUpdate scores) {
        for (GestureListener l : listeners) {
            try {
                l.onScores(scores);
            } catch (Throwable t) {
                listenerFailed(t);
            }
        }
    }

    public void frame(byte[] bgr, FrameSource.Format format, long timestampNanos) {
        for (GestureListener l : listeners) {
            try {
                l.onFrame(bgr, format, timestampNanos);
            } catch (Throwable t) {
                listenerFailed(t);
            }
        }
    }

    public void status(PipelineStatus status) {
        for (GestureListener l : listeners) {
            try {
                l.onStatus(status);
            } catch (Throwable t) {
                listenerFailed(t);
            }
        }
    }

    private void listenerFailed(Throwable t) {
        if (t instanceof VirtualMachineError) throw (VirtualMachineError) t;
        error("listener", t);
    }

    /** Reports a survived failure; an error listener that throws falls back to logging. */
    public void error(String where, Throwable t) {
        try {
            errors.onError(where, t);
        } catch (Throwable e) {
            ErrorListener.LOGGING.onError(where, t);
            ErrorListener.LOGGING.onError("error listener", e);
        }
    }
}
