package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceUriTest {
    static final Duration T = Duration.ofSeconds(3);

    static FrameSource create(String uri) throws SourceException {
        return SourceUri.create(uri, false, T);
    }

    static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @Test
    void unknownSchemeNamesTheUriAndTheValidSchemes() {
        SourceException e = assertThrows(SourceException.class, () -> create("webcam:0"));
        assertMentions(e, "webcam:0", "camera:0", "file:", "frames:", "synthetic:", "rtsp://");
        assertMentions(assertThrows(SourceException.class, () -> create("clip.mp4")), "clip.mp4", "no scheme", "file:");
    }

    @Test
    void absentCameraIsAClearErrorOnOpen() throws Exception {
        // There is no webcam on this machine: this is the real path, not a fake.
        FrameSource s = create("camera:/dev/video99");
        assertEquals("camera /dev/video99", s.description());
        SourceException e = assertThrows(SourceException.class, s::open);
        assertMentions(e, "no camera at /dev/video99", "--source");
        s.close();
        FrameSource byIndex = create("camera:7,size=640x480,fps=30");
        assertEquals("camera /dev/video7 640x480@30", byIndex.description());
        assertMentions(assertThrows(SourceException.class, byIndex::open), "/dev/video7");
    }

    @Test
    void parametersAreCheckedAndNamed() throws Exception {
        assertMentions(assertThrows(SourceException.class, () -> create("camera:0,size=640")), "size", "640", "WIDTHxHEIGHT");
        assertMentions(assertThrows(SourceException.class, () -> create("camera:0,fps=-3")), "fps", "-3");
        assertMentions(assertThrows(SourceException.class, () -> create("camera:0,zoom=2")), "zoom", "[decode, format, fps, size]");
        assertEquals("camera /dev/video0 1280x720@30 mjpeg", create("camera:0,size=1280x720,fps=30,format=mjpeg").description());
        assertMentions(assertThrows(SourceException.class, () -> create("file:a.mp4,loop=maybe")), "loop", "maybe");
        assertMentions(assertThrows(SourceException.class, () -> create("file:a.mp4,pace=slow")), "pace", "live");
        assertMentions(assertThrows(SourceException.class, () -> create("camera:front")), "front", "camera:0");
        assertMentions(assertThrows(SourceException.class, () -> create("file:")), "file:path");
        assertMentions(assertThrows(SourceException.class, () -> create("file:a.gif,fps=0")), "fps", "'0'", "positive");
        assertMentions(assertThrows(SourceException.class, () -> create("frames:")), "frames:path");
        assertMentions(assertThrows(SourceException.class, () -> create("frames:clips/1,fps=fast")), "fps", "fast");
        assertMentions(assertThrows(SourceException.class, () -> create("frames:clips/1,size=10x10")), "size", "[fps, loop, pace, still]");
        assertMentions(assertThrows(SourceException.class, () -> create("frames:clips/1,pace=slow")), "pace", "live");
        assertMentions(assertThrows(SourceException.class, () -> create("file:a.mp4,decode=tiny")), "decode", "tiny", "decode=auto",
                "decode=full", "decode=small");
        assertMentions(assertThrows(SourceException.class, () -> create("frames:clips/1,decode=small")), "decode", "[fps, loop, pace, still]");
    }

    @Test
    void decodeIsAutoUnlessTheUriSaysFullOrSmall() throws Exception {
        assertEquals(FfmpegSource.Decode.AUTO, ((FfmpegSource) create("file:a.mp4")).decode());
        assertEquals(FfmpegSource.Decode.FULL, ((FfmpegSource) create("file:a.mp4,decode=full")).decode());
        assertEquals(FfmpegSource.Decode.SMALL, ((FfmpegSource) create("file:a.mp4,decode=small")).decode());
        assertEquals(FfmpegSource.Decode.SMALL, ((FfmpegSource) create("camera:0,size=1280x720,decode=small")).decode());
        assertEquals("video file a.mp4 (looping) (decode=small)", create("file:a.mp4,loop=true,decode=small").description());
        assertEquals("video file a.mp4 (looping)", create("file:a.mp4,loop=true").description());
    }

    @Test
    void fpsOverridesAndFrameFoldersMakeTheRightSources() throws Exception {
        assertEquals("video file clip.gif @ 12 fps", create("file:clip.gif,fps=12").description());
        assertEquals("video file clip.mp4 @ 29.97 fps (looping)", create("file:clip.mp4,fps=29.97,loop=true").description());
        FrameSource folder = create("frames:data/jester/1234");
        assertTrue(folder instanceof FrameFolderSource, folder.getClass().toString());
        assertEquals("frame folder data/jester/1234 @ 12 fps", folder.description());
        assertEquals("frame folder d @ 6 fps (looping)", create("frames:d,fps=6,loop=true,pace=fast").description());
        assertTrue(!folder.isLive());
    }

    /** A comma in a path is written \\, (and a backslash before one \\\\); file(Path) writes that for any path. */
    @Test
    void commasInPathsAreEscapedWithABackslash() throws Exception {
        assertEquals("video file take,2, final.mp4 (looping)", create("file:take\\,2\\, final.mp4,loop=true").description());
        assertEquals("frame folder a,b @ 6 fps", create("frames:a\\,b,fps=6").description());
        assertEquals("video file C:\\x.mp4", create("file:C:\\x.mp4").description()); // other backslashes stay
        assertEquals("video file a\\,b.mp4", create("file:a\\\\\\,b.mp4").description());
        for (String path : new String[] {"take,2, final.mp4", "a\\,b.mp4", "ends\\", "plain.mp4", ",,", "x,loop=true"}) {
            assertEquals(List.of(path), SourceUri.split(SourceUri.escape(path)), path);
            assertEquals("video file " + path, create(SourceUri.file(java.nio.file.Path.of(path))).description(), path);
        }
        assertEquals(List.of("a", "b", "", "c"), SourceUri.split("a,b,,c"));
        // Unescaped, the rest of the name reads as a parameter: the message says how to write it.
        assertMentions(assertThrows(SourceException.class, () -> create("file:take,2.mp4")), "'2.mp4'", "\\,", "--source-file");
    }

    @Test
    void fileAndStreamUrisMakeTheRightSources() throws Exception {
        assertEquals("video file clip.mp4 (looping)", create("file:clip.mp4,loop=true").description());
        assertEquals("stream rtsp://cam.local:554/live?x=1", create("rtsp://cam.local:554/live?x=1").description());
        assertTrue(create("http://example.org/a.m3u8").isLive());
        assertTrue(!create("file:a.mp4").isLive());
    }

    @Test
    void syntheticSpecsGoToTheSyntheticWorldAndOfflineRunsDefaultToFast() throws Exception {
        FrameSource live = SourceUri.create("synthetic:seed=7,gestures=1", false, T);
        assertTrue(live.description().contains("live"), live.description());
        FrameSource fast = SourceUri.create("synthetic:seed=7,gestures=1", true, T);
        assertTrue(fast.description().contains("fast"), fast.description());
        FrameSource explicit = SourceUri.create("synthetic:seed=7,pace=live", true, T);
        assertTrue(explicit.description().contains("live"), explicit.description());
        assertMentions(assertThrows(SourceException.class, () -> create("synthetic:sead=7")), "sead", "seed");
    }
}
