package io.jesture.cli;

import io.jesture.InvalidInputException;
import io.jesture.synth.Backgrounds;
import io.jesture.synth.ContactSheet;
import io.jesture.synth.JesterExport;
import io.jesture.synth.JesterLabels;
import io.jesture.synth.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jesture synth}: renders a synthetic gesture dataset in 20BN-Jester's on-disk layout, so the
 * same training code trains on real Jester unchanged. Classes are balanced in both splits; the
 * validation split uses its own seeds and background families that training never sees. A rerun
 * with the same settings skips finished clips (each clip is written to a temporary folder and renamed
 * into place atomically) and produces identical files.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Render a synthetic gesture dataset in Jester layout: DIR/<id>/00001.jpg..., "
                + "jester-v1-train.csv, jester-v1-validation.csv, jester-v1-labels.csv.",
                "Example: jesture synth --out data/synth --clips 20000 --seed 1"})
public final class SynthCommand implements Callable<Integer> {
    static final String MANIFEST = JesterExport.MANIFEST;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (created if missing).")
    private Path out;

    @Option(names = "--clips", paramLabel = "N", defaultValue = "1000", description = "Number of clips, train + validation (default ${DEFAULT-VALUE}).")
    private int clips;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Master seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "176x100", description = "Frame size (default ${DEFAULT-VALUE}, Jester's own).")
    private String size;

    @Option(names = "--fps", defaultValue = "12", description = "Frames per second (default ${DEFAULT-VALUE}, as Jester).")
    private double fps;

    @Option(names = "--seconds", defaultValue = "3", description = "Clip length in seconds (default ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.15", description = "Fraction of clips in the validation split (default ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads (default: all cores).")
    private int threads;

    @Option(names = "--quality", paramLabel = "Q", description = "JPEG quality 1..100 for every frame (default: drawn per clip in 45..95, a nuisance like any other).")
    private Integer quality;

    @Option(names = "--backgrounds", paramLabel = "DIR", description = "Folder of background photographs (.jpg/.png, searched recursively), e.g. /usr/share/backgrounds "
            + "from Debian's mate-backgrounds and lomiri-wallpapers; default: procedural rooms only.")
    private Path backgrounds;

    @Option(names = "--head-camera", paramLabel = "F", defaultValue = "0",
            description = "Share of clips seen from the performer's head instead of a webcam in front (first-person, as head-mounted "
                    + "cameras film pointing gestures), chosen by seed, never by label (default ${DEFAULT-VALUE}).")
    private double headCamera;

    @Option(names = "--preview", paramLabel = "PNG", description = "Instead of a dataset, write a contact sheet of all 27 classes to this PNG.")
    private Path preview;

    @Option(names = "--force", description = "Let --preview replace an existing file.")
    private boolean force;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    private boolean noProgress;

    private Backgrounds library = Backgrounds.NONE;

    @Override
    public Integer call() throws Exception {
        int[] wh = parseSize(size);
        if (!(fps > 0) || fps > 120) throw new InvalidInputException("--fps must be in (0, 120], was " + fps);
        if (!(seconds >= 1) || seconds > 60) throw new InvalidInputException("--seconds must be in [1, 60], was " + seconds);
        Backgrounds bg = backgrounds == null ? Backgrounds.NONE : loadBackgrounds(backgrounds);
        this.library = bg;
        if (preview != null) {
            writePreview(wh);
            spec.commandLine().getOut().println("wrote " + preview);
            return ExitCode.OK;
        }
        if (out == null) throw new InvalidInputException("--out DIR is required (or --preview PNG)");
        if (clips < 1 || clips > 10_000_000) throw new InvalidInputException("--clips must be in 1..10000000, was " + clips);
        if (!(valFraction >= 0) || valFraction >= 1) throw new InvalidInputException("--val-fraction must be in [0, 1), was " + valFraction);
        if (!(headCamera >= 0) || headCamera > 1) throw new InvalidInputException("--head-camera must be in [0, 1], was " + headCamera);
        if (quality != null && (quality < 1 || quality > 100)) throw new InvalidInputException("--quality must be in 1..100, was " + quality);
        if (threads < 0 || threads > 256) throw new InvalidInputException("--threads must be in 0..256 (0 = all cores), was " + threads);
        int nThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;

        JesterExport export = new JesterExport(out,
                new JesterExport.Settings(seed, clips, wh[0], wh[1], fps, seconds, valFraction, quality, backgrounds, headCamera), library);
        try {
            prepareOut();
            export.prepare();
        } catch (IOException e) {
            throw new InvalidInputException("--out " + out + ": cannot write there (" + why(e) + "); choose a folder you can write");
        } catch (IllegalArgumentException e) {
            // JesterExport.prepare's documented refusal of a folder holding something else: the user's --out
            throw new InvalidInputException(e.getMessage(), e);
        }

        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicLong frames = new AtomicLong();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar progress = noProgress ? null : new ProgressBar(err, "synth", "clips", clips, done);
        ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
            Thread t = new Thread(r, "jesture-synth-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger cursor = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try {
            if (progress != null) progress.start();
            for (int k = 0; k < nThreads; k++) {
                futures.add(pool.submit(() -> {
                    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                    try {
                        for (int i; (i = cursor.getAndIncrement()) < clips; ) {
                            if (Thread.currentThread().isInterrupted()) return null;
                            if (export.renderClip(i, writer)) skipped.incrementAndGet();
                            else frames.addAndGet(Math.round(seconds * fps));
                            done.incrementAndGet();
                        }
                    } finally {
                        writer.dispose();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    cursor.set(clips); // stop the other workers at their next clip
                    Throwable c = e.getCause();
                    if (c instanceof UncheckedIOException u) throw u.getCause();
                    if (c instanceof Exception ex) throw ex;
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            if (progress != null) progress.finish();
        }
        export.writeCsvs();
        int nVal = export.validationCount();
        spec.commandLine().getOut().printf(Locale.ROOT, "synth: %d clips in %s (%d rendered, %d already there), %d train, %d validation%n",
                clips, out, clips - skipped.get(), skipped.get(), clips - nVal, nVal);
        return ExitCode.OK;
    }

    /** Creates {@code --out} unless it is a folder already; anything in the way is bad input, in one line. */
    private void prepareOut() throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a file, not a folder; choose a new or empty folder");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new InvalidInputException("--out " + out + ": cannot create this folder (" + why(e) + "); choose a folder you can write");
        }
    }

    /**
     * Renders the sheet, writes it next to the target and renames it into place, so a failed write
     * leaves the old file alone; an existing file is replaced only with {@code --force}.
     */
    private void writePreview(int[] wh) {
        if (Files.isDirectory(preview)) throw new InvalidInputException("--preview " + preview + " is a folder; give a .png file name");
        if (Files.exists(preview, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new InvalidInputException("--preview " + preview + " exists; pass --force to replace it, or choose another file");
        }
        int[] labels = new int[JesterLabels.count()];
        for (int i = 0; i < labels.length; i++) labels[i] = i;
        BufferedImage sheet = ContactSheet.render(seed, Split.TRAIN, labels, 8, wh[0], wh[1], fps, seconds, library, headCamera);
        Path abs = preview.toAbsolutePath();
        Path tmp = abs.resolveSibling(".tmp-" + abs.getFileName());
        try {
            try (java.io.OutputStream os = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                if (!ImageIO.write(sheet, "png", os)) throw new IOException("no PNG writer");
            }
            if (force) Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            else Files.move(tmp, abs); // fails rather than replace a file that appeared meanwhile
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do: the message below names the problem
            }
            if (e instanceof java.nio.file.FileAlreadyExistsException && !force) {
                throw new InvalidInputException("--preview " + preview + " exists; pass --force to replace it, or choose another file");
            }
            throw new InvalidInputException("--preview " + preview + ": cannot write there (" + why(e) + "); choose a folder you can write");
        }
    }

    /** The file system's reason, in words; {@code NoSuchFileException} and friends carry only a path. */
    static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "a file of that name is in the way";
        if (e instanceof java.nio.file.NotDirectoryException) return "a part of the path is a file";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return String.valueOf(e.getMessage());
    }

    /** Backgrounds.load refuses a missing or imageless folder with a documented IllegalArgumentException: the user's --backgrounds. */
    private static Backgrounds loadBackgrounds(Path dir) {
        try {
            return Backgrounds.load(dir);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    static int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].strip()), h = Integer.parseInt(p[1].strip());
                if (w >= 16 && h >= 16 && w <= 4096 && h <= 4096) return new int[] {w, h};
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new InvalidInputException("--size must be WIDTHxHEIGHT between 16x16 and 4096x4096, e.g. 176x100; was '" + s + "'");
    }
}
