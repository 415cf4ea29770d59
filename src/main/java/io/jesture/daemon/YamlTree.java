package io.jesture.daemon;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node remembers its line and column. Jackson's
 * {@code JsonNode} forgets locations, and an error message without a line number sends the user
 * hunting, so the config is read with the streaming parser instead.
 */
final class YamlTree {
    private YamlTree() {}

    sealed interface Node permits Scalar, MapNode, ListNode {
        int line();

        int column();

        /** A short word for messages: "a map", "a list", "a number"... */
        String kind();
    }

    /** A scalar: {@code value} is a String, Long, Double, Boolean or null. */
    record Scalar(Object value, int line, int column) implements Node {
        @Override
        public String kind() {
            if (value == null) return "empty";
            if (value instanceof String) return "text";
            if (value instanceof Boolean) return "true/false";
            return "a number";
        }

        String text() {
            return value == null ? "" : value.toString();
        }
    }

    /** A key in a map, where it is written. */
    record KeyAt(String name, int line, int column) {}

    record MapNode(Map<String, Node> entries, Map<String, KeyAt> keys, int line, int column) implements Node {
        @Override
        public String kind() {
            return "a map";
        }
    }

    record ListNode(List<Node> items, int line, int column) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A syntax problem, with where it is. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** Parses one document; an empty document gives an empty map. Duplicate keys are syntax errors. */
    static Node parse(String text) throws SyntaxError {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return new MapNode(new LinkedHashMap<>(), new LinkedHashMap<>(), 1, 1);
            return read(p, t);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            // SnakeYAML's message has a context line, location lines and a source snippet; keep the words.
            String msg = e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !l.startsWith(" ") && !l.contains("in 'reader'"))
                    .collect(java.util.stream.Collectors.joining("; "));
            if (msg.isEmpty()) msg = "invalid YAML";
            throw new SyntaxError(msg, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr());
        } catch (IOException e) {
            throw new SyntaxError(e.getMessage(), 0, 0);
        }
    }

    private static Node read(JsonParser p, JsonToken t) throws IOException, SyntaxError {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, KeyAt> keys = new LinkedHashMap<>();
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    if (entries.containsKey(name)) {
                        throw new SyntaxError("key '" + name + "' appears twice in this map (first on line "
                                + keys.get(name).line() + "); keep one", kl.getLineNr(), kl.getColumnNr());
                    }
                    keys.put(name, new KeyAt(name, kl.getLineNr(), kl.getColumnNr()));
                    entries.put(name, read(p, p.nextToken()));
                }
                return new MapNode(entries, keys, line, col);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) items.add(read(p, t));
                return new ListNode(items, line, col);
            }
            case VALUE_STRING:
                return new Scalar(p.getText(), line, col);
            case VALUE_NUMBER_INT:
                return new Scalar(p.getLongValue(), line, col);
            case VALUE_NUMBER_FLOAT:
                return new Scalar(p.getDoubleValue(), line, col);
            case VALUE_TRUE:
                return new Scalar(Boolean.TRUE, line, col);
            case VALUE_FALSE:
                return new Scalar(Boolean.FALSE, line, col);
            case VALUE_NULL:
                return new Scalar(null, line, col);
            default:
                throw new SyntaxError("unexpected " + t, line, col);
        }
    }
}
