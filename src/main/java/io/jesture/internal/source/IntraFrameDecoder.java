package io.jesture.internal.source;

import io.jesture.SourceException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_RAWVIDEO;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_PROP_INTRA_ONLY;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_PAL;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_image_fill_arrays;
import static org.bytedeco.ffmpeg.global.avutil.av_image_fill_linesizes;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Decodes single packets of an intra-only video stream (MJPEG, raw video) into BGR24, for a source that
 * decodes only the frames the model takes. The grabber still opens and demuxes the input; this decodes
 * the packets it is handed, exactly as {@code FFmpegFrameGrabber.grabImage()} would: the same decoder
 * built from the stream's parameters, and the same swscale call (source size and pixel format from the
 * decoder, the same flags) into a destination laid out as the grabber lays out its own (each row padded
 * to a multiple of 64 bytes where a small padding does it), so a frame decoded here is byte for byte the
 * grabber's. One decoder thread: a packet in, its picture out, no frame of delay. Owns native memory:
 * close it. Allocates only when the output size changes.
 */
final class IntraFrameDecoder implements AutoCloseable {
    private AVCodecContext codec;
    private final AVFrame picture;
    /** The picture's plane pointers and row sizes, views made once (the frame's struct does not move). */
    private final PointerPointer<?> pictureData;
    private final IntPointer pictureLines;
    private final PointerPointer<BytePointer> outData = new PointerPointer<>(4);
    private final IntPointer outLines = new IntPointer(4);
    private SwsContext sws;
    private int swsWidth;
    private int swsHeight;
    private int swsFormat;
    private int swsOutWidth;
    private int swsOutHeight;
    private int swsFlags;
    private BytePointer out;
    private ByteBuffer outBuffer;
    private int outWidth;
    private int outHeight;

    /**
     * Whether every packet of this stream decodes on its own, so packets whose frames nobody takes need
     * not be decoded at all: MJPEG and raw video, what USB cameras send, which FFmpeg's codec
     * descriptors mark intra-only. Other intra-only codecs (ProRes, DNxHD, FFV1, ...) keep the decode
     * everything path: cameras do not send them, and nothing here tests them. Intra-only is a property
     * of the bitstream; a decoder may still carry a little from frame to frame. The MJPEG decoder keeps
     * the Huffman tables of the last frame that defined any, for frames that define none (cameras send
     * them in every frame or rely on the standard ones; and the first frame, which the first tick always
     * takes, is always decoded). A raw stream with a palette may update it on any packet, so palette
     * formats are left out.
     */
    static boolean decodesAlone(AVCodecParameters par) {
        int id = par.codec_id();
        if (id != AV_CODEC_ID_MJPEG && id != AV_CODEC_ID_RAWVIDEO) return false;
        AVCodecDescriptor d = avcodec_descriptor_get(id);
        if (d == null || (d.props() & AV_CODEC_PROP_INTRA_ONLY) == 0) return false;
        if (id == AV_CODEC_ID_RAWVIDEO) {
            AVPixFmtDescriptor pf = av_pix_fmt_desc_get(par.format());
            return pf != null && (pf.flags() & AV_PIX_FMT_FLAG_PAL) == 0;
        }
        return true;
    }

