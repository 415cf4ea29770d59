package io.jesture.cli;

import io.jesture.internal.source.SourceFactory;
import io.jesture.internal.source.SourceRegistry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The source forms the registry knows, one help line per factory, for {@code ${COMPLETION-CANDIDATES}} in
 * the {@code --source} options' descriptions: picocli's way to put text computed at run time into an
 * annotation's help.
 */
final class SourceForms implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        List<String> lines = new ArrayList<>();
        for (SourceFactory f : SourceRegistry.global().factories()) lines.add(f.help());
        return lines.iterator();
    }
}
