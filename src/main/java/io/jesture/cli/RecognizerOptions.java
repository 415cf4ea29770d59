package io.jesture.cli;

import io.jesture.ConfigException;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.Provider;
import io.jesture.Rejection;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command that drives a recognizer shares (a picocli mixin), and the one place
 * that turns them into a builder: the config file first, then the flags given on the command line.
 */
final class RecognizerOptions {
    @Option(names = "--model", paramLabel = "FILE", arity = "1..*",
            description = "ONNX model(s); several form an ensemble (probabilities fused by their normalised product). Default: the config's, else models/jesture-r2plus1d.onnx.")
    List<Path> models;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "A profile written by 'jesture adapt' for the model (or the same ensemble, in the same order): your own gestures (docs/adapt.md). Default: the config's, else none.")
    Path profile;

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
        if (profile != null) b.profile(profile);
        return b;
    }
}
