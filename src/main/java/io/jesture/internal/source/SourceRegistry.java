package io.jesture.internal.source;

import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.StringJoiner;

/**
 * The source factories, in registration order, and the one place that knows them: the URI parser, the
 * CLI's help, the docs check and the demo's camera check all ask it. A scheme belongs to one factory;
 * registering a second one for it is refused.
 *
 * <p>The {@linkplain #global() process's registry} holds the built-in factories (camera, file, frames,
 * network streams) and then every {@link SourceFactory} named in a
 * {@code META-INF/services/io.jesture.internal.source.SourceFactory} file on the class path
 * ({@link ServiceLoader}): that is how the synthetic world registers itself without this package
 * depending on it. Safe for concurrent use: readers see an immutable view, registration is serialized.
 */
public final class SourceRegistry {
    private static final class Global {
        static final SourceRegistry INSTANCE = withBuiltInsAndServices();
    }

    /** Removes a factory registered with {@link #register}. Idempotent. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private record View(List<SourceFactory> factories, Map<String, SourceFactory> byScheme) {}

    private volatile View view = new View(List.of(), Map.of());

    /** An empty registry. */
    public SourceRegistry() {}

    /** The registry that {@link SourceUri} uses. */
    public static SourceRegistry global() {
        return Global.INSTANCE;
    }

    static SourceRegistry withBuiltInsAndServices() {
        SourceRegistry r = new SourceRegistry();
        r.register(new CameraSourceFactory());
        r.register(new FileSourceFactory());
        r.register(new FrameFolderSourceFactory());
        r.register(new StreamSourceFactory());
        // Built-ins first: a plug-in cannot take over camera: or file:. A broken or clashing plug-in is
        // reported and skipped rather than taking every source down with it.
        var loader = ServiceLoader.load(SourceFactory.class, SourceRegistry.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!loader.hasNext()) break;
                r.register(loader.next());
            } catch (ServiceConfigurationError | IllegalArgumentException e) {
                LoggerFactory.getLogger(SourceRegistry.class).warn("source factory not registered: {}", e.getMessage());
            }
        }
        return r;
    }

    /**
     * Adds a factory after those already here.
     *
     * @return removes it again (tests; a plug-in stays for the life of the process)
     * @throws IllegalArgumentException a scheme is malformed or already taken, naming it and its owner
     */
    public Registration register(SourceFactory factory) {
        if (factory == null) throw new IllegalArgumentException("factory == null");
        List<String> schemes = factory.schemes();
        if (schemes == null || schemes.isEmpty()) throw new IllegalArgumentException(factory.getClass().getName() + " names no scheme");
        if (factory.help() == null || factory.help().isBlank()) throw new IllegalArgumentException(factory.getClass().getName() + " has no help line");
        if (factory.parameters() == null) throw new IllegalArgumentException(factory.getClass().getName() + " parameters() == null");
        synchronized (this) {
            View v = view;
            for (String s : schemes) {
                if (s == null || !s.matches("[a-z][a-z0-9+.-]*")) {
                    throw new IllegalArgumentException(factory.getClass().getName() + ": bad scheme '" + s + "': use lower-case letters, digits, + . -");
                }
                SourceFactory owner = v.byScheme.get(s);
                if (owner != null || Collections.frequency(schemes, s) > 1) {
                    throw new IllegalArgumentException("scheme '" + s + "' of " + factory.getClass().getName() + " is already registered by "
                            + (owner != null ? owner.getClass().getName() : "the same factory"));
                }
            }
            List<SourceFactory> factories = new ArrayList<>(v.factories);
            factories.add(factory);
            view = index(factories);
        }
        return () -> unregister(factory);
    }

    private synchronized void unregister(SourceFactory factory) {
        List<SourceFactory> factories = new ArrayList<>(view.factories);
        if (factories.remove(factory)) view = index(factories);
    }

    private static View index(List<SourceFactory> factories) {
        Map<String, SourceFactory> by = new HashMap<>();
        for (SourceFactory f : factories) for (String s : f.schemes()) by.put(s, f);
        return new View(List.copyOf(factories), Map.copyOf(by));
    }

    /** The factory of a scheme (lower case), or null. */
    public SourceFactory find(String scheme) {
        return view.byScheme.get(scheme);
    }

    /** In registration order. */
    public List<SourceFactory> factories() {
        return view.factories;
    }

    /** Every scheme, in registration order. */
    public List<String> schemes() {
        List<String> out = new ArrayList<>();
        for (SourceFactory f : view.factories) out.addAll(f.schemes());
        return out;
    }

    /** The factories' help lines joined with {@code ", "}: the list of valid sources in messages and help. */
    public String help() {
        StringJoiner j = new StringJoiner(", ");
        for (SourceFactory f : view.factories) j.add(f.help());
        return j.toString();
    }
}
