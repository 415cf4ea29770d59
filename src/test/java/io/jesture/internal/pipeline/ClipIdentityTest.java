package io.jesture.internal.pipeline;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.jesture.FrameSource;
import io.jesture.ModelInfo;
import io.jesture.internal.source.FfmpegSource;
import io.jesture.synth.SyntheticSource;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembler preprocesses only the frames a model tick takes, and keeps the newest frame's pixels
 * until the next frame decides; its clips must be byte for byte those of {@link ReferenceClipAssembler},
 * which preprocesses every frame on arrival. Frames come from a video file written here at 30 fps and
 * decoded by FFmpeg, from the synthetic world, and from irregular timestamps (jitter, stalls, a gap,
 * a repeated stamp, a size change), through all three ways in: {@code onFrame} (copies),
 * {@code onFrameSwap} (keeps the caller's array) and the real ring and clip stage.
 */
@Timeout(120)
class ClipIdentityTest {
    /** The shipped model's contract: 16 frames of 64x88 at 6 fps, RGB, ImageNet-like mean/std. */
    static final ModelInfo SIX_FPS = model(16, 64, 88, 6);
    /** What classify runs: stride 1, and a 12 fps model (2.5 source frames per tick at 30 fps). */
    static final ModelInfo TWELVE_FPS = model(8, 32, 48, 12);

    @TempDir
    static Path dir;
    static List<Recorded> video;
    static List<Recorded> synthetic;

    static ModelInfo model(int t, int h, int w, double fps) {
        return new ModelInfo(Path.of("test.onnx"), "1", List.of("a", "b"), List.of("b"), t, h, w, fps, "RGB",
                new float[] {0.43f, 0.4f, 0.38f}, new float[] {0.23f, 0.22f, 0.22f}, "cover_center_crop", "test", "test", "{}", 0, 0,
                Map.of());
    }

    /** One source frame: pixels, size and timestamp. */
    record Recorded(byte[] bgr, int width, int height, long nanos) {}

    @BeforeAll
    static void recordSources() throws Exception {
        Path file = writeTexturedVideo(dir.resolve("moving.mp4"), 640, 480, 30, 150);
        video = read(FfmpegSource.file(file, false, FfmpegSource.Pace.FAST), 1000);
        synthetic = read(SyntheticSource.parse("synthetic:seed=3,size=320x240,fps=30,pace=fast,gestures=1"), 100);
        assertEquals(150, video.size());
        assertEquals(100, synthetic.size());
    }

    @Test
    void videoFileClipsAreByteIdenticalByEveryPath() throws Exception {
        checkAllPaths(video, SIX_FPS, 4);
        checkAllPaths(video, TWELVE_FPS, 1);
    }

    @Test
    void syntheticClipsAreByteIdenticalByEveryPath() throws Exception {
        checkAllPaths(synthetic, SIX_FPS, 2);
        checkAllPaths(synthetic, TWELVE_FPS, 1);
    }

    @Test
    void irregularTimestampsGiveByteIdenticalClips() throws Exception {
        List<Recorded> frames = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(11);
        long t = 1_000_000_000L;
        for (int i = 0; i < 260; i++) {
            Recorded src = video.get(i % video.size());
            if (i == 200) {
                // A different frame size (a reopened camera): the assembler starts afresh.
                byte[] small = new byte[320 * 240 * 3];
                r.nextBytes(small);
                src = new Recorded(small, 320, 240, 0);
            }
            if (i > 200) src = new Recorded(frames.get(200).bgr(), 320, 240, 0);
            if (i == 60) t += 700_000_000L;             // a stall: older frames repeat across ticks
            else if (i == 120) t += 5_000_000_000L;     // a gap: a new window
            else if (i == 150) t += 0;                  // a repeated stamp: ignored by both
            else t += 33_333_333L + r.nextLong(-12_000_000L, 12_000_001L);
            if (i % 17 == 0) t += 150_000_000L;          // dropped frames
            frames.add(new Recorded(src.bgr(), src.width(), src.height(), t));
        }
        checkAllPaths(frames, SIX_FPS, 4);
        checkAllPaths(frames, TWELVE_FPS, 1);
        checkAllPaths(frames, model(4, 16, 16, 30), 1); // a model faster than the source: frames repeat
    }

    @Test
    void aStreamShorterThanOneClipIsPaddedIdentically() throws Exception {
        checkAllPaths(video.subList(0, 7), SIX_FPS, 4);
        checkAllPaths(video.subList(0, 1), TWELVE_FPS, 1);
    }

    @Test
    void onlyTheFramesTicksTakeArePreprocessed() throws Exception {
        RecordingSink sink = new RecordingSink(SIX_FPS);
        try (ClipAssembler a = new ClipAssembler(SIX_FPS, 4, sink)) {
            for (Recorded f : video) a.onFrame(f.bgr(), f.width(), f.height(), f.nanos(), 0);
            a.onEndOfStream();
            // 150 frames at 30 fps = 5 s; at 6 fps that is 30 ticks (one in five frames), plus the final one.
            assertTrue(a.framesPreprocessed() <= 31, "preprocessed " + a.framesPreprocessed() + " of 150 frames");
        }
    }

    /** The reference's clips, then the assembler's by each way in; all must be equal to the byte. */
    static void checkAllPaths(List<Recorded> frames, ModelInfo model, int stride) throws Exception {
        List<byte[]> expected = reference(frames, model, stride);
        assertTrue(!expected.isEmpty());
        assertClipsEqual(expected, viaOnFrame(frames, model, stride), "onFrame");
        assertClipsEqual(expected, viaSwap(frames, model, stride), "onFrameSwap");
        assertClipsEqual(expected, viaRing(frames, model, stride), "ring + ClipStage");
    }

    static void assertClipsEqual(List<byte[]> expected, List<byte[]> actual, String path) {
        assertEquals(expected.size(), actual.size(), path + ": clip count");
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i), path + ": clip " + i);
    }

    static List<byte[]> reference(List<Recorded> frames, ModelInfo model, int stride) throws Exception {
        RecordingSink sink = new RecordingSink(model);
        try (ReferenceClipAssembler a = new ReferenceClipAssembler(model, stride, sink)) {
            for (Recorded f : frames) a.onFrame(f.bgr(), f.width(), f.height(), f.nanos(), f.nanos() + 1);
            a.onEndOfStream();
        }
        return sink.clips;
    }

    static List<byte[]> viaOnFrame(List<Recorded> frames, ModelInfo model, int stride) throws Exception {
        RecordingSink sink = new RecordingSink(model);
        byte[] buffer = new byte[0];
        try (ClipAssembler a = new ClipAssembler(model, stride, sink)) {
            for (Recorded f : frames) {
                // One reused buffer, as a decoder fills it: the assembler must copy what it keeps.
                if (buffer.length != f.bgr().length) buffer = new byte[f.bgr().length];
                System.arraycopy(f.bgr(), 0, buffer, 0, buffer.length);
                a.onFrame(buffer, f.width(), f.height(), f.nanos(), f.nanos() + 1);
                Arrays.fill(buffer, (byte) 0x5a);
            }
            a.onEndOfStream();
        }
        return sink.clips;
    }

    static List<byte[]> viaSwap(List<Recorded> frames, ModelInfo model, int stride) throws Exception {
        RecordingSink sink = new RecordingSink(model);
        byte[] buffer = new byte[0];
        try (ClipAssembler a = new ClipAssembler(model, stride, sink)) {
            for (Recorded f : frames) {
                if (buffer.length < f.bgr().length) buffer = new byte[f.bgr().length];
                System.arraycopy(f.bgr(), 0, buffer, 0, f.bgr().length);
                buffer = a.onFrameSwap(buffer, f.width(), f.height(), f.nanos(), f.nanos() + 1);
                // The returned array is the caller's now: scribbling on it must not change any clip.
                Arrays.fill(buffer, (byte) 0xa5);
            }
            a.onEndOfStream();
        }
        return sink.clips;
    }

    /** Through a real Disruptor ring of 4 slots and the pipeline's clip stage, the test thread capturing. */
    static List<byte[]> viaRing(List<Recorded> frames, ModelInfo model, int stride) throws Exception {
        RecordingSink sink = new RecordingSink(model);
        ClipAssembler a = new ClipAssembler(model, stride, sink);
        AtomicLong dropped = new AtomicLong();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        ListenerDispatch dispatch = new ListenerDispatch(List.of(), (where, e) -> errors.add(e), true, dropped);
        RingBuffer<FrameSlot> ring = RingBuffer.createSingleProducer(FrameSlot::new, 4, new BlockingWaitStrategy());
        ClipStage stage = new ClipStage(a, dispatch);
        BatchEventProcessor<FrameSlot> processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), stage);
        processor.setExceptionHandler(stage);
        ring.addGatingSequences(processor.getSequence());
        Thread clips = new Thread(processor, "test-clips");
        clips.start();
        try {
            for (Recorded f : frames) {
                long seq = ring.next();
                FrameSlot slot = ring.get(seq);
                byte[] dst = slot.ensure(new FrameSource.Format(f.width(), f.height(), 30));
                System.arraycopy(f.bgr(), 0, dst, 0, f.bgr().length);
                slot.kind = FrameSlot.Kind.FRAME;
                slot.timestampNanos = f.nanos();
                slot.arrivalNanos = f.nanos() + 1;
                ring.publish(seq);
            }
            long seq = ring.next();
            ring.get(seq).kind = FrameSlot.Kind.END_OF_STREAM;
            ring.publish(seq);
            assertTrue(sink.ended.await(60, TimeUnit.SECONDS), "end of stream reached the sink");
        } finally {
            processor.halt();
            clips.join(10_000);
            a.close();
            dispatch.close();
        }
        if (!errors.isEmpty()) throw new AssertionError(errors.get(0));
        return sink.clips;
    }

    /**
     * Keeps every clip as bytes: the float bits, then frame times, indices and (unless left out, for
     * runs whose arrival times differ) the arrival time.
     */
    static final class RecordingSink implements ClipSink {
        final List<byte[]> clips = new ArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final Clip clip;
        private final boolean withArrival;

        RecordingSink(ModelInfo m) {
            this(m, true);
        }

        RecordingSink(ModelInfo m, boolean withArrival) {
            clip = new Clip(m.clipLength(), 3 * m.frameHeight() * m.frameWidth());
            this.withArrival = withArrival;
        }

        @Override
        public Clip writable() {
            return clip;
        }

        @Override
        public boolean publish() {
            int t = clip.frameNanos.length;
            ByteBuffer b = ByteBuffer.allocate(clip.data.length * 4 + t * 16 + (withArrival ? 8 : 0));
            for (float v : clip.data) b.putInt(Float.floatToRawIntBits(v));
            for (int i = 0; i < t; i++) b.putLong(clip.frameNanos[i]).putLong(clip.frameIndex[i]);
            if (withArrival) b.putLong(clip.arrivalNanos);
            clips.add(b.array());
            return true;
        }

        @Override
        public void endOfStream() {
            ended.countDown();
        }
    }

    static List<Recorded> read(FrameSource source, int max) throws Exception {
        List<Recorded> out = new ArrayList<>();
        try (source) {
            FrameSource.Format f = source.open();
            for (int i = 0; i < max; i++) {
                byte[] bgr = new byte[f.frameBytes()];
                long ts = source.read(bgr);
                if (ts == FrameSource.END_OF_STREAM) break;
                out.add(new Recorded(bgr, f.width(), f.height(), ts));
            }
        }
        return out;
    }

    /** Frame {@code i} of a moving gradient with fine noise, as BGR into {@code frame}. */
    static void paintTexture(Frame frame, int i, SplittableRandom r) {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        for (int y = 0; y < frame.imageHeight; y++) {
            int row = y * frame.imageStride;
            for (int x = 0; x < frame.imageWidth; x++) {
                int n = r.nextInt(24);
                buf.put(row + 3 * x, (byte) ((x + 7 * i) + n));
                buf.put(row + 3 * x + 1, (byte) ((y + 3 * i) + n));
                buf.put(row + 3 * x + 2, (byte) ((x + y + 11 * i) / 2 + n));
            }
        }
    }

    /** A moving gradient with fine noise, so neighbouring frames differ and every pixel matters. */
    static Path writeTexturedVideo(Path file, int width, int height, double fps, int frames) throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setVideoQuality(2);
            rec.setFrameRate(fps);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < frames; i++) {
                paintTexture(frame, i, r);
                rec.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }
}
