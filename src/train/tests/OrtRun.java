import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs an exported model in ONNX Runtime for Java (the runtime jesture ships), for the Python tests:
 * {@code java -cp onnxruntime.jar OrtRun.java MODEL INPUT.bin OUT_DIR N C T H W}. Reads the input as
 * little-endian float32, writes every output to OUT_DIR/NAME.bin the same way. Python has no
 * onnxruntime on this project's machines; this is the same library the Java runtime loads.
 *
 * <p>{@code java -cp onnxruntime.jar OrtRun.java --time CLIPS MODEL...}: per-clip cost of each model on
 * one intra-op thread (batch 1, random input, 10 warm-up runs): the wall-clock median and the mean CPU
 * time of the calling thread, which on one thread is where ORT computes. On a machine shared with other
 * jobs the CPU time is the steadier figure: waiting for a core does not count in it.
 */
public class OrtRun {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--time")) {
            int clips = Integer.parseInt(args[1]);
            for (int i = 2; i < args.length; i++) {
                time(Path.of(args[i]), clips);
            }
            return;
        }
        Path model = Path.of(args[0]);
        Path input = Path.of(args[1]);
        Path out = Path.of(args[2]);
        long[] shape = Arrays.stream(args, 3, args.length).mapToLong(Long::parseLong).toArray();
        FloatBuffer data = ByteBuffer.wrap(Files.readAllBytes(input)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), opts);
                 OnnxTensor clip = OnnxTensor.createTensor(env, data, shape);
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), clip))) {
                Files.createDirectories(out);
                for (Map.Entry<String, OnnxValue> e : result) {
                    float[] flat = flatten(((OnnxTensor) e.getValue()).getFloatBuffer());
                    ByteBuffer bytes = ByteBuffer.allocate(flat.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(flat);
                    Files.write(out.resolve(e.getKey() + ".bin"), bytes.array());
                }
                System.out.println("ok " + session.getMetadata().getCustomMetadata().size() + " metadata keys");
            }
        }
    }

    private static void time(Path model, int clips) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), opts)) {
                long[] shape = ((ai.onnxruntime.TensorInfo) session.getInputInfo().values().iterator().next().getInfo()).getShape();
                shape[0] = 1;
                int n = 1;
                for (long d : shape) {
                    n *= (int) d;
                }
                float[] x = new float[n];
                java.util.SplittableRandom random = new java.util.SplittableRandom(7);
                for (int i = 0; i < n; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                long[] wall = new long[clips];
                long cpu = 0;
                try (OnnxTensor clip = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape)) {
                    for (int i = 0; i < 10 + clips; i++) {
                        long c0 = bean.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        try (OrtSession.Result r = session.run(Map.of(session.getInputNames().iterator().next(), clip))) {
                            if (i >= 10) {
                                wall[i - 10] = System.nanoTime() - t0;
                                cpu += bean.getCurrentThreadCpuTime() - c0;
                            }
                        }
                    }
                }
                Arrays.sort(wall);
                System.out.printf(java.util.Locale.ROOT, "%s %s: wall p50 %.2f ms, cpu mean %.2f ms per clip (%d clips, 1 thread)%n",
                        model.getFileName(), Arrays.toString(shape), wall[clips / 2] / 1e6, cpu / 1e6 / clips, clips);
            }
        }
    }

    private static float[] flatten(FloatBuffer b) {
        float[] f = new float[b.remaining()];
        b.get(f);
        return f;
    }
}
