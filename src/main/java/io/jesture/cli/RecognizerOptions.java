package io.jesture.cli;

import io.jesture.ConfigException;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.Provider;
import io.jesture.ModelLoadException;
import io.jesture.Rejection;
import io.jesture.internal.adapt.Profile;
import io.jesture.internal.adapt.ProfileModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that drives a recognizer shares (a picocli mixin), and the one place
 * that turns them into a builder: the config file first, then the flags given on the command line.
 */
final class RecognizerOptions {
    @Option(names = "--model", paramLabel = "FILE", arity = "1..*",
            description = "ONNX model(s); several form an ensemble (probabilities fused by their normalised product). Default: the config's, else models/jesture-r2plus1d.onnx.")
    List<Path> models;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "A profile written by 'jesture adapt' for the model (or the same ensemble, in the same order): your own gestures (docs/adapt.md). "
                    + "Without --model, the model it was fitted on, found beside the profile, in models/ or in models/zoo/. Default: the config's, else none.")
    Path profile;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--provider", paramLabel = "cpu|cuda|auto", description = "Execution provider. Default: the config's, else auto.")
    String provider;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML options, e.g. config/jesture.yaml; command-line options win over it.")
    Path config;

    @Option(names = "--rejection", paramLabel = "off|standard|strict",
            description = "Rejection gate for scenes without a gesture: the model's calibrated operating point, or off (docs/quiet.md). Default: the config's, else standard.")
    String rejection;

    GestureOptions.Builder builder() throws ConfigException {
        GestureOptions.Builder b = config != null ? GestureRecognizer.readConfig(config) : GestureOptions.builder();
        if (models != null && !models.isEmpty()) b.models(models);
        if (provider != null) b.provider(Provider.parse(provider));
        if (rejection != null) {
            GestureOptions current = b.build();
            b.smoothing(current.smoothing().toBuilder().rejection(Rejection.named(rejection)).build());
        }
        if (profile != null) {
            b.profile(profile);
            if (models == null || models.isEmpty()) profileModels(b, profile, spec != null ? spec.commandLine().getErr() : null);
        }
        return b;
    }

    /**
     * With a profile and no model named anywhere, runs the models the profile was fitted on when they
     * can be found by name and hash and are not the default. Anything else is left to the
     * recognizer, whose profile check names the file to pass.
     */
    static void profileModels(GestureOptions.Builder b, Path profile, PrintWriter err) throws ConfigException {
        if (!b.build().models().equals(List.of(GestureOptions.DEFAULT_MODEL))) return; // the config chose
        Profile p;
        try {
            p = Profile.read(profile);
        } catch (ModelLoadException e) {
            return; // the recognizer says what is wrong with it
        }
        Path models = GestureOptions.DEFAULT_MODEL.getParent();
        Optional<List<Path>> found = ProfileModels.locate(p, List.of(profile.toAbsolutePath().getParent(), models, models.resolve("zoo")));
        if (found.isEmpty()) return;
        List<Path> files = found.get();
        if (files.size() == 1 && files.get(0).toAbsolutePath().normalize().equals(GestureOptions.DEFAULT_MODEL.toAbsolutePath().normalize())) {
            return; // the default already runs: nothing to say
        }
        b.models(files);
        if (err != null) {
            err.printf("jesture: profile %s was fitted on %s: running %s (--model chooses another)%n",
                    profile, String.join(" ", files.stream().map(Path::toString).toList()), files.size() == 1 ? "it" : "them");
            err.flush();
        }
    }
}
