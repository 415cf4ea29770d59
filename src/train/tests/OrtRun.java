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
 */
public class OrtRun {
    public static void main(String[] args) throws Exception {
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
                 OrtSession.Result result = session.run(Map.of("clip", clip))) {
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

    private static float[] flatten(FloatBuffer b) {
        float[] f = new float[b.remaining()];
        b.get(f);
        return f;
    }
}
