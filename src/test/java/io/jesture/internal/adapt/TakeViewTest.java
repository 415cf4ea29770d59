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

    @Test
    void badViewsAreRefused() {
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
