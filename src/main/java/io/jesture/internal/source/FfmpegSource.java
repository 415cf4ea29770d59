package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.ModelInfo;
import io.jesture.SourceException;
import io.jesture.internal.pipeline.FrameSampler;
import io.jesture.internal.pipeline.SkippingSource;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A camera (video4linux2), a video file or a network stream, decoded by FFmpeg into BGR24. Frames are
 * copied row by row, because FFmpeg pads rows to an alignment. Timestamps are the stream's
 * presentation times; a looping file keeps them rising across the loop. Two exceptions for files:
 * a frame-rate override ({@code fps=}) stamps frame n at {@code n / fps}, ignoring the container; and
 * an animated GIF frame shown for less than 2 centiseconds counts as 10, as browsers show it and as
 * the ffmpeg tool's GIF demuxer ({@code min_delay}/{@code default_delay}) plays it. The FFmpeg that
 * JavaCV bundles hands the 0 or 1 cs delays through unchanged, which would play a 3-second GIF in a
 * fraction of a second; longer delays, and pauses between them, are kept frame by frame.
 *
 * <p>Told the model's clip rule ({@link #decodeOnlyTaken}), a source whose video decodes frame by frame
 * on its own (MJPEG, raw video: what USB cameras send) reads packets and decodes only those whose
 * frames a model tick takes; the others are returned undecoded ({@link #decoded()} false), with their
 * timestamps. Whether a frame is taken can depend on the next frame's timestamp, so this reads one
 * packet ahead: a file's next packet is at hand, a camera's arrives a frame interval later.
 */
public final class FfmpegSource implements SkippingSource {
    /** How a file is fed: at its own frame rate, like a camera, or as fast as the pipeline takes it. */
    public enum Pace { REALTIME, FAST }

    enum Kind { CAMERA, FILE, STREAM }

    /** GIF frame delays below this (0 or 1 cs) are played as {@link #GIF_DEFAULT_DELAY_NANOS}. */
    static final long GIF_MIN_DELAY_NANOS = 20_000_000L;
    static final long GIF_DEFAULT_DELAY_NANOS = 100_000_000L;

    private final Kind kind;
    private final String target;
    private final int requestedWidth;
    private final int requestedHeight;
    private final double requestedFps;
    private final boolean loop;
    private final Pace pace;
    private final int timeoutMillis;
    private final String inputFormat;
    private final Pacer pacer = new Pacer();
    /** The model's input size and the multiple of it to decode at; 0: decode at the source's own size. */
    private int modelWidth;
    private int modelHeight;
    private Decode decode = Decode.FULL;
    private boolean smallWhenAuto;
    private int experimentMultiple;
    /** Whether the current open decodes near the model's size. */
    private boolean decodingSmall;
    private int scalingFlags = swscale.SWS_AREA;
    private boolean skipLoopFilterWhenSmall = true;
    private FFmpegFrameGrabber grabber;
    private Format format;
    private boolean gif;
    private long lastNanos = Long.MIN_VALUE;
    /** The container's timestamp of the previous frame; MIN_VALUE after open and after a loop restart. */
    private long lastRawNanos = Long.MIN_VALUE;
    private long loopOffsetNanos;
    private long framesRead;
    /** Frames read since the file was (re)started from its beginning. */
    private long passFrames;
    /** How many video frames the file's container says it holds; 0 where it does not say (GIF, streams). */
    private long declaredFrames;
    private boolean wallClock;
    /** The model's clip rule, set by {@link #decodeOnlyTaken}; null: decode every frame. */
    private FrameSampler sampler;
    /** Non-null while the current open decodes only the frames taken (its codec allows it). */
    private IntraFrameDecoder intra;
    private int videoStream;
    private int timeBaseNum;
    private int timeBaseDen;
    /** The frame read() returns next, read one packet ahead of it; and the packet after it. */
    private AVPacket pending;
    private AVPacket ahead;
    private boolean havePending;
    private long pendingNanos;
    private long pendingArrival;
    /** Whether a tick took the pending frame when its own timestamp came. */
    private boolean pendingTaken;
    /** The stamp and arrival of the packet {@link #nextPacket} read last. */
    private long packetNanos;
    private long packetArrival;
    private boolean packetsEnded;
    /** Why the look-ahead found the end of a file early; thrown once the frames before it are out. */
    private SourceException endFailure;
    /** FFmpeg's best-effort timestamp of a decoded frame, kept here for every packet (decoded or not). */
    private long lastPts;
    private long lastDts;
    private int faultyPts;
    private int faultyDts;
    private boolean lastDecoded = true;
    private long lastArrival;

    private FfmpegSource(Kind kind, String target, int width, int height, double fps, boolean loop, Pace pace,
                         int timeoutMillis, String inputFormat) {
        this.inputFormat = inputFormat;
        this.kind = kind;
        this.target = target;
        this.requestedWidth = width;
        this.requestedHeight = height;
        this.requestedFps = fps;
        this.loop = loop;
        this.pace = pace;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A V4L2 device such as {@code /dev/video0}; 0 width/height/fps keep the camera's defaults.
     *
     * @param inputFormat the camera's pixel format, e.g. {@code mjpeg}, or null for its default
     */
    public static FfmpegSource camera(String device, int width, int height, double fps, String inputFormat, int timeoutMillis) {
        return new FfmpegSource(Kind.CAMERA, device, width, height, fps, false, Pace.FAST, timeoutMillis, inputFormat);
    }

    public static FfmpegSource file(Path file, boolean loop, Pace pace) {
        return file(file, loop, pace, 0);
    }

    /** @param fps if &gt; 0, frame n is stamped {@code n / fps} whatever the container says */
    public static FfmpegSource file(Path file, boolean loop, Pace pace, double fps) {
        return new FfmpegSource(Kind.FILE, file.toString(), 0, 0, fps, loop, pace, 0, null);
    }

    /** An rtsp/http(s)/udp/... URL that FFmpeg can open. */
    public static FfmpegSource stream(String url, int timeoutMillis) {
        return new FfmpegSource(Kind.STREAM, url, 0, 0, 0, false, Pace.FAST, timeoutMillis, null);
    }

    /** At what size frames are decoded: {@code decode=full|small|auto} in a source URI. */
    public enum Decode {
        /** The source's own size. */
        FULL,
        /** Near the model's input: {@link #SMALL_DECODE_MULTIPLE} times the size that covers it, aspect kept. */
        SMALL,
        /** Small where nothing but the model looks at the frames (the consumer says so), else full. */
        AUTO
    }

    /**
     * With {@link Decode#SMALL}: FFmpeg scales each frame, while it converts colours, to this many times
     * the size that covers the model's input (aspect kept), when that is smaller than the source's own.
     */
    public static final int SMALL_DECODE_MULTIPLE = 2;

    /**
     * Whether frames are decoded near the model's size (see {@link #modelInput}) rather than at the
     * source's own. Decoding, conversion, copying and preprocessing then cost little more at 1080p than
     * at 480p, but the pixels differ a little from scaling the full frame with OpenCV, and whoever
     * reads the frames gets the small ones. Takes effect at the next {@link #open()}.
     */
    public FfmpegSource decode(Decode d) {
        this.decode = java.util.Objects.requireNonNull(d, "decode == null");
        return this;
    }

    public Decode decode() {
        return decode;
    }

    /**
     * The input size of the model these frames feed; {@link Decode#SMALL} needs it.
     *
     * @param smallWhenAuto whether {@link Decode#AUTO} means small: true when nothing else looks at the frames
     */
    public void modelInput(int width, int height, boolean smallWhenAuto) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("model input must be positive, was " + width + "x" + height);
        this.modelWidth = width;
        this.modelHeight = height;
        this.smallWhenAuto = smallWhenAuto;
    }

    /** The multiple of the model's cover size frames are decoded at; 0: full size. */
    private int decodeMultiple() {
        if (modelWidth <= 0) return 0;
        if (experimentMultiple > 0) return experimentMultiple;
        return decode == Decode.SMALL || (decode == Decode.AUTO && smallWhenAuto) ? SMALL_DECODE_MULTIPLE : 0;
    }

    /** For experiments: decode at {@code multiple} times the model's cover size (0: as {@link #decode()} says). */
    void decodeNear(int modelWidth, int modelHeight, int multiple) {
        modelInput(modelWidth, modelHeight, false);
        this.experimentMultiple = multiple;
    }

    /** For experiments and tests: whether a small decode skips H.264's deblocking filter (default true). */
    void skipLoopFilterWhenSmall(boolean skip) {
        this.skipLoopFilterWhenSmall = skip;
    }

    /** For experiments: swscale's {@code SWS_*} filter for {@link #decodeNear} (default {@code SWS_AREA}). */
    void scalingFlags(int flags) {
        this.scalingFlags = flags;
    }

    /**
     * The system property that turns {@link #decodeOnlyTaken} off: {@code -Djesture.decode.skip=false}
     * decodes every frame, as before, to compare the two.
     */
    public static final String SKIP_PROPERTY = "jesture.decode.skip";

    /**
     * Decode only the frames this model's clips take, where the video allows it (MJPEG, raw video):
     * call it only when nothing else looks at the frames, as the others are not decoded. Takes effect
     * at the next {@link #open()}. Off when the system property {@value #SKIP_PROPERTY} is false.
     */
    public FfmpegSource decodeOnlyTaken(ModelInfo model) {
        this.sampler = "false".equalsIgnoreCase(System.getProperty(SKIP_PROPERTY)) ? null : FrameSampler.of(model);
        return this;
    }

    /** Whether the current open decodes only the frames the model takes. */
    public boolean decodesOnlyTaken() {
        return intra != null;
    }

    @Override
    public Format open() throws SourceException {
        close();
        checkExists();
        NativeLibraries.await();
        FfmpegLog.install();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(target);
        if (kind == Kind.CAMERA) {
            g.setFormat("video4linux2");
            if (requestedWidth > 0) {
                g.setImageWidth(requestedWidth);
                g.setImageHeight(requestedHeight);
            }
            if (requestedFps > 0) g.setFrameRate(requestedFps);
            if (inputFormat != null) g.setOption("input_format", inputFormat);
        }
        if (timeoutMillis > 0) {
            g.setTimeout(timeoutMillis);
            if (kind == Kind.STREAM) {
                // A dead link otherwise blocks a native read forever, out of reach of Java interrupts.
                // There is no universal option: rw_timeout covers the AVIO protocols, timeout the
                // socket of http/tcp/rtsp/rtmp; both in microseconds.
                String micros = String.valueOf(timeoutMillis * 1000L);
                g.setOption("rw_timeout", micros);
                g.setOption("timeout", micros);
            }
        }
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (isLive() || pace == Pace.REALTIME) {
            // One decoder thread: frame threading buys throughput a source at its own rate does not need,
            // and costs CPU (10-20% more here at 480p and 720p H.264) and a frame of delay per extra thread.
            // The decoded pixels are the same either way.
            g.setVideoOption("threads", "1");
        }
        if (decodeMultiple() > 0 && skipLoopFilterWhenSmall) {
            // Only the model sees these frames, at a few dozen pixels a side. H.264's in-loop deblocking
            // filter is about a quarter of its decoding time, and what it smooths (block edges of 4 to 16
            // source pixels) is mostly averaged away when the frame shrinks to twice the model's size: the
            // pixels there move by 0.3 to 1.4 grey levels on average (FfmpegSourceTest; docs/performance.md).
            // Codecs without the option ignore it.
            g.setVideoOption("skip_loop_filter", "all");
        }
        long t0 = System.nanoTime();
        FfmpegLog.clearLastError();
        try {
            g.start();
        } catch (Exception | UnsatisfiedLinkError e) {
            try {
                g.release();
            } catch (Exception ignored) {
                // already failing; the open error is the one to report
            }
            throw new SourceException(openFailure(e, System.nanoTime() - t0), e);
        }
        grabber = g;
        double fps = g.getFrameRate() > 0 && Double.isFinite(g.getFrameRate()) ? g.getFrameRate() : 30;
        gif = kind == Kind.FILE && "gif".equals(g.getFormat());
        // FFmpeg guesses a GIF's rate from its shortest delay: 1 cs reads as 100 fps.
        if (gif && fps > 1e9 / GIF_MIN_DELAY_NANOS) fps = 1e9 / GIF_DEFAULT_DELAY_NANOS;
        if (kind == Kind.FILE && requestedFps > 0) fps = requestedFps;
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            close();
            throw new SourceException(description() + " has no video stream: use a file or stream with video");
        }
        int w = g.getImageWidth();
        int h = g.getImageHeight();
        int multiple = decodeMultiple();
        decodingSmall = false;
        if (multiple > 0) {
            double cover = Math.max((double) modelHeight / h, (double) modelWidth / w) * multiple;
            if (cover < 1) {
                // Set after start(): for a camera, the size given before start() is the capture size it
                // asks the device for; set now, it is only what swscale scales each frame to.
                w = Math.max(modelWidth, (int) Math.round(w * cover));
                h = Math.max(modelHeight, (int) Math.round(h * cover));
                g.setImageWidth(w);
                g.setImageHeight(h);
                g.setImageScalingFlags(scalingFlags);
                decodingSmall = true;
            }
        }
        format = new Format(w, h, fps);
        pacer.restart();
        lastNanos = Long.MIN_VALUE;
        lastRawNanos = Long.MIN_VALUE;
        loopOffsetNanos = 0;
        framesRead = 0;
        passFrames = 0;
        declaredFrames = kind == Kind.FILE && !gif ? declaredFrames(g) : 0;
        wallClock = false;
        lastDecoded = true;
        if (sampler != null && !gif) startSkipping(g);
        return format;
    }

    /** Sets up decoding packet by packet, if the video stream's codec decodes each frame on its own. */
    private void startSkipping(FFmpegFrameGrabber g) {
        AVFormatContext oc = g.getFormatContext();
        int index = g.getVideoStream();
        if (oc == null || oc.isNull() || index < 0 || index >= oc.nb_streams()) return;
        AVStream st = oc.streams(index);
        if (!IntraFrameDecoder.decodesAlone(st.codecpar())) return;
        try {
            intra = new IntraFrameDecoder(st.codecpar(), description());
        } catch (SourceException e) {
            // The grabber's own decoder opened: decode every frame with it instead.
            org.slf4j.LoggerFactory.getLogger(FfmpegSource.class).debug("decoding every frame of {}: {}", description(), e.getMessage());
            return;
        }
        videoStream = index;
        timeBaseNum = st.time_base().num();
        timeBaseDen = st.time_base().den();
        if (pending == null) pending = avcodec.av_packet_alloc();
        if (ahead == null) ahead = avcodec.av_packet_alloc();
        havePending = false;
        packetsEnded = false;
        endFailure = null;
        lastPts = Long.MIN_VALUE;
        lastDts = Long.MIN_VALUE;
        faultyPts = 0;
        faultyDts = 0;
        sampler.reset();
    }

    private void checkExists() throws SourceException {
        if (kind == Kind.CAMERA && !Files.exists(Path.of(target))) {
            throw new SourceException("no camera at " + target + " (video devices here: " + SourceUri.videoDevices()
                    + "): plug in a webcam or pass another one, e.g. --source camera:1, or use --source file:clip.mp4"
                    + " or --source synthetic:seed=7");
        }
        if (kind == Kind.FILE) {
            Path p = Path.of(target);
            if (Files.isDirectory(p)) {
                throw new SourceException("video file " + p.toAbsolutePath() + " is a directory, not a video: name a file in it,"
                        + " or use frames:" + target + " for a folder of 00001.jpg, 00002.jpg, ... frames");
            }
            if (!Files.exists(p)) {
                throw new SourceException("video file " + p.toAbsolutePath() + " does not exist: check the path after 'file:'");
            }
            if (!Files.isReadable(p)) {
                throw new SourceException("video file " + p.toAbsolutePath() + " cannot be read (permission denied): check its permissions");
            }
            try {
                if (Files.isRegularFile(p) && Files.size(p) == 0) {
                    throw new SourceException("video file " + p.toAbsolutePath() + " is empty (0 bytes): record or copy it again");
                }
            } catch (java.io.IOException e) {
                throw new SourceException("cannot read video file " + p.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
    }

    /** What went wrong, in words, instead of JavaCV's message (FFmpeg's code and advice about JavaCV's API). */
    private String openFailure(Throwable e, long elapsedNanos) {
        if (e instanceof UnsatisfiedLinkError) return "cannot open " + description() + ": FFmpeg's native libraries failed to load: " + e.getMessage();
        int code = FfmpegErrors.code(e.getMessage());
        String log = FfmpegLog.lastError();
        switch (kind) {
            case CAMERA: return FfmpegErrors.camera(target, code, log);
            case FILE: return FfmpegErrors.file(target, code, log);
            default: return FfmpegErrors.stream(target, code, log, elapsedNanos, timeoutMillis);
        }
    }

    @Override
    public long read(byte[] bgr) throws SourceException {
        return read(bgr, true);
    }

    @Override
    public long read(byte[] bgr, boolean keep) throws SourceException {
        if (grabber == null) throw new SourceException(description() + " is not open");
        if (intra != null) return readTaken(bgr, keep);
        long ts = readEvery(bgr);
        lastDecoded = true;
        lastArrival = System.nanoTime();
        return ts;
    }

    @Override
    public boolean decoded() {
        return lastDecoded;
    }

    @Override
    public long arrivalNanos() {
        return lastArrival;
    }

    /** Today's path: the grabber decodes every frame. */
    private long readEvery(byte[] bgr) throws SourceException {
        Frame f;
        FfmpegLog.clearLastError();
        try {
            f = grabber.grabImage();
            if (f == null) checkComplete();
            if (f == null && loop) {
                loopOffsetNanos = lastNanos + Math.round(1e9 / format.fps());
                lastRawNanos = Long.MIN_VALUE;
                passFrames = 0;
                grabber.setTimestamp(0);
                f = grabber.grabImage();
            }
        } catch (FFmpegFrameGrabber.Exception e) {
            int code = FfmpegErrors.code(e.getMessage());
            String log = FfmpegLog.lastError();
            throw new SourceException("reading " + description() + " failed after " + passFrames + " frames: "
                    + (log != null ? log : "FFmpeg error " + code) + (kind == Kind.FILE ? "; the file is damaged: check it with 'ffprobe "
                    + target + "'" : ""), e);
        }
        if (f == null || f.image == null) {
            if (kind == Kind.FILE) return END_OF_STREAM;
            throw new SourceException(description() + " stopped delivering frames");
        }
        if (f.imageWidth != format.width() || f.imageHeight != format.height()) {
            throw new SourceException(description() + " changed its frame size from " + format.width() + "x"
                    + format.height() + " to " + f.imageWidth + "x" + f.imageHeight);
        }
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int rowBytes = format.width() * 3;
        int stride = f.imageStride;
        if (stride == rowBytes) {
            buf.get(0, bgr, 0, rowBytes * format.height());
        } else {
            for (int y = 0; y < format.height(); y++) buf.get(y * stride, bgr, y * rowBytes, rowBytes);
        }
        long ts = stamp(f.timestamp);
        if (pace == Pace.REALTIME) pacer.await(ts);
        return ts;
    }

    /** A frame's time on jesture's clock, from the grabber's microseconds; counts the frame. */
    private long stamp(long micros) {
        long raw = micros * 1000L;
        long ts = kind == Kind.FILE ? fileTimestamp(raw) : raw;
        framesRead++;
        passFrames++;
        if (kind == Kind.CAMERA && (wallClock || (lastNanos != Long.MIN_VALUE && ts <= lastNanos))) {
            // Some drivers stamp every frame 0 (or repeat stamps); resampling needs real spacing, so
            // this device's frames are stamped on arrival from here on.
            if (!wallClock) {
                wallClock = true;
                org.slf4j.LoggerFactory.getLogger(FfmpegSource.class).info("{} gives no rising timestamps; using arrival time", description());
            }
            ts = System.nanoTime();
        }
        if (ts <= lastNanos) ts = lastNanos + 1000; // some streams repeat or omit timestamps
        lastNanos = ts;
        return ts;
    }

    /**
     * Packet by packet: returns the pending frame, decoded only if a tick takes it, which the next
     * packet's timestamp settles. Every frame is stamped, counted and paced as {@link #readEvery} does.
     */
    private long readTaken(byte[] bgr, boolean keep) throws SourceException {
        FfmpegLog.clearLastError();
        if (!havePending) {
            if (endFailure != null) {
                SourceException e = endFailure;
                endFailure = null;
                throw e;
            }
            if (packetsEnded || !nextPacket(pending)) {
                packetsEnded = true;
                if (kind == Kind.FILE) return END_OF_STREAM;
                throw new SourceException(description() + " stopped delivering frames");
            }
            sampler.advance(packetNanos);
            pendingTaken = sampler.takesCurrent() > 0;
            pendingNanos = packetNanos;
            pendingArrival = packetArrival;
            havePending = true;
        }
        boolean more;
        try {
            more = nextPacket(ahead);
        } catch (SourceException e) {
            endFailure = e; // after this frame, as the grabber reports it after the last frame it gave
            more = false;
        }
        boolean take = pendingTaken;
        boolean aheadTaken = false;
        if (more) {
            sampler.advance(packetNanos);
            take |= sampler.takesPrevious() > 0;
            aheadTaken = sampler.takesCurrent() > 0;
        } else {
            // The last frame: the end of the stream may give it one more tick, or pad a short clip with it.
            take = true;
            packetsEnded = true;
        }
        lastDecoded = keep && take && decodePending(bgr);
        avcodec.av_packet_unref(pending);
        long ts = pendingNanos;
        long arrival = pendingArrival;
        AVPacket p = pending;
        pending = ahead;
        ahead = p;
        havePending = more;
        pendingNanos = packetNanos;
        pendingArrival = packetArrival;
        pendingTaken = aheadTaken;
        if (pace == Pace.REALTIME) pacer.await(ts);
        // A camera's frame arrived when its packet did, a frame interval before the look-ahead let it go.
        lastArrival = isLive() ? arrival : System.nanoTime();
        return ts;
    }

    private boolean decodePending(byte[] bgr) throws SourceException {
        // The grabber's output size: the one it was told to scale to, else the decoder's own.
        boolean fixed = decodingSmall || (kind == Kind.CAMERA && requestedWidth > 0);
        int w = fixed ? format.width() : intra.width();
        int h = fixed ? format.height() : intra.height();
        if (w != format.width() || h != format.height()) {
            throw new SourceException(description() + " changed its frame size from " + format.width() + "x"
                    + format.height() + " to " + w + "x" + h);
        }
        if (intra.decode(pending, w, h, grabber.getImageScalingFlags(), bgr)) return true;
        // The grabber would have dropped this frame; here its time is already given to the ticks.
        org.slf4j.LoggerFactory.getLogger(FfmpegSource.class).debug("{}: a frame did not decode", description());
        return false;
    }

    /**
     * Reads the video stream's next packet into {@code into} and stamps it ({@link #packetNanos}): at the
     * end of a looping file, from its start again.
     *
     * @return false at the end (or a read error, which FFmpeg and the grabber treat alike)
     * @throws SourceException a file that ended before the frames it declares
     */
    private boolean nextPacket(AVPacket into) throws SourceException {
        AVFormatContext oc = grabber.getFormatContext();
        boolean restarted = false;
        while (true) {
            int ret = avformat.av_read_frame(oc, into);
            if (ret == avutil.AVERROR_EAGAIN()) {
                // A device with no frame ready yet; the grabber waits 10 ms too.
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                if (Thread.currentThread().isInterrupted()) return false;
                continue;
            }
            if (ret < 0) {
                if (restarted || !loop) {
                    if (!restarted) checkComplete();
                    return false;
                }
                checkComplete();
                restartFile(oc);
                restarted = true;
                continue;
            }
            // Other streams' packets, and empty ones (which would end the decoder's stream), carry no frame.
            if (into.stream_index() != videoStream || into.size() <= 0) {
                avcodec.av_packet_unref(into);
                continue;
            }
            packetArrival = System.nanoTime();
            packetNanos = stamp(1000000L * bestEffort(into.pts(), into.dts()) * timeBaseNum / timeBaseDen);
            return true;
        }
    }

    /** A looping file's next pass: its start again, timestamps continuing after the last frame. */
    private void restartFile(AVFormatContext oc) throws SourceException {
        loopOffsetNanos = lastNanos + Math.round(1e9 / format.fps());
        lastRawNanos = Long.MIN_VALUE;
        passFrames = 0;
        long start = oc.start_time() != avutil.AV_NOPTS_VALUE ? oc.start_time() : 0;
        int ret = avformat.avformat_seek_file(oc, -1, Long.MIN_VALUE, start, Long.MAX_VALUE, avformat.AVSEEK_FLAG_BACKWARD);
        if (ret < 0) {
            throw new SourceException("reading " + description() + " failed: cannot seek back to its start to loop (FFmpeg error "
                    + ret + "); check it with 'ffprobe " + target + "'");
        }
        intra.flush();
        lastPts = Long.MIN_VALUE;
        lastDts = Long.MIN_VALUE;
    }

    /**
     * The timestamp FFmpeg's decoder would give this packet's frame (its {@code best_effort_timestamp}):
     * the presentation time unless more of those than of decode times failed to rise so far. Kept here
     * for every packet, decoded or not, so a frame's time does not depend on which frames were decoded.
     */
    private long bestEffort(long pts, long dts) {
        long none = avutil.AV_NOPTS_VALUE;
        if (dts != none) {
            if (dts <= lastDts) faultyDts++;
            lastDts = dts;
        } else if (pts != none) {
            lastDts = pts;
        }
        if (pts != none) {
            if (pts <= lastPts) faultyPts++;
            lastPts = pts;
        } else if (dts != none) {
            lastPts = dts;
        }
        return (faultyPts <= faultyDts || dts == none) && pts != none ? pts : dts;
    }

    /**
     * At the end of a file: did it hold the frames its container declares? FFmpeg (and JavaCV above it)
     * treats a read error like the end of the file, so a file cut short during a run, or one whose data
     * breaks off, would otherwise look like a short clip that ended normally.
     */
    private void checkComplete() throws SourceException {
        if (kind != Kind.FILE || declaredFrames <= 0) return;
        // Encoders and edit lists may hide a frame or two at either end; a cut-off file misses many.
        long slack = Math.max(3, declaredFrames / 50);
        if (passFrames + slack >= declaredFrames) return;
        // AVI repeats a still picture with empty chunks ("dropped" frames) that the frame count includes and the
        // decoder skips: OpenCV's tree.avi declares 444 frames at 15 fps and holds 68 pictures spread over its
        // 29.5 s. Such a file is whole when its last picture comes at the end of the declared length.
        if (lastRawNanos != Long.MIN_VALUE && lastRawNanos / 1e9 * format.fps() + 1 + slack >= declaredFrames) return;
        throw new SourceException(String.format(java.util.Locale.ROOT,
                "video file %s ended early: decoding stopped at frame %d of the %d it declares (%.1f s of %.1f s); the file was"
                        + " cut short, is damaged or is still being written: check it with 'ffprobe %s', or copy or record it again",
                target, passFrames, declaredFrames, passFrames / format.fps(), declaredFrames / format.fps(), target));
    }

    /** The video stream's frame count from the container (an MP4's sample table, say); 0 where it gives none. */
    private static long declaredFrames(FFmpegFrameGrabber g) {
        org.bytedeco.ffmpeg.avformat.AVFormatContext oc = g.getFormatContext();
        if (oc == null || oc.isNull()) return 0;
        for (int i = 0; i < oc.nb_streams(); i++) {
            org.bytedeco.ffmpeg.avformat.AVStream st = oc.streams(i);
            if (st.codecpar().codec_type() != avutil.AVMEDIA_TYPE_VIDEO) continue;
            if ((st.disposition() & org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC) != 0) continue;
            return Math.max(0, st.nb_frames());
        }
        return 0;
    }

    /** A file frame's time: the override's clock, the GIF rule, or the container's time plus the loop offset. */
    private long fileTimestamp(long raw) {
        long ts;
        if (requestedFps > 0) {
            ts = Math.round(framesRead * 1e9 / requestedFps);
        } else if (gif && lastNanos != Long.MIN_VALUE) {
            // The delay of the previous frame is known once this one arrives; after a loop restart it is
            // the nominal period.
            long delay = lastRawNanos == Long.MIN_VALUE ? Math.round(1e9 / format.fps()) : raw - lastRawNanos;
            ts = lastNanos + (delay < GIF_MIN_DELAY_NANOS ? GIF_DEFAULT_DELAY_NANOS : delay);
        } else {
            ts = raw + loopOffsetNanos;
        }
        lastRawNanos = raw;
        return ts;
    }

    @Override
    public String description() {
        switch (kind) {
            case CAMERA:
                return "camera " + target + (requestedWidth > 0 ? " " + requestedWidth + "x" + requestedHeight : "")
                        + (requestedFps > 0 ? "@" + fmt(requestedFps) : "") + (inputFormat != null ? " " + inputFormat : "")
                        + (decode == Decode.SMALL || decodingSmall ? " (decode=small)" : "");
            case FILE:
                return "video file " + target + (requestedFps > 0 ? " @ " + fmt(requestedFps) + " fps" : "") + (loop ? " (looping)" : "")
                        + (decode == Decode.SMALL || decodingSmall ? " (decode=small)" : "");
            default:
                return "stream " + target;
        }
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    @Override
    public boolean isLive() {
        return kind == Kind.CAMERA || kind == Kind.STREAM;
    }

    @Override
    public void close() {
        IntraFrameDecoder d = intra;
        intra = null;
        if (d != null) d.close();
        if (pending != null) {
            avcodec.av_packet_free(pending);
            avcodec.av_packet_free(ahead);
            pending = null;
            ahead = null;
        }
        havePending = false;
        FFmpegFrameGrabber g = grabber;
        grabber = null;
        if (g != null) {
            try {
                g.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(FfmpegSource.class).warn("closing {} failed: {}", description(), e.toString());
            }
        }
    }
}
