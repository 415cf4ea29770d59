package io.jesture.cli;

import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.RunningMode;
import io.jesture.ScoreUpdate;
import io.jesture.TestVideos;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.jesture.cli.CliTest.assertBadInput;
import static io.jesture.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Video files that are not what they claim (empty, text named .mp4, random bytes, a directory, a
 * recording cut short) and a network camera that never answers: each is one line naming the thing and
 * the fix, exit 2, and none of FFmpeg's or JavaCV's own wording.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BadVideoFilesTest {
    static final String MODEL = CliTest.MODEL;
    /** What FFmpeg and JavaCV say in their own words; none of it may reach the user. */
    static final String[] NOISE = {"moov atom", "avformat_open_input", "setFormat", "FFmpegLogCallback", "error -", "Error: [",
            "partial file", "Invalid data"};

    @TempDir
    Path dir;

    static void assertNoNoise(String text) {
        for (String n : NOISE) assertFalse(text.contains(n), "FFmpeg/JavaCV wording '" + n + "' in: " + text);
    }

    /** {@code frames} frames of a moving bar, MPEG-4 in MP4; with faststart the index (moov) comes first, as cameras and phones write it. */
    static Path writeMp4(Path file, int frames, boolean faststart) throws Exception {
        int w = 64, h = 48;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setVideoQuality(2);
            r.setFrameRate(30);
            r.setGopSize(15);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            if (faststart) r.setOption("movflags", "+faststart");
            r.start();
            Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            ByteBuffer b = (ByteBuffer) f.image[0];
            for (int i = 0; i < frames; i++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        byte v = (byte) (Math.abs(x - (i % w)) < 4 ? 230 : 40 + (x * 3 + y * 2 + i) % 60);
                        int p = y * f.imageStride + 3 * x;
                        b.put(p, v).put(p + 1, v).put(p + 2, v);
                    }
                }
                r.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        return file;
    }

    /** Keeps the first {@code percent} of the file's bytes, as a copy that stopped part way. */
    static Path truncate(Path file, int percent) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() * percent / 100);
        }
        return file;
    }

    @Test
    void emptyTextAndRandomBytesAsMp4AreOneLineNamingTheFileAndTheFix() throws Exception {
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        Path text = Files.writeString(dir.resolve("notes.mp4"), "these are my notes, not a video\n");
        byte[] noise = new byte[20_000];
        new java.util.Random(3).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.mp4"), noise);

        CliTest.Result r = run("classify", empty.toString(), "--model", MODEL, "--provider", "cpu");
        assertBadInput(r, "empty.mp4", "is empty (0 bytes)", "record or copy it again");
        assertNoNoise(r.err() + r.out());
        r = run("classify", text.toString(), "--model", MODEL, "--provider", "cpu");
        assertBadInput(r, "notes.mp4", "is not a video", "ffprobe");
        assertNoNoise(r.err() + r.out());
        r = run("run", "--source", "file:" + random, "--model", MODEL, "--provider", "cpu");
        assertBadInput(r, "random.mp4", "is not a video", "ffprobe");
        assertNoNoise(r.err() + r.out());
        r = run("run", "--source", "file:" + empty, "--model", MODEL, "--provider", "cpu");
        assertBadInput(r, "empty.mp4", "is empty (0 bytes)");
        assertNoNoise(r.err() + r.out());

        // eval-clips opens its clips the same way: the first broken one stops the run, in one line.
        Files.createDirectories(dir.resolve("set"));
        Files.copy(text, dir.resolve("set/notes.mp4"));
        Path csv = Files.writeString(dir.resolve("set/clips.csv"), "file;accept\nnotes.mp4;-\n");
        r = run("eval-clips", csv.toString(), "--model", MODEL, "--provider", "cpu", "--workers", "1", "--no-progress");
        assertBadInput(r, "clip notes.mp4", "is not a video", "fix or remove it from the set");
        assertNoNoise(r.err() + r.out());
    }

    @Test
    void aDirectoryGivenToFileSaysItIsADirectory() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("clip.mp4"));
        CliTest.Result r = run("run", "--source", "file:" + folder, "--model", MODEL, "--provider", "cpu");
        assertBadInput(r, "clip.mp4", "is a directory", "frames:");
        assertFalse(r.err().contains("does not exist"), r.err());
        r = run("classify", "file:" + folder, "--model", MODEL, "--provider", "cpu");
        assertBadInput(r, "clip.mp4", "is a directory");
    }

    /** A recording whose index (written last by FFmpeg) was never written: the copy stopped at 40%. */
    @Test
    void anMp4CutOffBeforeItsIndexIsOneLine() throws Exception {
        Path cut = truncate(writeMp4(dir.resolve("cut.mp4"), 90, false), 40);
        CliTest.Result r = run("run", "--source", "file:" + cut, "--model", MODEL, "--provider", "cpu");
        assertBadInput(r, "cut.mp4", "not a complete video", "cut short");
        assertNoNoise(r.err() + r.out());
        r = run("classify", cut.toString(), "--model", MODEL, "--provider", "cpu");
        assertBadInput(r, "cut.mp4", "not a complete video");
        assertNoNoise(r.err() + r.out());
    }

    /**
     * Index first (faststart), then the data breaks off at 40%: FFmpeg ends the file quietly, as if it
     * were a short clip. run and classify must say it ended early, where, and exit 2.
     */
    @Test
    void aFileThatEndsEarlyIsReportedWithTheFrameReachedAndExitsTwo() throws Exception {
        Path cut = truncate(writeMp4(dir.resolve("early.mp4"), 90, true), 40);
        CliTest.Result r = run("run", "--source", "file:" + cut, "--model", MODEL, "--provider", "cpu", "--offline");
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().matches("(?s).*jesture: video file \\S*early\\.mp4 ended early: decoding stopped at frame \\d+ of the 90"
                + " it declares.*ffprobe.*"), r.err());
        assertTrue(r.err().contains("ended early, after") && !r.err().contains("every clip was classified"), r.err());
        assertTrue(r.err().matches("(?s).*jesture: [\\d.]+ s, \\d+ frames.*"), "final stats line: " + r.err());
        assertNoNoise(r.err() + r.out());
        int reached = Integer.parseInt(r.err().replaceAll("(?s).*stopped at frame (\\d+) of.*", "$1"));
        assertTrue(reached > 0 && reached < 80, "frame reached " + reached);

        r = run("classify", cut.toString(), "--model", MODEL, "--provider", "cpu");
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().strip().startsWith("jesture: 1 of 1 inputs stopped decoding part way") && r.err().contains("ended early")
                && r.err().contains("stopped at frame " + reached + " of the 90"), r.err());
        assertTrue(r.out().contains(reached + " frames at 30 fps"), r.out());
        assertNoNoise(r.err() + r.out());

        // The whole file, for contrast: no complaint, exit 0.
        Path whole = writeMp4(dir.resolve("whole.mp4"), 90, true);
        r = run("run", "--source", "file:" + whole, "--model", MODEL, "--provider", "cpu", "--offline");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.err().contains("every clip was classified") && r.err().contains(" 90 frames"), r.err());
    }

    /** The file is cut while a live-paced run reads it: the run reports where it stopped instead of a normal end. */
    @Test
    void aFileTruncatedDuringALiveRunIsReportedAsEndingEarly() throws Exception {
        Path file = writeMp4(dir.resolve("growing.mp4"), 300, true); // 10 s at 30 fps
        CountDownLatch scoring = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        List<String> errors = new CopyOnWriteArrayList<>();
        List<String> end = new CopyOnWriteArrayList<>();
        GestureOptions o = GestureOptions.builder().source("file:" + file + ",pace=live").model(TestVideos.model("colour.onnx"))
                .provider(Provider.CPU).runningMode(RunningMode.LIVE)
                .errorListener((where, e) -> errors.add(where + ": " + e.getMessage()))
                .listener(new GestureListener() {
                    @Override public void onScores(ScoreUpdate u) {
                        scoring.countDown();
                    }

                    @Override public void onStatus(PipelineStatus s) {
                        if (s.kind() == PipelineStatus.Kind.END_OF_STREAM) {
                            end.add(s.message());
                            ended.countDown();
                        }
                    }
                }).build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(scoring.await(60, TimeUnit.SECONDS), "no inference");
            truncate(file, 30);
            assertTrue(ended.await(60, TimeUnit.SECONDS), "the run did not end after the file was cut");
            assertTrue(r.stats().framesCaptured() < 290, "frames " + r.stats().framesCaptured());
        }
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("jesture-capture: video file ") && errors.get(0).contains("ended early")
                && errors.get(0).contains("of the 300 it declares"), errors.toString());
        assertTrue(end.get(0).contains("ended early, after"), end.toString());
    }

    /** An RTSP camera that accepts the connection and never answers: plain words, not FFmpeg's error number. */
    @Test
    void aCameraThatNeverAnswersIsANetworkTimeoutInPlainWords() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) held.add(silent.accept()); // reads nothing, writes nothing
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-camera");
            acceptor.setDaemon(true);
            acceptor.start();
            Path config = Files.writeString(dir.resolve("jesture.yaml"), "watchdog-timeout: 1s\n");
            String url = "rtsp://127.0.0.1:" + silent.getLocalPort() + "/stream1";
            CliTest.Result r = run("run", "--config", config.toString(), "--source", url, "--model", MODEL, "--provider", "cpu");
            assertBadInput(r, url + ": no answer within 1 s (network timeout); check the address and that the camera is on");
            assertNoNoise(r.err() + r.out());
            assertFalse(held.isEmpty(), "jesture never connected");
        } finally {
            for (Socket s : held) s.close();
        }
    }

    /**
     * The real process, with its real stderr: FFmpeg writes straight to file descriptor 2 unless told
     * otherwise, which an in-process test cannot see. Only jesture's own lines may appear.
     */
    @Test
    void theRealProcessPrintsNoFfmpegNoiseOnStderr() throws Exception {
        Path text = Files.writeString(dir.resolve("movie.mp4"), "a text file\n".repeat(50));
        Path cut = truncate(writeMp4(dir.resolve("cut.mp4"), 90, false), 40);
        for (List<String> args : List.of(List.of("classify", text.toString()), List.of("run", "--source", "file:" + cut))) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Jesture.class.getName()));
            cmd.addAll(args);
            cmd.addAll(List.of("--model", MODEL, "--provider", "cpu"));
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err;
            try (InputStream in = p.getErrorStream()) {
                err = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not end");
            assertEquals(ExitCode.BAD_INPUT, p.exitValue(), err);
            // slf4j lines of jesture's own loggers (e.g. "rejection gate off" for this test model) are allowed.
            List<String> lines = err.lines().filter(l -> !l.isBlank() && !l.matches("\\[[^\\]]+\\] (INFO|WARN) io\\.jesture\\..*")).toList();
            assertEquals(1, lines.size(), args + ": " + err);
            assertTrue(lines.get(0).startsWith("jesture: video file "), err);
            assertNoNoise(err);
        }
    }
}
