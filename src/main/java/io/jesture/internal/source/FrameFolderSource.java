package io.jesture.internal.source;

import io.jesture.InvalidInputException;
import io.jesture.FrameSource;
import io.jesture.SourceException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

/**
 * A folder of still frames in 20BN-Jester's layout ({@code 00001.jpg}, {@code 00002.jpg}, ...): every
 * {@code .jpg}, {@code .jpeg} or {@code .png} file in it, in name order, exactly the frames the training
 * pipeline reads (src/train/jesture_train/data.py, {@code list_frames}). Frame n is stamped
 * {@code n / fps}. Decoded with OpenCV's libjpeg-turbo, like the training side's PIL, with EXIF
 * orientation ignored as PIL does. A frame that does not decode fails {@link #read} naming the file.
 */
public final class FrameFolderSource implements FrameSource {
    /** Jester's frame rate, the default. */
    public static final double JESTER_FPS = 12;

    private final Path dir;
    private final double fps;
    private final boolean loop;
    private final FfmpegSource.Pace pace;
    private final Pacer pacer = new Pacer();
    private List<Path> frames = List.of();
    private Format format;
    private int next;
    private long emitted;
    /** Native buffers, allocated by open() and freed by close(): the file's bytes and the decoded frame. */
    private ByteBuffer file;
    private BytePointer filePointer;
    private Mat decoded;

    public FrameFolderSource(Path dir, double fps, boolean loop, FfmpegSource.Pace pace) {
        if (!(fps > 0) || !Double.isFinite(fps)) throw new InvalidInputException("fps must be > 0, was " + fps);
        this.dir = dir;
        this.fps = fps;
        this.loop = loop;
        this.pace = pace;
    }

    /** The frame files of a Jester-layout clip folder, in play order; empty if it has none. */
    public static List<Path> listFrames(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> isFrame(p.getFileName().toString()) && Files.isRegularFile(p)).forEach(out::add);
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    private static boolean isFrame(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    @Override
    public Format open() throws SourceException {
        if (!Files.isDirectory(dir)) {
            throw new SourceException("frame folder " + dir.toAbsolutePath() + " does not exist: a Jester-layout clip folder"
                    + " holds 00001.jpg, 00002.jpg, ...");
        }
        try {
            frames = listFrames(dir);
        } catch (IOException e) {
            throw new SourceException("cannot list frame folder " + dir + ": " + e.getMessage(), e);
        }
        if (frames.isEmpty()) {
            throw new SourceException("frame folder " + dir + " has no .jpg/.png frames: a Jester-layout clip folder holds"
                    + " 00001.jpg, 00002.jpg, ...");
        }
        close();
        NativeLibraries.await();
        next = 0;
        emitted = 0;
        file = ByteBuffer.allocateDirect(64 * 1024);
        filePointer = new BytePointer(file);
        decoded = new Mat();
        try {
            decode(frames.get(0));
        } catch (SourceException e) {
            close();
            throw e;
        }
        format = new Format(decoded.cols(), decoded.rows(), fps);
        pacer.restart();
        return format;
    }

    @Override
    public long read(byte[] bgr) throws SourceException {
        if (format == null) throw new SourceException(description() + " is not open");
        if (next == frames.size()) {
            if (!loop) return END_OF_STREAM;
            next = 0;
        }
        Path frame = frames.get(next++);
        decode(frame);
        if (decoded.cols() != format.width() || decoded.rows() != format.height()) {
            throw new SourceException(frame + " is " + decoded.cols() + "x" + decoded.rows() + " but the folder's first frame is "
                    + format.width() + "x" + format.height() + ": every frame of a clip must have one size");
        }
        decoded.data().get(bgr, 0, format.frameBytes());
        long ts = Math.round(emitted++ * 1e9 / fps);
        if (pace == FfmpegSource.Pace.REALTIME) pacer.await(ts);
        return ts;
    }

    /** Reads the file into a reused native buffer and decodes it into {@link #decoded} (reused as well). */
    private void decode(Path frame) throws SourceException {
        int length;
        try (FileChannel ch = FileChannel.open(frame, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) throw new SourceException(frame + " is too large for a video frame");
            if (size > file.capacity()) {
                filePointer.close();
                file = ByteBuffer.allocateDirect((int) Math.max(size, 2L * file.capacity()));
                filePointer = new BytePointer(file);
            }
            file.clear().limit((int) size);
            while (file.hasRemaining() && ch.read(file) >= 0) {
                // read until the whole file is in
            }
            length = file.position();
        } catch (IOException e) {
            throw new SourceException("cannot read frame " + frame + ": " + e.getMessage(), e);
        }
        // A header over the file's bytes (no copy); the decoded pixels go into the reused Mat. On failure
        // imdecode returns an empty Mat and leaves the previous frame in it, so the result is what counts.
        boolean ok;
        try (Mat encoded = new Mat(1, Math.max(1, length), CV_8UC1, filePointer);
             Mat result = imdecode(encoded, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION, decoded)) {
            ok = length > 0 && result != null && !result.empty();
        } catch (RuntimeException e) {
            throw new SourceException("frame " + frame + " does not decode: " + e.getMessage(), e);
        }
        if (!ok || decoded.empty() || decoded.type() != CV_8UC3) {
            throw new SourceException("frame " + frame + " does not decode as an image (" + length + " bytes): replace or"
                    + " remove it");
        }
    }

    @Override
    public String description() {
        return "frame folder " + dir + " @ " + FfmpegSource.fmt(fps) + " fps" + (loop ? " (looping)" : "");
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public void close() {
        format = null;
        if (decoded != null) decoded.close();
        if (filePointer != null) filePointer.close();
        decoded = null;
        filePointer = null;
        file = null;
    }
}
