package io.jesture;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/** Writes real video files for tests: mp4 with FFmpegFrameRecorder, animated GIFs and JPEG frame folders with ImageIO. */
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
        return write(file, "mp4", avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P, width, height, fps, segments);
    }

    /** Solid-colour segments as MJPEG in an AVI file, what a USB camera sends: every frame decodes on its own. */
    public static Path writeMjpeg(Path file, int width, int height, double fps, Segment... segments) throws Exception {
        return write(file, "avi", avcodec.AV_CODEC_ID_MJPEG, avutil.AV_PIX_FMT_YUVJ420P, width, height, fps, segments);
    }

    private static Path write(Path file, String format, int codec, int pixelFormat, int width, int height, double fps,
                              Segment... segments) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            r.setFormat(format);
            r.setVideoCodec(codec);
            r.setVideoQuality(1); // near-lossless qscale, so colours survive
            r.setFrameRate(fps);
            r.setPixelFormat(pixelFormat);
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

    /** A solid BGR colour as an RGB image. */
    public static BufferedImage solid(int width, int height, int[] bgr) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int rgb = (bgr[2] << 16) | (bgr[1] << 8) | bgr[0];
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) img.setRGB(x, y, rgb);
        return img;
    }

    /** The frames of solid-colour segments, in order. */
    public static IntFunction<BufferedImage> solidFrames(int width, int height, Segment... segments) {
        List<int[]> colours = new ArrayList<>();
        for (Segment s : segments) for (int i = 0; i < s.frames(); i++) colours.add(s.bgr());
        return i -> solid(width, height, colours.get(i));
    }

    public static int frameCount(Segment... segments) {
        int n = 0;
        for (Segment s : segments) n += s.frames();
        return n;
    }

    /**
     * Writes an animated GIF with ImageIO, every frame shown for {@code delayCentiseconds} (the GIF
     * Graphic Control Extension's delay, 0 allowed).
     */
    public static Path writeGif(Path file, int frames, int delayCentiseconds, IntFunction<BufferedImage> frame) throws Exception {
        return writeGif(file, frames, i -> delayCentiseconds, frame);
    }

    /** Writes an animated GIF whose frame i is shown for {@code delays.applyAsInt(i)} centiseconds. */
    public static Path writeGif(Path file, int frames, java.util.function.IntUnaryOperator delays, IntFunction<BufferedImage> frame)
            throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage img = frame.apply(i);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", Integer.toString(delays.applyAsInt(i)));
                gce.setAttribute("transparentColorIndex", "0");
                for (int c = root.getLength() - 1; c >= 0; c--) {
                    if (root.item(c).getNodeName().equals("GraphicControlExtension")) root.removeChild(root.item(c));
                }
                root.appendChild(gce);
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(img, null, meta), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** The delay of every frame of a GIF file, in centiseconds, read from its bytes (GIF89a block structure). */
    public static List<Integer> gifDelays(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 13 || !new String(b, 0, 6, java.nio.charset.StandardCharsets.US_ASCII).startsWith("GIF8")) {
            throw new IllegalArgumentException(file + " is not a GIF");
        }
        int p = 13;
        if ((b[10] & 0x80) != 0) p += 3 << ((b[10] & 7) + 1); // global colour table
        List<Integer> delays = new ArrayList<>();
        while (p < b.length) {
            int block = b[p] & 0xff;
            if (block == 0x3B) break; // trailer
            if (block == 0x21) { // extension: label, then sub-blocks
                int label = b[p + 1] & 0xff;
                if (label == 0xF9) delays.add((b[p + 4] & 0xff) | (b[p + 5] & 0xff) << 8);
                p += 2;
                while ((b[p] & 0xff) != 0) p += (b[p] & 0xff) + 1;
                p++;
            } else if (block == 0x2C) { // image descriptor, local colour table, LZW code size, sub-blocks
                int packed = b[p + 9] & 0xff;
                p += 10;
                if ((packed & 0x80) != 0) p += 3 << ((packed & 7) + 1);
                p++;
                while ((b[p] & 0xff) != 0) p += (b[p] & 0xff) + 1;
                p++;
            } else {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: unexpected block 0x%02x at byte %d", file, block, p));
            }
        }
        return delays;
    }

    /** Writes {@code frames} JPEG frames in Jester's layout, {@code dir/00001.jpg ...} (quality 95). */
    public static Path writeFrames(Path dir, int frames, IntFunction<BufferedImage> frame) throws Exception {
        Files.createDirectories(dir);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            for (int i = 0; i < frames; i++) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.95f);
                try (ImageOutputStream out = ImageIO.createImageOutputStream(dir.resolve(String.format(Locale.ROOT, "%05d.jpg", i + 1)).toFile())) {
                    writer.setOutput(out);
                    writer.write(null, new IIOImage(frame.apply(i), null, null), param);
                }
            }
        } finally {
            writer.dispose();
        }
        return dir;
    }
}
