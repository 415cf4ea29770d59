package io.jesture.internal.source;

import com.sun.net.httpserver.HttpServer;
import io.jesture.FrameSource;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.TestVideos;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real network stream: an MPEG-TS file served over HTTP on localhost, decoded by FFmpeg. The second
 * test serves a stream that stops mid-way and hangs, like a camera on a dead link: FFmpeg's read
 * timeout and the watchdog must report it lost, reopen it and carry on.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NetworkStreamTest {
    @TempDir
    Path dir;

    HttpServer server;
    final CountDownLatch stopHanging = new CountDownLatch(1);

    @AfterEach
    void stop() {
        stopHanging.countDown();
        if (server != null) server.stop(0);
    }

    Path writeTs(int frames) throws Exception {
        Path file = dir.resolve("stream.ts");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 160, 120, 0)) {
            r.setFormat("mpegts");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG2VIDEO);
            r.setFrameRate(30);
            r.setVideoBitrate(2_000_000);
            r.setGopSize(10);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.start();
            Frame f = new Frame(160, 120, Frame.DEPTH_UBYTE, 3);
            ByteBuffer b = (ByteBuffer) f.image[0];
            for (int i = 0; i < frames; i++) {
                for (int p = 0; p < 120 * f.imageStride; p++) b.put(p, (byte) (i * 5));
                r.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        return file;
    }

    /** Serves the file; request number {@code hangOn} gets only its first third, then the connection hangs. */
    String serve(Path file, int hangOn, AtomicInteger requests) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/live.ts", ex -> {
            int n = requests.incrementAndGet();
            ex.getResponseHeaders().add("Content-Type", "video/mp2t");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                if (n == hangOn) {
                    out.write(bytes, 0, bytes.length / 3);
                    out.flush();
                    try {
                        stopHanging.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    out.write(bytes);
                }
            } catch (java.io.IOException clientGone) {
                // FFmpeg closed the connection
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/live.ts";
    }

    @Test
    void decodesAnHttpStream() throws Exception {
        String url = serve(writeTs(60), -1, new AtomicInteger());
        FrameSource s = SourceUri.create(url, false, Duration.ofSeconds(5));
        try {
            FrameSource.Format f = s.open();
            assertEquals(160, f.width());
            byte[] bgr = new byte[f.frameBytes()];
            long prev = -1;
            int n = 0;
            while (true) {
                long ts;
                try {
                    ts = s.read(bgr);
                } catch (io.jesture.SourceException endOfLiveStream) {
                    break; // a network stream has no END_OF_STREAM: it stops delivering
                }
                assertTrue(ts > prev);
                prev = ts;
                n++;
            }
            assertTrue(n >= 55, "frames " + n);
        } finally {
            s.close();
        }
    }

    @Test
    void aStreamThatHangsIsReportedLostAndReopened() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve(writeTs(300), 1, requests);
        List<PipelineStatus.Kind> kinds = new CopyOnWriteArrayList<>();
        CountDownLatch recovered = new CountDownLatch(1);
        CountDownLatch framesAfterRecovery = new CountDownLatch(30);
        GestureOptions o = GestureOptions.builder().source(url).model(TestVideos.model("colour.onnx")).provider(Provider.CPU)
                .watchdogTimeout(Duration.ofMillis(1500))
                .errorListener((w, e) -> {})
                .listener(new GestureListener() {
                    @Override public void onStatus(PipelineStatus s) {
                        kinds.add(s.kind());
                        if (s.kind() == PipelineStatus.Kind.SOURCE_RECOVERED) recovered.countDown();
                    }

                    @Override public void onFrame(byte[] bgr, FrameSource.Format f, long ts) {
                        if (recovered.getCount() == 0) framesAfterRecovery.countDown();
                    }
                }).build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(recovered.await(60, TimeUnit.SECONDS), "not recovered: " + kinds);
            assertTrue(framesAfterRecovery.await(30, TimeUnit.SECONDS), "no frames after recovery");
            assertEquals(List.of(PipelineStatus.Kind.SOURCE_OPENED, PipelineStatus.Kind.SOURCE_LOST,
                    PipelineStatus.Kind.SOURCE_RECOVERED), kinds.subList(0, 3));
            assertTrue(requests.get() >= 2);
        }
    }
}
