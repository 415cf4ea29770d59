package io.jesture.internal.pipeline;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.jesture.FrameSource;
import io.jesture.ModelInfo;
import io.jesture.internal.source.FfmpegSource;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A video whose frames decode on their own (MJPEG, raw video) is decoded only where a model tick takes
 * a frame; every clip must stay byte for byte what decoding every frame gives. Each file, written here,
 * runs through the real capture loop, ring, clip stage and assembler twice, with the source decoding
 * only the frames taken and decoding every frame, at the source's size and near the model's: MJPEG at a
 * steady 30 fps, MJPEG with irregular timestamps (jitter, a stall, dropped frames, a gap that starts a
 * new window), and raw YUYV video. An inter-coded video keeps decoding every frame.
 */
@Timeout(300)
class SkipDecodeIdentityTest {
    static final ModelInfo SIX_FPS = ClipIdentityTest.SIX_FPS;
    static final ModelInfo TWELVE_FPS = ClipIdentityTest.TWELVE_FPS;

    @TempDir
    static Path dir;
    static Path mjpeg;
    static Path irregular;
    static long[] irregularMicros;
    static Path raw;
    static Path mpeg4;

    @BeforeAll
    static void writeVideos() throws Exception {
        mjpeg = write(dir.resolve("steady.avi"), "avi", avcodec.AV_CODEC_ID_MJPEG, avutil.AV_PIX_FMT_YUVJ420P, 640, 480, null, 150);
        irregularMicros = new long[200];
        SplittableRandom r = new SplittableRandom(17);
        long t = 0;
        for (int i = 0; i < irregularMicros.length; i++) {
            if (i == 50) t += 700_000;                  // a stall: a tick lands between two far-apart frames
            else if (i == 110) t += 4_000_000;          // a gap: a new window
            else if (i > 0) t += 33_333 + r.nextLong(-12_000, 12_001);
            if (i % 17 == 16) t += 150_000;             // dropped frames
            irregularMicros[i] = t;
        }
        irregular = write(dir.resolve("irregular.mkv"), "matroska", avcodec.AV_CODEC_ID_MJPEG, avutil.AV_PIX_FMT_YUVJ420P, 320, 240,
                irregularMicros, irregularMicros.length);
        raw = write(dir.resolve("yuyv.avi"), "avi", avcodec.AV_CODEC_ID_RAWVIDEO, avutil.AV_PIX_FMT_YUYV422, 320, 240, null, 90);
        mpeg4 = write(dir.resolve("inter.mp4"), "mp4", avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P, 320, 240, null, 60);
    }

    @Test
    void mjpegClipsAreByteIdenticalWhenOnlyTakenFramesAreDecoded() throws Exception {
        for (FfmpegSource.Decode decode : new FfmpegSource.Decode[] {FfmpegSource.Decode.FULL, FfmpegSource.Decode.SMALL}) {
            Run six = compare(mjpeg, decode, SIX_FPS, 4);
            // 150 frames at 30 fps, 5 s: 30 ticks at 6 fps take one frame in five, plus the last frame.
            assertTrue(six.decoded <= 32, decode + ": decoded " + six.decoded + " of " + six.captured);
            compare(mjpeg, decode, TWELVE_FPS, 1);
        }
    }

    @Test
    void irregularTimestampsGiveByteIdenticalClips() throws Exception {
        // The container keeps the irregular times (to the millisecond), so the stall, drops and gap are there.
        List<Long> times = timestamps(irregular);
        assertEquals(irregularMicros.length, times.size());
        for (int i = 0; i < times.size(); i++) {
            assertEquals(Math.round(irregularMicros[i] / 1000.0), (times.get(i) - times.get(0)) / 1_000_000, "frame " + i + " time");
        }
        compare(irregular, FfmpegSource.Decode.FULL, SIX_FPS, 4);
        compare(irregular, FfmpegSource.Decode.SMALL, TWELVE_FPS, 1);
        compare(irregular, FfmpegSource.Decode.FULL, ClipIdentityTest.model(4, 16, 16, 30), 1); // faster than the source
    }

    @Test
    void rawVideoClipsAreByteIdenticalToo() throws Exception {
        compare(raw, FfmpegSource.Decode.FULL, SIX_FPS, 4);
        compare(raw, FfmpegSource.Decode.SMALL, TWELVE_FPS, 1);
    }

    @Test
    void interCodedVideoDecodesEveryFrame() throws Exception {
        Run run = run(source(mpeg4, FfmpegSource.Decode.FULL, SIX_FPS, true), SIX_FPS, 4);
        assertFalse(run.skipping, "an MPEG-4 video cannot skip frames");
        assertEquals(60, run.captured);
        assertEquals(60, run.decoded);
    }

    @Test
    void aLoopingFileKeepsItsTimesAndPixelsWhenFramesAreSkipped() throws Exception {
        Path file = write(dir.resolve("loop.avi"), "avi", avcodec.AV_CODEC_ID_MJPEG, avutil.AV_PIX_FMT_YUVJ420P, 160, 120, null, 20);
        FfmpegSource every = FfmpegSource.file(file, true, FfmpegSource.Pace.FAST);
        FfmpegSource taken = FfmpegSource.file(file, true, FfmpegSource.Pace.FAST).decodeOnlyTaken(TWELVE_FPS);
        int decoded = 0;
        try (every; taken) {
            FrameSource.Format f = every.open();
            assertEquals(f, taken.open());
            assertTrue(taken.decodesOnlyTaken());
            byte[] a = new byte[f.frameBytes()];
            byte[] b = new byte[f.frameBytes()];
            for (int i = 0; i < 55; i++) { // two passes and more
                long ta = every.read(a);
                long tb = taken.read(b);
                assertEquals(ta, tb, "frame " + i + " time");
                assertTrue(every.decoded());
                if (taken.decoded()) {
                    decoded++;
                    assertArrayEquals(a, b, "frame " + i);
                }
            }
        }
        // 12 of every 30 frames, give or take one at each end of a pass.
        assertTrue(decoded > 15 && decoded < 30, "decoded " + decoded + " of 55");
    }

