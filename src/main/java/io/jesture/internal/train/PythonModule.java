package io.jesture.internal.train;

import io.jesture.JestureException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a module of jesture's Python pipeline ({@code src/train/jesture_train}) as a child process:
 * {@code PYTHON -m jesture_train.NAME ARGS} with {@code PYTHONPATH} pointing at {@code src/train}. Its
 * standard output is handed over line by line as it arrives; its standard error is collected by a named
 * thread, because the pipeline's contract puts one {@code error: ...} line there for bad input (exit 2).
 *
 * <p>Where {@code src/train} is, first that wins: the {@code JESTURE_TRAIN_DIR} environment variable (or
 * the {@code jesture.trainDir} system property); {@code ../src/train} next to the folder holding
 * jesture's classes (the jar is built into {@code target/}, so this finds the checkout it was built from);
 * {@code src/train} under the working directory.
 */
public final class PythonModule {
    /** The default interpreter: Debian's, which is where {@code python3-torch} installs PyTorch. */
    public static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
    static final String TRAIN_DIR_ENV = "JESTURE_TRAIN_DIR";
    static final String TRAIN_DIR_PROPERTY = "jesture.trainDir";

    /** What a finished run left: its exit status and everything it wrote to standard error. */
    public record Result(int exitCode, List<String> stderr) {
        /** The text of the last {@code error: } line, the pipeline's one-line bad-input message. */
        public Optional<String> errorLine() {
            for (int i = stderr.size() - 1; i >= 0; i--) {
                String l = stderr.get(i);
                if (l.startsWith("error: ")) return Optional.of(l.substring("error: ".length()).strip());
            }
            return Optional.empty();
        }
    }

    private final String python;
    private final Path trainDir;

    private PythonModule(String python, Path trainDir) {
        this.python = python;
        this.trainDir = trainDir;
    }

    /**
     * @param python an interpreter path, or null for {@link #SYSTEM_PYTHON} where it exists and
     *               {@code python3} on the PATH otherwise
     */
    public static PythonModule locate(String python) throws JestureException {
        String exe = python;
        if (exe == null) {
            exe = Files.isExecutable(SYSTEM_PYTHON) ? SYSTEM_PYTHON.toString() : "python3";
        } else if (exe.contains("/") && !Files.isExecutable(Path.of(exe))) {
            throw new JestureException("--python " + exe + " is not an executable file: pass the path of a Python 3 "
                    + "interpreter that has PyTorch (Debian: /usr/bin/python3 with python3-torch python3-onnx)");
        }
        return new PythonModule(exe, findTrainDir());
    }

    public String python() {
        return python;
    }

    public Path trainDir() {
        return trainDir;
    }

    static Path findTrainDir() throws JestureException {
        List<Path> tried = new ArrayList<>();
        String configured = System.getProperty(TRAIN_DIR_PROPERTY, System.getenv(TRAIN_DIR_ENV));
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (isTrainDir(p)) return p.toAbsolutePath().normalize();
            throw new JestureException(TRAIN_DIR_ENV + "=" + configured + " has no jesture_train/importer.py: point it at "
                    + "the src/train folder of a jesture checkout");
        }
        // target/jesture.jar and target/classes both sit in target/, beside src/.
        codeLocation().map(Path::getParent).map(Path::getParent)
                .ifPresent(root -> tried.add(root.resolve("src").resolve("train")));
        tried.add(Path.of("").toAbsolutePath().resolve("src").resolve("train"));
        for (Path p : tried) {
            if (isTrainDir(p)) return p.toAbsolutePath().normalize();
        }
        throw new JestureException("cannot find jesture's Python pipeline (src/train/jesture_train) at " + tried
                + ": run jesture from the repository root, or set " + TRAIN_DIR_ENV + " to the checkout's src/train");
    }

    private static boolean isTrainDir(Path p) {
        return Files.isRegularFile(p.resolve("jesture_train").resolve("importer.py"));
    }

    /** The jar or classes folder jesture was loaded from (target/jesture.jar or target/classes). */
    private static Optional<Path> codeLocation() {
        try {
            CodeSource src = PythonModule.class.getProtectionDomain().getCodeSource();
            if (src == null) return Optional.empty();
            return Optional.of(Path.of(src.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code python -m jesture_train.<module> args} in the working directory and waits for it.
     * A child still running when this method leaves early (interrupted while waiting, or a read
     * failure) is killed; Ctrl-C in a terminal reaches the child directly, as part of the same job.
     *
     * @param stdout receives each line of the child's standard output as it is written
     */
    public Result run(String module, List<String> args, Consumer<String> stdout) throws JestureException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, "-m", "jesture_train." + module));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        String old = env.get("PYTHONPATH");
        env.put("PYTHONPATH", trainDir + (old == null || old.isBlank() ? "" : java.io.File.pathSeparator + old));
        env.put("PYTHONUNBUFFERED", "1");          // lines arrive as they are printed
        env.put("PYTHONDONTWRITEBYTECODE", "1");   // no __pycache__ in the checkout
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new JestureException("cannot start " + python + " (" + e.getMessage() + "): install Python 3 with "
                    + "PyTorch (Debian: python3-torch python3-onnx), or pass --python PATH", e);
        }
        List<String> err = new ArrayList<>();
        Thread errPump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (err) {
                        err.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the child is gone; what was read is kept
            }
        }, "jesture-python-stderr");
        errPump.setDaemon(true);
        errPump.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) stdout.accept(line);
            int code = process.waitFor();
            errPump.join();
            synchronized (err) {
                return new Result(code, List.copyOf(err));
            }
        } catch (IOException e) {
            throw new JestureException("reading the output of " + String.join(" ", cmd) + " failed: " + e.getMessage(), e);
        } finally {
            if (process.isAlive()) process.destroyForcibly();
        }
    }
}
