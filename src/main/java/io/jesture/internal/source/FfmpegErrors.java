package io.jesture.internal.source;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts an FFmpeg failure in plain words. JavaCV reports {@code avformat_open_input() error -1094995529:
 * Could not open input "x". (Has setFormat() been called?)}: the number is an FFmpeg error code (a
 * negated errno, or a four-letter tag), and the advice in brackets is about JavaCV's own API, not the
 * user's file. This turns code, FFmpeg's last logged line and how long the call took into what
 * happened and what to do.
 */
final class FfmpegErrors {
    private static final Pattern CODE = Pattern.compile("error (-?\\d+)");

    static final int EOF = tag('E', 'O', 'F', ' ');
    static final int INVALID_DATA = tag('I', 'N', 'D', 'A');
    static final int PROTOCOL_NOT_FOUND = tag(0xF8, 'P', 'R', 'O');
    static final int DEMUXER_NOT_FOUND = tag(0xF8, 'D', 'E', 'M');
    static final int DECODER_NOT_FOUND = tag(0xF8, 'D', 'E', 'C');
    static final int STREAM_NOT_FOUND = tag(0xF8, 'S', 'T', 'R');
    static final int HTTP_BAD_REQUEST = tag(0xF8, '4', '0', '0');
    static final int HTTP_UNAUTHORIZED = tag(0xF8, '4', '0', '1');
    static final int HTTP_FORBIDDEN = tag(0xF8, '4', '0', '3');
    static final int HTTP_NOT_FOUND = tag(0xF8, '4', '0', '4');
    static final int HTTP_OTHER_4XX = tag(0xF8, '4', 'X', 'X');
    static final int HTTP_SERVER_ERROR = tag(0xF8, '5', 'X', 'X');

    // errno values as FFmpeg returns them (AVERROR(e) = -e), Linux numbering
    static final int ENOENT = -2;
    static final int EIO = -5;
    static final int EACCES = -13;
    static final int EBUSY = -16;
    static final int ENODEV = -19;
    static final int ENETUNREACH = -101;
    static final int ECONNRESET = -104;
    static final int ETIMEDOUT = -110;
    static final int ECONNREFUSED = -111;
    static final int EHOSTUNREACH = -113;

    private FfmpegErrors() {}

    /** FFmpeg's FFERRTAG: a negated little-endian four-character code. */
    private static int tag(int a, int b, int c, int d) {
        return -(a | (b << 8) | (c << 16) | (d << 24));
    }

