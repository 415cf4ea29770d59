import io.jesture.synth.Backgrounds;
import io.jesture.synth.JesterLabels;
import io.jesture.synth.QuietScenario;
import io.jesture.synth.ScriptedStream;
import io.jesture.synth.Split;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Background clips cut from the world's continuous no-gesture streams, in the Jester layout, to join
 * a training set.
 *
 * <p>The world's training clips each hold one act from its start to its end. A live window does not:
 * it sees the end of one everyday act and the start of the next, a head turning between two rests, a
 * cat crossing the desk while the performer rests. {@code jesture eval-quiet}'s synthetic scenes fire
 * on exactly such windows. This cuts random 3-second windows out of those kinds of stream, rendered on
 * training-split scenes and seeds that no quiet input or stream seed uses, and labels each one
 * "Doing other things" where the performer is acting in it, else "No gesture".
 *
 * <pre>
 * java -cp target/jesture.jar bench/stream-negatives/StreamNegatives.java --out DIR --clips N --seed S \
 *     [--backgrounds /usr/share/backgrounds] [--threads 2] [--head-camera P]
 * </pre>
 *
 * Writes DIR/&lt;id&gt;/00001.jpg.. (176x100, 12 fps, 36 frames, JPEG quality drawn per clip from 40 to 90,
 * the world's range) and DIR/negatives.csv ({@code id;label}). With {@code --head-camera P} a share P of the
 * windows is seen from the performer's head, as {@code jesture synth --head-camera} draws its clips.
 */
public final class StreamNegatives {
    private static final int W = 176, H = 100, FRAMES = 36;
    private static final double FPS = 12.0, SECONDS = 20.0;

    /** The kinds of stream windows are cut from: the quiet scenes, and mixed everyday motion. */
    private static final List<String> KINDS;
    static {
        List<String> k = new ArrayList<>();
        k.add("other-motion");
        for (QuietScenario q : QuietScenario.values()) k.add(q.id());
        KINDS = Collections.unmodifiableList(k);
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        int clips = 0, threads = 2;
        double head = 0;
        long seed = 0;
        Backgrounds backgrounds = Backgrounds.NONE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--clips" -> clips = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--head-camera" -> head = Double.parseDouble(args[++i]);
                case "--backgrounds" -> backgrounds = Backgrounds.load(Path.of(args[++i]));
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --out DIR --clips N --seed S [--backgrounds DIR] [--threads T] [--head-camera P]");
                    System.exit(2);
                }
            }
        }
        if (!(head >= 0 && head <= 1)) {
            System.err.println("--head-camera is a share from 0 to 1, was " + head);
            System.exit(2);
        }
        if (out == null || clips < 1) {
            System.err.println("--out DIR and --clips N (at least 1) are required");
            System.exit(2);
        }
        if (Files.exists(out.resolve("negatives.csv"))) {
            System.err.println(out + " already holds negatives.csv; choose an empty folder");
            System.exit(2);
        }
        Files.createDirectories(out);
        String[] labels = new String[clips];
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "negatives"));
        final Path dir = out;
        final long master = seed;
        final Backgrounds bg = backgrounds;
        final double headShare = head;
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < clips; i++) {
                final int n = i;
                jobs.add(pool.submit(() -> {
                    labels[n] = render(dir, n, master, bg, headShare);
                    return null;
                }));
            }
            for (Future<?> f : jobs) f.get();
        } finally {
            // the workers are not daemons: a failed window must not leave the JVM waiting on them
            pool.shutdownNow();
        }
        String rest = JesterLabels.name(JesterLabels.NO_GESTURE);
        int[] counts = new int[KINDS.size() * 2];
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < clips; i++) {
            csv.append(id(i)).append(';').append(labels[i]).append('\n');
            counts[(i % KINDS.size()) * 2 + (labels[i].equals(rest) ? 1 : 0)]++;
        }
        Files.writeString(out.resolve("negatives.csv"), csv);
        for (int k = 0; k < KINDS.size(); k++) {
            System.out.printf(Locale.ROOT, "%-14s Doing other things %4d, No gesture %4d%n", KINDS.get(k), counts[2 * k], counts[2 * k + 1]);
        }
    }

    private static String id(int i) {
        return "n" + (i + 1);
    }

    /** Renders window i and returns its label. */
    private static String render(Path out, int i, long master, Backgrounds backgrounds, double headShare) throws IOException {
        SplittableRandom r = new SplittableRandom(master * 1_000_003L + i);
        // a random stream of its own, so that the windows without --head-camera stay as they were
        boolean headView = new SplittableRandom(master * 1_000_003L + i + 0x4EAD_0000_0000L).nextDouble() < headShare;
        long streamSeed = 1_000_000L + master * 100_000L + i; // far from every quiet input and stream seed (101-406)
        String kind = KINDS.get(i % KINDS.size());
        ScriptedStream stream;
        if (kind.equals("other-motion")) {
            stream = ScriptedStream.of(streamSeed, Split.TRAIN, W, H, FPS, Collections.nCopies(6, "Doing other things"));
        } else {
            stream = ScriptedStream.quiet(streamSeed, Split.TRAIN, W, H, FPS, QuietScenario.parse(kind), SECONDS);
        }
        stream = headView ? stream.with(backgrounds, Split.TRAIN, true, streamSeed) : stream.withBackgrounds(backgrounds, Split.TRAIN);
        long last = Math.max(0, Math.min(stream.frameCount(), (long) (SECONDS * FPS)) - FRAMES);
        long start = last == 0 ? 0 : r.nextLong(last + 1);
        long t0 = Math.round(start / FPS * 1e9), t1 = Math.round((start + FRAMES) / FPS * 1e9);
        long acting = 0;
        for (ScriptedStream.Segment s : stream.segments()) {
            acting += Math.max(0, Math.min(t1, s.endNanos()) - Math.max(t0, s.startNanos()));
        }
        // a window that shows at least 0.3 s of an everyday act is "Doing other things"; rest is "No gesture"
        String label = acting >= 300_000_000L ? JesterLabels.name(JesterLabels.DOING_OTHER_THINGS) : JesterLabels.name(JesterLabels.NO_GESTURE);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality((40 + r.nextInt(51)) / 100f);
            BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            Path tmp = out.resolve(".tmp-" + id(i));
            Files.createDirectories(tmp);
            for (int f = 0; f < FRAMES; f++) {
                stream.render(start + f, bgr);
                try (FileImageOutputStream ios = new FileImageOutputStream(tmp.resolve(String.format(Locale.ROOT, "%05d.jpg", f + 1)).toFile())) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(img, null, null), param);
                }
            }
            Files.move(tmp, out.resolve(id(i)));
        } finally {
            writer.dispose();
        }
        return label;
    }
}
