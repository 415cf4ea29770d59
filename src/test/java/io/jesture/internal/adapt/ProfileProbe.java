package io.jesture.internal.adapt;

import io.jesture.Provider;
import io.jesture.internal.source.FfmpegSource;
import io.jesture.internal.source.FrameFolderSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints, window by window, the top classes of a clip without and with a profile. A development tool. */
public final class ProfileProbe {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]), profileFile = Path.of(args[1]);
        Profile p = Profile.read(profileFile);
        ProfileHead head = new ProfileHead(p, p.info().path("rest_label").asText(null));
        List<String> labels = p.labels();
        try (TakeEmbedder e = TakeEmbedder.load(model, Provider.CPU, 0)) {
            for (int a = 2; a < args.length; a++) {
                Path clip = Path.of(args[a]);
                var src = Files.isDirectory(clip) ? new FrameFolderSource(clip, 12, false, FfmpegSource.Pace.FAST)
                        : FfmpegSource.file(clip, false, FfmpegSource.Pace.FAST);
                Take t = e.embed(clip.getFileName().toString(), "?", src);
                System.out.println(clip);
                float[] probs = new float[head.outputs()], raw = new float[labels.size()];
                for (int w = 0; w < t.windows(); w++) {
                    ProfileHead.softmax(t.windowLogits()[w], t.windowLogits()[w].length, raw);
                    head.apply(t.windowLogits()[w], t.windowEmbeddings()[w], t.motion(w), probs);
                    System.out.printf(Locale.ROOT, "  w%-2d model %s | profile %s%n", w, top(raw, labels), top(probs, labels));
                }
            }
        }
    }

    static String top(float[] p, List<String> labels) {
        int[] order = io.jesture.internal.eval.ClipScore.ranking(p);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) sb.append(String.format(Locale.ROOT, "%s %.2f  ", labels.get(order[i]), p[order[i]]));
        return sb.toString();
    }
}
