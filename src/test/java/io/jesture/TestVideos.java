package io.jesture;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Writes real mp4 files with FFmpegFrameRecorder for tests. */
public final class TestVideos {
    public static final int[] GREY = {128, 128, 128};
    /** BGR. */
    public static final int[] RED = {0, 0, 255};
    /** BGR. */
    public static final int[] BLUE = {255, 0, 0};

    /** A run of frames of one colour. */
    public record Segment(int[] bgr, int frames) {}

    private TestVideos() {}

    /** The colour models in src/test/resources/models. */
    public static Path model(String name) {
        return Paths.get(System.getProperty("jesture.projectDir", "."), "src", "test", "resources", "models", name);
    }

    /** Writes solid-colour segments (solid, so the colour model sees a clean signal). */
    public static Path write(Path file, int width, int height, double fps, Segment... segments) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setVideoQuality(1); // near-lossless qscale, so colours survive
            r.setFrameRate(fps);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            for (Segment s : segments) {
                for (int i = 0; i < s.frames(); i++) {
                    for (int y = 0; y < height; y++) {
                        int row = y * frame.imageStride;
                        for (int x = 0; x < width; x++) {
                            buf.put(row + 3 * x, (byte) s.bgr()[0]);
                            buf.put(row + 3 * x + 1, (byte) s.bgr()[1]);
                            buf.put(row + 3 * x + 2, (byte) s.bgr()[2]);
                        }
                    }
                    r.record(frame, avutil.AV_PIX_FMT_BGR24);
                }
            }
            r.stop();
        }
        return file;
    }
}
