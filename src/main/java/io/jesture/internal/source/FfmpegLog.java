package io.jesture.internal.source;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's own log, kept off the terminal. FFmpeg writes its complaints ("moov atom not found",
 * "partial file", "ac-tex damaged") to stderr by default; jesture says what went wrong in its own one
 * line instead, and uses the last complaint to choose the words. With {@code --verbose} the lines are
 * echoed to stderr as well, prefixed {@code ffmpeg:}.
 *
 * <p>The callback keeps the last error-level line of each thread: FFmpeg logs on the thread that
 * called it (open and demuxing run on the caller; only frame-threaded decoding logs elsewhere).
 */
public final class FfmpegLog {
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
    private static volatile boolean echo;
    /** Not loaded before {@link #install()}: its class loads FFmpeg, which only a thread that awaited the preload may do. */
    private static Callback installed;

    private FfmpegLog() {}

    /**
     * Whether FFmpeg's lines also go to stderr (the CLI's {@code --verbose}); takes effect at once if
     * FFmpeg is loaded, else when it is.
     */
    public static synchronized void echo(boolean on) {
        echo = on;
        if (installed != null) avutil.av_log_set_level(level());
    }

    /** Once, after FFmpeg's libraries are loaded ({@link NativeLibraries#await()}); later calls do nothing. */
    public static synchronized void install() {
        if (installed != null) return;
        Callback cb = new Callback();
        cb.retainReference(); // FFmpeg holds the function pointer for the life of the process
        avutil.av_log_set_level(level());
        avutil.setLogCallback(cb);
        installed = cb;
    }

    /** Errors always reach the callback (to be remembered); warnings too when echoing. */
    private static int level() {
        return echo ? avutil.AV_LOG_WARNING : avutil.AV_LOG_ERROR;
    }

    /** Forgets this thread's last error line: call before an FFmpeg call whose failure you will explain. */
    static void clearLastError() {
        LAST_ERROR.remove();
    }

    /** The last error line FFmpeg logged on this thread since {@link #clearLastError()}, without its {@code [demuxer @ 0x..]} prefix; or null. */
    static String lastError() {
        return LAST_ERROR.get();
    }

    private static final class Callback extends LogCallback {
        @Override
        public void call(int level, BytePointer msg) {
            if (msg == null || msg.isNull()) return;
            String line = msg.getString().strip();
            if (line.isEmpty()) return;
            if (level <= avutil.AV_LOG_ERROR) LAST_ERROR.set(withoutContext(line));
            if (echo) System.err.println("ffmpeg: " + line);
        }
    }

    /** {@code [mov,mp4,m4a,3gp,3g2,mj2 @ 0x7f..] moov atom not found} → {@code moov atom not found}. */
    static String withoutContext(String line) {
        if (line.startsWith("[")) {
            int close = line.indexOf("] ");
            if (close > 0 && line.lastIndexOf(" @ 0x", close) > 0) return line.substring(close + 2).strip();
        }
        return line;
    }
}
