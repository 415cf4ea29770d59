package io.jesture.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.ModelLoadException;
import io.jesture.internal.adapt.Profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code jesture info PROFILE}: what a profile written by {@code jesture adapt} holds and which models
 * it runs on, read and checked (its checksum) as {@code --profile} reads it. A profile is a binary
 * file; without this a user cannot tell which model a profile belongs to before a run refuses it.
 */
final class ProfileInfo {
    private ProfileInfo() {}

    /** Whether the file starts as a profile does (a model never does). */
    static boolean isProfile(Path file) {
        byte[] magic = "JESTPROF".getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(magic.length), magic);
        } catch (IOException e) {
            return false;
        }
    }

    static void print(Path file, boolean json, PrintWriter out) throws ModelLoadException, IOException {
        Profile p = Profile.read(file);
        List<Profile.RecordedClass> added = new ArrayList<>(), sharpened = new ArrayList<>();
        for (Profile.RecordedClass c : p.classes()) (c.isNew() ? added : sharpened).add(c);
        if (json) {
            // The file's own header, and what it leaves implicit: the size, the format and, for one model too, the member list.
            ObjectNode n = p.header().deepCopy().put("file", file.toString()).put("bytes", Files.size(file)).put("format", p.formatVersion());
            ArrayNode ms = n.putArray("models");
            for (Profile.Member m : p.members()) ms.addObject().put("file", m.file()).put("sha256", m.sha256()).put("embedding_dim", m.dim());
            ArrayNode labels = n.putArray("labels");
            p.labels().forEach(labels::add);
            out.println(n);
            return;
        }
        out.printf(Locale.ROOT, "profile      %s (%d bytes, format version %d)%n", file, Files.size(file), p.formatVersion());
        out.printf(Locale.ROOT, "fitted on    %s%n", p.isEnsemble()
                ? "an ensemble of " + p.members().size() + " models: it runs with --model naming these files, in this order"
                : "one model: it runs with --model naming this file");
        for (Profile.Member m : p.members()) {
            out.printf(Locale.ROOT, "  %s (sha256 %s, embedding %d)%n", m.file(), m.sha256(), m.dim());
        }
        out.printf(Locale.ROOT, "feature      %s%s%n", p.members().stream().map(m -> String.valueOf(m.dim())).collect(Collectors.joining(" + ")),
                p.motion().dim() > 0 ? String.format(Locale.ROOT, " + motion path version %d (%d floats, share %s)", p.motion().version(),
                        p.motion().dim(), p.motion().share()) : "");
        out.printf(Locale.ROOT, "labels       %d: the model's %d, then %d new%n", p.labels().size(), p.modelLabels().size(), added.size());
        out.printf(Locale.ROOT, "new          %s%n", added.isEmpty() ? "none" : takes(added));
        out.printf(Locale.ROOT, "sharpened    %s%n", sharpened.isEmpty() ? "none" : takes(sharpened));
        var fit = p.info();
        out.printf(Locale.ROOT, "head         %s, l2 %s, %d anchors, views %s, %d windows, training loss %s%n", fit.path("head").asText("?"),
                fit.path("l2").asText("?"), fit.path("anchors").asInt(), fit.path("views").asText("").isEmpty() ? "none" : fit.path("views").asText(),
                fit.path("windows").asInt(), fit.path("loss").asText("?"));
        if (!p.paths().isEmpty()) {
            out.printf(Locale.ROOT, "paths        %d templates (every take and view), weight %s per typical distance %.4f%n", p.paths().points().length,
                    p.paths().weight(), p.paths().scale());
        }
        if (fit.hasNonNull("rest_label")) out.printf(Locale.ROOT, "rest guard   %s%n", fit.path("rest_label").asText());
    }

    private static String takes(List<Profile.RecordedClass> classes) {
        return classes.stream().map(c -> c.label() + " (" + c.takes() + " take" + (c.takes() == 1 ? "" : "s") + ")").collect(Collectors.joining(", "));
    }
}
