package io.jesture.cli;

import io.jesture.InvalidInputException;
import io.jesture.internal.source.SourceUri;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --source URI} or {@code --source-file PATH}, shared by the commands that run the recognizer.
 * A URI splits on commas ({@code file:clip.mp4,loop=true}); a file whose name holds commas is written
 * with {@code \,} in the URI, or given as it is to {@code --source-file}.
 */
final class SourceOptions {
    @Option(names = "--source", paramLabel = "URI", completionCandidates = SourceForms.class,
            description = "${COMPLETION-CANDIDATES} (docs/pipeline.md). A comma in a file name is written \\,"
                    + " (file:take\\,2.mp4,loop=true). Default: the config's, else camera:0.")
    String source;

    @Option(names = "--source-file", paramLabel = "PATH",
            description = "A video file, its path taken literally (commas and all); the same as --source file:PATH with the commas escaped.")
    Path sourceFile;

    /** The source URI asked for, or null for the config's (or the default). */
    String uri() {
        if (source != null && sourceFile != null) {
            throw new InvalidInputException("--source and --source-file both name a source: give one of them");
        }
        return sourceFile != null ? SourceUri.file(sourceFile) : source;
    }
}