    IntraFrameDecoder(AVCodecParameters par, String what) throws SourceException {
        AVCodec decoder = avcodec_find_decoder(par.codec_id());
        if (decoder == null) throw new SourceException("no FFmpeg decoder for the video of " + what);
        codec = avcodec_alloc_context3(decoder);
        if (codec == null) throw new SourceException("cannot allocate a decoder for the video of " + what);
        int ret = avcodec_parameters_to_context(codec, par);
        if (ret >= 0) {
            codec.thread_count(1);
            ret = avcodec_open2(codec, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        }
        if (ret < 0) {
            avcodec_free_context(codec);
            codec = null;
            throw new SourceException("cannot open a decoder for the video of " + what + " (FFmpeg error " + ret + ")");
        }
        picture = av_frame_alloc();
        pictureData = new PointerPointer<>(picture);
        pictureLines = picture.linesize();
    }

    /**
     * Decodes one packet and converts its picture, as the grabber would, to {@code width x height} BGR24
     * rows of {@code width * 3} bytes in {@code bgr}.
     *
     * @param width  the grabber's output width: the size it was told to scale to, else the decoder's own
     * @param flags  the grabber's swscale flags (0: its default, bilinear)
     * @return false if the packet gave no picture (damaged data); {@code bgr} is then untouched
     */
    boolean decode(AVPacket packet, int width, int height, int flags, byte[] bgr) throws SourceException {
        if (avcodec_send_packet(codec, packet) < 0) return false;
        if (avcodec_receive_frame(codec, picture) < 0) return false;
        try {
            if (width != outWidth || height != outHeight) allocateOutput(width, height);
            int sf = flags != 0 ? flags : SWS_BILINEAR;
            if (sws == null || codec.width() != swsWidth || codec.height() != swsHeight || codec.pix_fmt() != swsFormat
                    || width != swsOutWidth || height != swsOutHeight || sf != swsFlags) {
                // What the grabber's sws_getCachedContext does on every frame, only when something changed
                // (the call returns a new Java object each time).
                sws = sws_getCachedContext(sws, codec.width(), codec.height(), codec.pix_fmt(), width, height, AV_PIX_FMT_BGR24,
                        sf, null, null, (DoublePointer) null);
                if (sws == null) throw new SourceException("cannot convert " + codec.width() + "x" + codec.height() + " frames to BGR");
                swsWidth = codec.width();
                swsHeight = codec.height();
                swsFormat = codec.pix_fmt();
                swsOutWidth = width;
                swsOutHeight = height;
                swsFlags = sf;
            }
            sws_scale(sws, pictureData, pictureLines, 0, codec.height(), outData, outLines);
            int rowBytes = width * 3;
            int stride = outLines.get(0);
            if (stride == rowBytes) {
                outBuffer.get(0, bgr, 0, rowBytes * height);
            } else {
                for (int y = 0; y < height; y++) outBuffer.get(y * stride, bgr, y * rowBytes, rowBytes);
            }
            return true;
        } finally {
            av_frame_unref(picture);
        }
    }

    /** The decoder's picture size, as the last packet set it. */
    int width() {
        return codec.width();
    }

    int height() {
        return codec.height();
    }

    /** After a seek, as the grabber flushes its own decoder. */
    void flush() {
        avcodec_flush_buffers(codec);
    }

    /**
     * The grabber's destination layout: the narrowest width padded to a power of two (1, 2, ... 64
     * pixels) whose BGR row is a multiple of 64 bytes, in one av_malloc'd buffer.
     */
    private void allocateOutput(int width, int height) {
        freeOutput();
        int align = 64;
        int padded = width;
        for (int i = 1; i <= align; i += i) {
            padded = (width + (i - 1)) & ~(i - 1);
            av_image_fill_linesizes(outLines, AV_PIX_FMT_BGR24, padded);
            if ((outLines.get(0) & (align - 1)) == 0) break;
        }
        int size = av_image_get_buffer_size(AV_PIX_FMT_BGR24, padded, height, 1);
        out = new BytePointer(av_malloc(size)).capacity(size);
        outBuffer = out.asBuffer();
        av_image_fill_arrays(outData, outLines, out, AV_PIX_FMT_BGR24, padded, height, 1);
        outWidth = width;
        outHeight = height;
    }

    private void freeOutput() {
        if (out != null) av_free(out);
        out = null;
        outBuffer = null;
        outWidth = 0;
        outHeight = 0;
    }

    @Override
    public void close() {
        freeOutput();
        if (sws != null) sws_freeContext(sws);
        sws = null;
        if (codec != null) {
            av_frame_free(picture);
            avcodec_free_context(codec);
            codec = null;
        }
        outData.close();
        outLines.close();
    }
}
