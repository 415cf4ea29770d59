import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * ONNX Runtime for Java as a long-lived helper of hands.py (Python has no onnxruntime on this
 * project's machines): one request per line on stdin, {@code MODEL INPUT.bin OUT_DIR N C H W};
 * reads the input as little-endian float32, writes each output to OUT_DIR/NAME.bin the same way,
 * answers {@code ok} or {@code error MESSAGE}. Sessions stay open between requests, one ORT thread
 * each, so a batch costs what the networks cost and not a JVM start.
 */
public class OrtServe {
    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OrtSession> sessions = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            try {
                String[] a = line.trim().split(" ");
                OrtSession s = sessions.get(a[0]);
                if (s == null) {
                    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                        o.setIntraOpNumThreads(1);
                        s = env.createSession(a[0], o);
                    }
                    sessions.put(a[0], s);
                }
                long[] shape = Arrays.stream(a, 3, a.length).mapToLong(Long::parseLong).toArray();
                FloatBuffer data = ByteBuffer.wrap(Files.readAllBytes(Path.of(a[1]))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                Path out = Files.createDirectories(Path.of(a[2]));
                try (OnnxTensor t = OnnxTensor.createTensor(env, data, shape);
                     OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                    for (Map.Entry<String, OnnxValue> e : r) {
                        FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                        ByteBuffer bytes = ByteBuffer.allocate(fb.remaining() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                        bytes.asFloatBuffer().put(fb);
                        Files.write(out.resolve(e.getKey() + ".bin"), bytes.array());
                    }
                }
                System.out.println("ok");
            } catch (Exception e) {
                System.out.println("error " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
            System.out.flush();
        }
        for (OrtSession s : sessions.values()) s.close();
    }
}
