package io.jesture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.synth.JesterLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The 27 Jester labels are written once per language: {@link JesterLabels} for Java and
 * {@code src/train/jesture_train/contract.py} for Python. The synthetic world renders class ids by
 * the Java list and training names them by the Python one, so the two must agree in order too.
 */
class JesterLabelsAgreeTest {
    static final Path CONTRACT = Path.of(System.getProperty("jesture.projectDir", "."), "src", "train", "jesture_train", "contract.py");

    /** The string items of {@code NAME: List[str] = [...]} in the Python source. */
    static List<String> pythonList(String source, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": List\\[str\\] = \\[(.*?)\\]", Pattern.DOTALL).matcher(source);
        assertTrue(m.find(), name + " not found in " + CONTRACT + ": was it renamed? Update this test with it");
        List<String> items = new ArrayList<>();
        Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (q.find()) items.add(q.group(1));
        return items;
    }

    @Test
    void javaAndPythonListTheSameLabelsInTheSameOrder() throws Exception {
        String source = Files.readString(CONTRACT);
        assertEquals(JesterLabels.LABELS, pythonList(source, "JESTER_LABELS"));
        assertEquals(27, JesterLabels.LABELS.size());
    }

    @Test
    void javaAndPythonAgreeOnTheBackgroundLabels() throws Exception {
        String source = Files.readString(CONTRACT);
        assertEquals(JesterLabels.BACKGROUND, pythonList(source, "BACKGROUND_LABELS"));
    }
}