    /** The FFmpeg error code in a JavaCV exception message, or 0 if it names none. */
    static int code(String javacvMessage) {
        if (javacvMessage == null) return 0;
        Matcher m = CODE.matcher(javacvMessage);
        if (!m.find()) return 0;
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Why a video file did not open, and the fix.
     *
     * @param file     the path as given
     * @param code     FFmpeg's error code (0 if unknown)
     * @param lastLog  FFmpeg's last error line on this thread, or null
     */
    static String file(String file, int code, String lastLog) {
        String check = "; check it with 'ffprobe " + file + "', or record or copy it again";
        if (lastLog != null && lastLog.contains("moov atom not found") && startsLikeMp4(file)) {
            return "video file " + file + " is not a complete video: its MP4 index is missing, as when"
                    + " a recording is cut short or still being written" + check;
        }
        if (code == INVALID_DATA || code == DEMUXER_NOT_FOUND || code == EOF) {
            return "video file " + file + " is not a video FFmpeg can read (it is damaged, cut short, or another kind of file)"
                    + check;
        }
        if (code == DECODER_NOT_FOUND) {
            return "video file " + file + " uses a video codec the FFmpeg inside jesture cannot decode"
                    + " (" + (lastLog != null ? lastLog : "no decoder") + "): convert it, e.g. 'ffmpeg -i " + file + " -c:v mpeg4 out.mp4'";
        }
        if (code == EACCES) return "video file " + file + " cannot be read (permission denied): check its permissions";
        if (code == ENOENT) return "video file " + file + " does not exist: check the path";
        if (code == EIO) return "video file " + file + " cannot be read (input/output error): check the disk or copy it again";
        return "cannot open video file " + file + ": " + words(code, lastLog) + check;
    }

    /** Whether the file begins with an MP4/QuickTime 'ftyp' box: then a missing index means a cut-off recording, not a wrong file. */
    private static boolean startsLikeMp4(String file) {
        byte[] head = new byte[8];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))) {
            if (in.readNBytes(head, 0, 8) < 8) return false;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        return head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p';
    }

    /**
     * Why a network stream did not open, and the fix.
     *
     * @param elapsedNanos  how long the open took: some protocols (RTSP) report a timeout as invalid data
     * @param timeoutMillis the read timeout that was set, 0 for none
     */
    static String stream(String url, int code, String lastLog, long elapsedNanos, int timeoutMillis) {
        String check = "check the address and that the camera is on";
        boolean slow = timeoutMillis > 0 && elapsedNanos >= timeoutMillis * 1_000_000L * 9 / 10;
        if (code == ETIMEDOUT || (slow && lastLog == null && (code == INVALID_DATA || code == EIO || code == EOF))) {
            return url + ": no answer within " + seconds(timeoutMillis) + " (network timeout); " + check
                    + " (watchdog-timeout sets how long to wait)";
        }
        if (lastLog != null && lastLog.contains("Failed to resolve hostname")) {
            return url + ": the host name is not known (DNS lookup failed); check the address, or use the camera's IP address";
        }
        if (code == ECONNREFUSED) return url + ": connection refused; check the address and port, and that the camera's stream is on";
        if (code == EHOSTUNREACH || code == ENETUNREACH) return url + ": the host cannot be reached; check the network and the address";
        if (code == ECONNRESET) return url + ": the connection was closed by the other side; check the address and that the camera is on";
        if (code == HTTP_UNAUTHORIZED) return url + ": the server asks for a login (401); put user:password@ before the host in the URL";
        if (code == HTTP_FORBIDDEN) return url + ": the server refuses access (403); check the user, password and path";
        if (code == HTTP_NOT_FOUND) return url + ": the server has no such stream (404); check the path in the URL";
        if (code == HTTP_BAD_REQUEST || code == HTTP_OTHER_4XX) return url + ": the server rejected the request (4xx); check the URL";
        if (code == HTTP_SERVER_ERROR) return url + ": the server failed (5xx); check the camera or server";
        if (code == PROTOCOL_NOT_FOUND) return url + ": the FFmpeg inside jesture does not speak this protocol; use rtsp://, http(s)://, udp:// or tcp://";
        if (code == INVALID_DATA) return url + ": the answer is not a video stream jesture can read; check the URL and the stream's format";
        return "cannot open stream " + url + ": " + words(code, lastLog) + "; " + check;
    }

    /** Why a camera did not open, and the fix. */
    static String camera(String device, int code, String lastLog) {
        if (code == EBUSY) return "camera " + device + " is busy: close the other program using it (e.g. 'fuser " + device + "')";
        if (code == EACCES) return "camera " + device + " cannot be opened (permission denied): add yourself to the 'video' group";
        if (code == ENODEV || code == ENOENT) return "camera " + device + " is gone: plug it in again, or pass another one, e.g. --source camera:1";
        return "cannot open camera " + device + ": " + words(code, lastLog)
                + " (is another program using the camera? check its permissions, e.g. 'v4l2-ctl --list-devices')";
    }

    /** FFmpeg's last line if it logged one, else the error code's meaning. */
    private static String words(int code, String lastLog) {
        if (lastLog != null) return lastLog;
        if (code == 0) return "FFmpeg gave no reason";
        try (BytePointer buf = new BytePointer(256)) {
            if (avutil.av_strerror(code, buf, 256) == 0) return buf.getString();
        } catch (RuntimeException | LinkageError e) {
            // FFmpeg not loaded: the number will have to do
        }
        return String.format(Locale.ROOT, "FFmpeg error %d", code);
    }

    static String seconds(int millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
