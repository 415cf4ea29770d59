package io.jesture.internal.adapt;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes every window's embedding and logits of a clip set, for offline study of a rejection score
 * ({@code bench/presence-probe.py} reads them). A development tool, not a test.
 *
 * <p>Arguments: MODEL DATA OUT. DATA is an EgoGestAR folder (with labels.csv) or a Jester-layout
 * folder (its validation split). Writes OUT.csv (clip;label;window, one line per window, the header
 * names D and K), OUT.f32 (per window D embedding floats then K logits, big-endian float32) and
 * OUT.takes (the embedding cache, reused on a second run).
 */
public final class PresenceDump {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PresenceDump MODEL DATA OUT");
            System.exit(2);
        }
        Path model = Path.of(args[0]), data = Path.of(args[1]);
        String out = args[2];
        Path parent = Path.of(out).toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        List<TakeCache.Item> items = Files.isRegularFile(data.resolve("labels.csv"))
                ? TakeCache.egogestar(data) : TakeCache.jester(data);
        List<Take> takes = TakeCache.load(model, items, Path.of(out + ".takes"), 12);
        int d = takes.get(0).windowEmbeddings()[0].length, k = takes.get(0).windowLogits()[0].length;
        try (PrintWriter meta = new PrintWriter(Files.newBufferedWriter(Path.of(out + ".csv")));
             DataOutputStream bin = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Path.of(out + ".f32"))))) {
            meta.println("clip;label;window;d=" + d + ";k=" + k);
            for (Take t : takes) {
                for (int w = 0; w < t.windows(); w++) {
                    meta.println(t.id() + ";" + t.label() + ";" + w);
                    for (float v : t.windowEmbeddings()[w]) bin.writeFloat(v);
                    for (float v : t.windowLogits()[w]) bin.writeFloat(v);
                }
            }
        }
        System.out.println(takes.size() + " clips, " + d + " embedding dimensions, " + k + " classes -> " + out + ".csv/.f32");
    }
}
