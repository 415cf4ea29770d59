package io.jesture.cli;

import io.jesture.JestureException;
import io.jesture.internal.train.PythonModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jesture import}: a checkpoint trained elsewhere becomes one jesture ONNX model. The work is
 * done by the Python pipeline ({@code jesture_train.importer}, which needs PyTorch), run as a child
 * process; this command finds it, streams its report and maps its exit status (docs/import.md).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Convert a real-trained checkpoint into a jesture model (one ONNX file with the full metadata contract).",
                "Example: jesture import --format efficient-3dcnns --arch shufflenet --width 0.5 --groups 3 "
                        + "jester_shufflenet_0.5x_G3_RGB_16_best.pth --out shufflenet.onnx",
                "Runs src/train's jesture_train.importer with Python and PyTorch (Debian: python3-torch python3-onnx); "
                        + "set JESTURE_TRAIN_DIR when jesture runs outside its checkout. See docs/import.md."})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CHECKPOINT", description = "The .pth file. It is unpickled: import only files you trust.")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The .onnx file to write.")
    Path out;

    @Option(names = "--format", defaultValue = "efficient-3dcnns",
            description = "Checkpoint format (default: ${DEFAULT-VALUE}, the models of \"Resource Efficient 3D CNNs\", Köpüklü et al.).")
    String format;

    @Option(names = "--arch", required = true, paramLabel = "NAME", description = "shufflenet, shufflenetv2 or mobilenetv2 (the trainer's --model).")
    String arch;

    @Option(names = "--width", paramLabel = "W", description = "Width multiplier, the trainer's --width_mult (default 1).")
    String width;

    @Option(names = "--groups", paramLabel = "G", description = "shufflenet only: groups of its 1x1x1 convolutions (default 3).")
    String groups;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labels in the checkpoint's output order, one per line (default: the 27 Jester names sorted alphabetically).")
    Path labels;

    @Option(names = "--fps", paramLabel = "FPS", description = "Clip frame rate: the video's fps / the trainer's --downsample (default 6).")
    String fps;

    @Option(names = "--clip-len", paramLabel = "T", description = "Frames per clip, the trainer's --sample_duration (default 16).")
    String clipLen;

    @Option(names = "--size", paramLabel = "S", description = "Square frame side, the trainer's --sample_size (default 112).")
    String size;

    @Option(names = "--pixel-mean", paramLabel = "R,G,B", description = "Mean on the 0..255 scale the trainer subtracted (default: its Kinetics mean).")
    String pixelMean;

    @Option(names = "--pixel-std", paramLabel = "R,G,B", description = "Std on the 0..255 scale (default 1,1,1).")
    String pixelStd;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Option(names = "--python", paramLabel = "EXE",
            description = "Python interpreter with PyTorch (default: /usr/bin/python3 if it exists, else python3 on the PATH).")
    String python;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !force) {
            throw new JestureException(out + " already exists: pass --force to replace it, or choose another --out");
        }
        PythonModule module = PythonModule.locate(python);
        List<String> args = new ArrayList<>(List.of(checkpoint.toString(), "--out", out.toString(), "--format", format, "--arch", arch));
        add(args, "--width", width);
        add(args, "--groups", groups);
        add(args, "--labels", labels == null ? null : labels.toString());
        add(args, "--fps", fps);
        add(args, "--clip-len", clipLen);
        add(args, "--size", size);
        add(args, "--pixel-mean", pixelMean);
        add(args, "--pixel-std", pixelStd);
        if (force) args.add("--force");
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        PythonModule.Result r = module.run("importer", args, line -> {
            stdout.println(line);
            stdout.flush();
        });
        boolean verbose = spec.commandLine().getParseResult().originalArgs().contains("--verbose");
        if (r.exitCode() == 0) {
            r.stderr().forEach(stderr::println); // warnings, if any
            stderr.flush();
            return ExitCode.OK;
        }
        if (verbose || r.exitCode() != 2) r.stderr().forEach(stderr::println);
        if (r.exitCode() == 2 && r.errorLine().isPresent()) throw new JestureException(r.errorLine().get());
        String last = r.stderr().isEmpty() ? "no output" : r.stderr().get(r.stderr().size() - 1);
        stderr.printf(Locale.ROOT, "jesture: %s -m jesture_train.importer (%s) failed with exit status %d: %s%n",
                module.python(), module.trainDir(), r.exitCode(), last);
        stderr.flush();
        return ExitCode.FAILURE;
    }

    private static void add(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }
}
