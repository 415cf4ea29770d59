package io.jesture.internal.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of every thread of this process, native ones included (FFmpeg's decoder threads, OpenCV's
 * and ONNX Runtime's pools), for {@code jesture bench --live}. On Linux it reads
 * {@code /proc/self/task/<tid>/schedstat} (nanoseconds on the CPU) and {@code comm} (the thread's name,
 * 15 characters at most, which a native thread inherits from the thread that created it); elsewhere it
 * falls back to {@link ThreadMXBean}, which sees Java threads only.
 */
public final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");

    /** One thread at one moment. */
    public record Sample(String name, long cpuNanos) {}

    private ThreadCpu() {}

    /** Whether native threads are visible (Linux /proc), not only Java threads. */
    public static boolean seesNativeThreads() {
        return Files.isDirectory(TASKS);
    }

    /** Every live thread by id (the kernel's tid on Linux, the Java thread id elsewhere). */
    public static Map<Long, Sample> sample() {
        Map<Long, Sample> out = new HashMap<>();
        if (Files.isDirectory(TASKS)) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
                for (Path t : tasks) {
                    try {
                        String name = Files.readString(t.resolve("comm")).strip();
                        String sched = Files.readString(t.resolve("schedstat"));
                        long nanos = Long.parseLong(sched.substring(0, sched.indexOf(' ')));
                        out.put(Long.parseLong(t.getFileName().toString()), new Sample(name, nanos));
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended between listing and reading
                    }
                }
                return out;
            } catch (IOException e) {
                out.clear();
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) continue;
            long nanos = mx.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) out.put(info.getThreadId(), new Sample(info.getThreadName(), nanos));
        }
        return out;
    }

    /** The calling thread's name as {@link #sample()} reports it (its comm on Linux). */
    public static String currentName() {
        try {
            return Files.readString(Path.of("/proc/thread-self/comm")).strip();
        } catch (IOException | RuntimeException e) {
            return Thread.currentThread().getName();
        }
    }

    /**
     * CPU nanoseconds each thread spent between two samples; a thread born in between counts from zero.
     * Threads that ended in between are lost (their time is in the process total only).
     */
    public static Map<Long, Sample> delta(Map<Long, Sample> before, Map<Long, Sample> after) {
        Map<Long, Sample> out = new HashMap<>();
        for (Map.Entry<Long, Sample> e : after.entrySet()) {
            Sample b = before.get(e.getKey());
            long base = b != null && b.name().equals(e.getValue().name()) ? b.cpuNanos() : 0;
            out.put(e.getKey(), new Sample(e.getValue().name(), e.getValue().cpuNanos() - base));
        }
        return out;
    }

    /** Ids in {@code after} that were not in {@code before}. */
    public static Set<Long> born(Map<Long, Sample> before, Map<Long, Sample> after) {
        Set<Long> out = new java.util.HashSet<>(after.keySet());
        out.removeAll(before.keySet());
        return out;
    }
}
