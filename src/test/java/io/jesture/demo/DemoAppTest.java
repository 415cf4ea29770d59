package io.jesture.demo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoAppTest {
    @Test
    void loopTurnsAFileIntoALoopingFileAndLeavesOthersAlone() {
        assertEquals("file:clip.mp4,loop=true", DemoApp.loopingSource("file:clip.mp4"));
        assertEquals("file:clip.mp4,pace=live,loop=true", DemoApp.loopingSource("file:clip.mp4,pace=live"));
        assertEquals("file:clip.mp4,loop=false", DemoApp.loopingSource("file:clip.mp4,loop=false"), "an explicit choice wins");
        assertEquals("frames:data/1234,fps=12,loop=true", DemoApp.loopingSource("frames:data/1234,fps=12"));
        assertEquals("camera:0", DemoApp.loopingSource("camera:0"));
        assertEquals("synthetic:seed=7,loop=true", DemoApp.loopingSource("synthetic:seed=7"));
        assertEquals("synthetic:loop=true", DemoApp.loopingSource("synthetic:"));
        assertEquals("synthetic:loop=false,seed=1", DemoApp.loopingSource("synthetic:loop=false,seed=1"));
        assertEquals("rtsp://cam/stream", DemoApp.loopingSource("rtsp://cam/stream"));
    }

    @Test
    void camerasAreMirroredByDefaultOtherSourcesAreNot() {
        assertTrue(DemoApp.isCamera("camera:0"));
        assertTrue(DemoApp.isCamera("camera:/dev/video2?size=640x480"));
        assertFalse(DemoApp.isCamera("file:clip.mp4"));
        assertFalse(DemoApp.isCamera("synthetic:seed=7"));
        assertFalse(DemoApp.isCamera("rtsp://host/stream"));
    }
}
