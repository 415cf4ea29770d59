package io.jesture.internal.source;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * docs/pipeline.md's table of source URIs and the registry agree: every registered scheme is in it, with
 * each of its keys written {@code key=} in a row of that scheme, and it shows no scheme that is not
 * registered.
 */
class SourceDocsTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*)(\\(s\\))?:");

    /** The rows of the table under "## Source URIs", header and rule left out. */
    static List<String> rows() throws IOException {
        Path doc = Paths.get(System.getProperty("jesture.projectDir", "."), "docs", "pipeline.md");
        List<String> lines = Files.readAllLines(doc);
        int at = lines.indexOf("## Source URIs (CLI `--source` and config `source:`)");
        if (at < 0) throw new AssertionError("no '## Source URIs' section in " + doc);
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String l = lines.get(i);
            if (l.startsWith("|")) {
                inTable = true;
                if (!l.startsWith("|---") && !l.startsWith("| URI |")) rows.add(l);
            } else if (inTable) {
                break;
            }
        }
        if (rows.isEmpty()) throw new AssertionError("no table in the Source URIs section of " + doc);
        return rows;
    }

    /** The schemes a row's first cell shows ({@code http(s)://} counts as http and https). */
    static Set<String> schemes(String row) {
        String first = row.substring(1, row.indexOf(" |", 1));
        Set<String> out = new LinkedHashSet<>();
        Matcher code = CODE.matcher(first);
        while (code.find()) {
            Matcher m = SCHEME.matcher(code.group(1));
            if (!m.find()) throw new AssertionError("no scheme in `" + code.group(1) + "` of: " + row);
            out.add(m.group(1));
            if (m.group(2) != null) out.add(m.group(1) + "s");
        }
        return out;
    }

    @Test
    void everyRegisteredSchemeAndKeyIsDocumentedAndNothingElse() throws IOException {
        List<String> rows = rows();
        Set<String> documented = new LinkedHashSet<>();
        for (String row : rows) documented.addAll(schemes(row));
        List<String> missing = new ArrayList<>();
        for (SourceFactory f : SourceRegistry.global().factories()) {
            for (String scheme : f.schemes()) {
                if (!documented.contains(scheme)) missing.add(scheme + ":");
                for (SourceFactory.Parameter p : f.parameters()) {
                    boolean said = false;
                    for (String row : rows) said |= schemes(row).contains(scheme) && row.contains(p.key() + "=");
                    if (!said) missing.add(scheme + ":..." + p.key() + "=");
                }
            }
        }
        assertEquals(List.of(), missing, "registered but not in docs/pipeline.md's table of source URIs");
        Set<String> unknown = new LinkedHashSet<>(documented);
        unknown.removeAll(SourceRegistry.global().schemes());
        assertEquals(Set.of(), unknown, "in docs/pipeline.md's table of source URIs but not registered");
    }

    @Test
    void theTableReaderFindsSchemes() {
        assertEquals(Set.of("file", "camera"), schemes("| `file:a.mp4,decode=auto\\|full`, `camera:0,decode=...` | x |"));
        assertEquals(Set.of("http", "https", "udp"), schemes("| `http(s)://...`, `udp://...` | streams |"));
        assertFalse(schemes("| `rtsp://h` | x |").contains("rtsps"));
    }
}
