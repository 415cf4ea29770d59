import io.jesture.synth.Backgrounds;
import io.jesture.synth.GestureClip;
import io.jesture.synth.JesterExport;
import io.jesture.synth.JesterLabels;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hand landmarks of a synthetic Jester export straight from the world's pose track, without
 * drawing a pixel: for every clip of the export that {@code jesture synth} would write with these
 * settings, every second frame (6 fps of 12), the 21 points MediaPipe Hands would name, as
 * {@link GestureClip#handLandmarks} gives them.
 *
 * <pre>
 * java -cp target/jesture.jar bench/hand-landmarks/PoseTrack.java --seed 1 --clips 13500 --val-fraction 0.15 \
 *     --head-camera 0.25 --out target/hands/pose/v7-hv3      # writes OUT.csv and OUT.f32
 * </pre>
 *
 * OUT.csv holds {@code id;label;split;side} per clip (side +1: the drawn hand looks like a right
 * hand); OUT.f32 holds, clip after clip, 18 frames of 63 little-endian floats (x, y, depth per point).
 * {@code --every 1} writes all 36 frames of each clip instead (the training's auxiliary landmark
 * targets, {@code jesture_train.aux_landmarks}, follow every frame a window may pick).
 * pose_track.py turns them into the tracked records of track.py. A clip's id, split and scene are
 * the export's ({@link JesterExport#clip}), so a record and the same clip tracked in pixels line up;
 * the room is not drawn, and the hand does not depend on it.
 */
public final class PoseTrack {
    public static void main(String[] args) throws IOException {
        long seed = 1;
        int clips = 0, width = 176, height = 100, every = 2;
        double fps = 12, seconds = 3, valFraction = 0.15, headCamera = 0;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--clips" -> clips = Integer.parseInt(args[++i]);
                case "--val-fraction" -> valFraction = Double.parseDouble(args[++i]);
                case "--head-camera" -> headCamera = Double.parseDouble(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--every" -> every = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("PoseTrack: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (clips <= 0 || out == null || every < 1) {
            System.err.println("PoseTrack: give --clips N and --out PREFIX (and --every N of at least 1)");
            System.exit(2);
        }
        Path csv = Path.of(out + ".csv"), bin = Path.of(out + ".f32");
        if (Files.exists(csv) || Files.exists(bin)) {
            System.err.println("PoseTrack: " + csv + " or " + bin + " exists; choose another --out");
            System.exit(2);
        }
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        float[] xyz = new float[63];
        JesterExport export = new JesterExport(out, new JesterExport.Settings(seed, clips, width, height, fps, seconds, valFraction,
                null, null, headCamera), Backgrounds.NONE);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv));
             DataOutputStream d = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(bin), 1 << 16))) {
            for (int i = 0; i < clips; i++) {
                GestureClip clip = export.clip(i);
                int side = 0;
                for (int f = 0; f < clip.frameCount(); f += every) {
                    side = clip.handLandmarks(f, xyz);
                    for (float v : xyz) d.writeInt(Integer.reverseBytes(Float.floatToIntBits(v)));
                }
                w.println(JesterExport.idOf(i) + ";" + JesterLabels.name(clip.label()) + ";"
                        + export.splitOf(i).name().toLowerCase(java.util.Locale.ROOT) + ";" + side);
                if ((i + 1) % 1000 == 0) System.err.println((i + 1) + "/" + clips + " clips");
            }
        }
    }
}
