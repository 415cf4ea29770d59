package io.jesture.internal.source;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.LoggerFactory;


import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Loads FFmpeg's and OpenCV's native libraries on thread {@code jesture-preload}, so that loading them
 * (about a second on a 2-core machine, most of it OpenCV with the OpenBLAS it links) overlaps building
 * the model's ONNX Runtime session instead of following it. Code that touches these libraries calls
 * {@link #await()} first: only one thread ever loads JavaCPP libraries at a time, so two threads never
 * initialise each other's native classes crosswise. A failed preload is not an error here: the first
 * real use loads them again and reports the failure where it belongs.
 */
public final class NativeLibraries {
    private static final Object LOCK = new Object();
    private static Thread loader;

    private NativeLibraries() {}

    /**
     * Starts loading in the background (once per process; later calls do nothing).
     *
     * @param video FFmpeg too (files, cameras, streams), not only OpenCV (preprocessing)
     * @param images OpenCV's image codecs too (frame folders)
     */
    public static void preload(boolean video, boolean images) {
        Thread t = new Thread(() -> {
            try {
                if (video) FFmpegFrameGrabber.tryLoad();
                // One small area resize: loads opencv_core (with OpenBLAS) and opencv_imgproc, and
                // sets up OpenCV's CPU dispatch and thread pool.
                try (Mat a = new Mat(8, 8, CV_8UC3); Mat b = new Mat(); Size s = new Size(4, 4)) {
                    resize(a, b, s, 0, 0, INTER_AREA);
                }
                if (images) Loader.load(opencv_imgcodecs.class);
            } catch (Throwable e) {
                LoggerFactory.getLogger(NativeLibraries.class).debug("preloading native libraries failed: {}", e.toString());
            }
        }, "jesture-preload");
        t.setDaemon(true);
        synchronized (LOCK) {
            if (loader != null) return;
            loader = t;
        }
        t.start();
    }

    /** Waits for a preload under way to finish (its thread to end); returns at once if none was started. */
    public static void await() {
        Thread t;
        synchronized (LOCK) {
            t = loader;
        }
        if (t == null || t == Thread.currentThread()) return;
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
