package io.jesture.daemon;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A daemon in its own JVM for {@link DaemonSigtermTest}: starts with the real shutdown hook, holds a
 * key through a scripted gesture, prints {@code HOLDING}, and waits to be killed.
 *
 * <p>Arguments: the config file, and {@code dry-run} or {@code robot}.
 */
public final class SigtermChild {
    private SigtermChild() {}

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        InputBackend backend = args[1].equals("robot") ? RobotBackend.open() : new DryRunBackend(line -> {
            System.out.println(line);
            System.out.flush();
        });
        Daemon d = Daemon.start(config, io.jesture.synth.JesterLabels.LABELS, backend, FocusProbe.NONE, true, true, Daemon.ReloadListener.NONE);
        d.listener().onGesture(Scripted.gesture("Pulling Hand In", 0.95, 1000));
        d.sync(() -> {});
        System.out.println("HOLDING");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM
    }
}
