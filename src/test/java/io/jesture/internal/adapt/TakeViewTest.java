package io.jesture.internal.adapt;

import io.jesture.FrameSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The views of a take: which frames each plays, at what times; and that the head counts a take's views as one take. */
class TakeViewTest {
    /** Ten 1x1 frames whose one blue byte is their index, at 12 fps. */
    static List<byte[]> frames() {
        List<byte[]> f = new ArrayList<>();
        for (int i = 0; i < 10; i++) f.add(new byte[] {(byte) i, 0, 0});
        return f;
    }

    static long[] stamps() {
        long[] t = new long[10];
        for (int i = 0; i < 10; i++) t[i] = Math.round(i * 1e9 / 12);
        return t;
    }

    /** Reads a view to its end: "frame index@milliseconds" per frame. */
    static List<String> play(TakeView v) throws Exception {
        FrameSource s = v.play(frames(), stamps(), new FrameSource.Format(1, 1, 12), "00001");
        s.open();
        List<String> out = new ArrayList<>();
        byte[] b = new byte[3];
        for (long ts; (ts = s.read(b)) != FrameSource.END_OF_STREAM; ) out.add(b[0] + "@" + Math.round(ts / 1e6));
        return out;
    }

    @Test
    void viewsChangeOnlyTiming() throws Exception {
        assertEquals(List.of("0@0", "1@83", "2@167", "3@250", "4@333", "5@417", "6@500", "7@583", "8@667", "9@750"),
                play(new TakeView("as recorded", 1, 0, 1)));
        List<String> slow = play(TakeView.TIME.get(0));
        assertEquals(10, slow.size());
        assertEquals("9@938", slow.get(9), "0.8x: the same frames, 25 % further apart");
        assertEquals("9@600", play(TakeView.TIME.get(1)).get(9), "1.25x: 20 % closer");
        List<String> late = play(TakeView.TIME.get(2));
        assertEquals("2@0", late.get(0), "the first fifth left out, time starting at the first frame kept");
        assertEquals("9@583", late.get(late.size() - 1));
        List<String> early = play(TakeView.TIME.get(3));
        assertEquals("0@0", early.get(0));
        assertEquals("7@583", early.get(early.size() - 1), "the last fifth left out");
    }

    /** A 4x2 frame whose blue byte is 10 * row + column. */
    static byte[] grid() {
        byte[] f = new byte[4 * 2 * 3];
        for (int y = 0; y < 2; y++) for (int x = 0; x < 4; x++) f[(y * 4 + x) * 3] = (byte) (10 * y + x);
        return f;
    }

    /** The blue bytes of the first frame a view plays from one 4x2 grid frame, row by row. */
    static List<Integer> cropOf(TakeView v) throws Exception {
        FrameSource s = v.play(List.of(grid()), new long[] {0}, new FrameSource.Format(4, 2, 12), "00001");
        s.open();
        byte[] b = new byte[4 * 2 * 3];
        s.read(b);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) out.add((int) b[i * 3]);
        return out;
    }

    @Test
    void cropViewsScaleAPartOfTheFrameBackToItsSize() throws Exception {
        assertEquals(List.of(0, 1, 2, 3, 10, 11, 12, 13), cropOf(new TakeView("whole", 1, 0, 1)));
        // Half the frame each way: 2x1 pixels, each shown twice across and twice down.
        assertEquals(List.of(0, 0, 1, 1, 0, 0, 1, 1), cropOf(new TakeView("up-left", 1, 0, 1, 0.5, 0, 0)));
        assertEquals(List.of(12, 12, 13, 13, 12, 12, 13, 13), cropOf(new TakeView("down-right", 1, 0, 1, 0.5, 1, 1)));
        assertEquals(List.of(1, 1, 2, 2, 1, 1, 2, 2), cropOf(new TakeView("centre", 1, 0, 1, 0.5, 0.5, 0)));
        assertEquals(TakeView.TIME.size() + TakeView.SPACE.size(), TakeView.parse("time+space").size());
        for (TakeView v : TakeView.SPACE) assertEquals(1.0, v.speed(), "a crop view keeps time");
    }

    @Test
    void badViewsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TakeView("x", 1, 0, 1, 0.3, 0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new TakeView("x", 1, 0, 1, 0.8, 1.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new TakeView("x", 0.1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TakeView("x", 1, 0.5, 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TakeView.parse("reverse"));
        assertTrue(e.getMessage().contains("time") && e.getMessage().contains("none"), e.getMessage());
        assertEquals(TakeView.TIME, TakeView.parse(" Time "));
        assertEquals(List.of(), TakeView.parse("none"));
    }

    /** Three takes of two classes, each take also in two views: the profile says three takes, and the views change the fit. */
    @Test
    void theHeadCountsATakesViewsAsOneTake() {
        List<String> labels = List.of("a", "b", "c");
        List<Take> takes = new ArrayList<>(), views = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (String label : List.of("X", "Y")) {
                float s = label.equals("X") ? 1 : -1;
                takes.add(take(label + i, label, new float[] {s, 0.2f * i, 1}));
                views.add(take(label + i, label, new float[] {s, -0.3f, 1}));
                views.add(take(label + i, label, new float[] {s, 0.3f, 1}));
            }
        }
        HeadFitter fitter = HeadFitter.defaults();
        Profile plain = fitter.fit(takes, labels, List.of("X", "Y"), "m", "sha");
        List<Take> all = new ArrayList<>(takes);
        all.addAll(views);
        Profile viewed = fitter.fit(all, labels, List.of("X", "Y"), "m", "sha");
        assertEquals(List.of(new Profile.RecordedClass("X", true, 3), new Profile.RecordedClass("Y", true, 3)), viewed.classes());
        assertEquals(plain.info().path("windows").asInt() * 3, viewed.info().path("windows").asInt(), "every view's windows are fitted on");
        float[] probs = new float[5];
        new ProfileHead(viewed, null).apply(new float[3], new float[] {1, 0, 1}, probs);
        assertTrue(probs[3] > probs[4], "X's side is X");
    }

    static Take take(String id, String label, float[] embedding) {
        float[][] e = {embedding, embedding};
        float[][] l = {new float[3], new float[3]};
        return new Take(id, label, 4, 4, 20, e, l, embedding, new float[3]);
    }
}