    /** Runs the file both ways; the clips must be equal, and skipping must have skipped. */
    static Run compare(Path file, FfmpegSource.Decode decode, ModelInfo model, int stride) throws Exception {
        String what = file.getFileName() + ", decode=" + decode + ", " + model.fps() + " fps: ";
        Run every = run(source(file, decode, model, false), model, stride);
        Run taken = run(source(file, decode, model, true), model, stride);
        assertFalse(every.skipping, what + "decodes every frame");
        assertTrue(taken.skipping, what + "decodes only the frames taken");
        assertEquals(every.captured, every.decoded, what + "every frame decoded");
        assertEquals(every.captured, taken.captured, what + "frames captured");
        assertTrue(taken.decoded < taken.captured, what + "decoded " + taken.decoded + " of " + taken.captured);
        assertEquals(0, taken.filledIn, what + "ticks that found no pixels");
        assertTrue(!every.clips.isEmpty(), what + "clips");
        assertEquals(every.clips.size(), taken.clips.size(), what + "clip count");
        for (int i = 0; i < every.clips.size(); i++) assertArrayEquals(every.clips.get(i), taken.clips.get(i), what + "clip " + i);
        return taken;
    }

    static FfmpegSource source(Path file, FfmpegSource.Decode decode, ModelInfo model, boolean skip) {
        FfmpegSource s = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST).decode(decode);
        s.modelInput(model.frameWidth(), model.frameHeight(), false);
        if (skip) s.decodeOnlyTaken(model);
        return s;
    }

    /** What one run gave: its clips (without arrival times, which differ between runs) and its counts. */
    record Run(List<byte[]> clips, long captured, long decoded, long filledIn, boolean skipping) {}

    /** Offline, through the pipeline's capture loop, a ring of 8 slots, the clip stage and the assembler. */
    static Run run(FfmpegSource source, ModelInfo model, int stride) throws Exception {
        ClipIdentityTest.RecordingSink sink = new ClipIdentityTest.RecordingSink(model, false);
        ClipAssembler assembler = new ClipAssembler(model, stride, sink);
        AtomicLong dropped = new AtomicLong();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        ListenerDispatch dispatch = new ListenerDispatch(List.of(), (where, e) -> errors.add(e), true, dropped);
        RingBuffer<FrameSlot> ring = RingBuffer.createSingleProducer(FrameSlot::new, 8, new BlockingWaitStrategy());
        ClipStage stage = new ClipStage(assembler, dispatch);
        BatchEventProcessor<FrameSlot> processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), stage);
        processor.setExceptionHandler(stage);
        ring.addGatingSequences(processor.getSequence());
        Thread clips = new Thread(processor, "test-clips");
        PipelineStats stats = new PipelineStats();
        AtomicBoolean skipping = new AtomicBoolean();
        CaptureLoop capture = new CaptureLoop(source, ring, true, Duration.ofSeconds(10), stats, dispatch, f -> {
            skipping.set(source.decodesOnlyTaken());
            assembler.prepare(f.width(), f.height());
        });
        clips.start();
        try {
            capture.start(Duration.ofSeconds(60));
            assertTrue(sink.ended.await(120, TimeUnit.SECONDS), "end of stream reached the sink");
        } finally {
            capture.stop(Duration.ofSeconds(10));
            processor.halt();
            clips.join(10_000);
            assembler.close();
            dispatch.close();
        }
        if (!errors.isEmpty()) throw new AssertionError(errors.get(0));
        return new Run(sink.clips, stats.framesCaptured.get(), stats.framesDecoded.get(), assembler.ticksFilledIn(), skipping.get());
    }

    /** Every frame's timestamp, decoding every frame. */
    static List<Long> timestamps(Path file) throws Exception {
        List<Long> out = new ArrayList<>();
        try (FfmpegSource s = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST)) {
            byte[] bgr = new byte[s.open().frameBytes()];
            for (long ts; (ts = s.read(bgr)) != FrameSource.END_OF_STREAM; ) out.add(ts);
        }
        return out;
    }

    /**
     * A moving gradient with fine noise, so neighbouring frames differ and every pixel matters.
     *
     * @param micros each frame's time, or null for a steady 30 fps
     */
    static Path write(Path file, String format, int codec, int pixelFormat, int width, int height, long[] micros, int frames)
            throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            rec.setFormat(format);
            rec.setVideoCodec(codec);
            rec.setPixelFormat(pixelFormat);
            // Irregular times go in at millisecond resolution: frame numbers at 1000 "fps" are milliseconds.
            rec.setFrameRate(micros != null ? 1000 : 30);
            if (codec != avcodec.AV_CODEC_ID_RAWVIDEO) rec.setVideoQuality(3);
            rec.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < frames; i++) {
                ClipIdentityTest.paintTexture(frame, i, r);
                if (micros != null) rec.setTimestamp(micros[i]);
                rec.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }
}
