package io.jesture.daemon;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one file and calls back when it changes, on its own thread {@code jesture-config-watch}.
 * It watches the directory, not the file, because editors save by writing a new file and renaming it
 * over the old one. Bursts of events (write, then chmod, then rename) within 150 ms make one callback.
 */
final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final long SETTLE_MILLIS = 150;
    private final Path file;
    private final WatchService service;
    private final Thread thread;
    private final Runnable onChange;

    ConfigWatcher(Path file, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.onChange = onChange;
        this.service = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(this::loop, "jesture-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean ours = drain(key);
                // Let a burst of events settle, so a half-written file is not read.
                WatchKey more;
                while ((more = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) ours |= drain(more);
                if (ours) {
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        LOG.error("config reload failed unexpectedly: {}", e.toString(), e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private boolean drain(WatchKey key) {
        boolean ours = false;
        for (WatchEvent<?> ev : key.pollEvents()) {
            Object ctx = ev.context();
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW || (ctx instanceof Path p && p.equals(file.getFileName()))) ours = true;
        }
        key.reset();
        return ours;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
        thread.interrupt();
    }
}
