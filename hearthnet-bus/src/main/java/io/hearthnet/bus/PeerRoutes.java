package io.hearthnet.bus;

import io.hearthnet.api.Endpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one peer is reached, per source that told the bus of it: the host app, an extension (LAN
 * discovery) or a transport that learned the peer itself (a relay roster). The peer's entries use
 * the merged list: the endpoints of the app and of extensions first, in the order they were first
 * given, then those of transports, which are indirect paths. A source that forgets the peer takes
 * only its own endpoints away. Not thread-safe: the registry guards it.
 */
final class PeerRoutes {
    /** The source of updates from the host app through the bus's public API. */
    static final String APP = "app";
    private static final String TRANSPORT = "transport:";
    private static final String EXTENSION = "extension:";

    private final Map<String, List<Endpoint>> bySource = new LinkedHashMap<>();
    private Instant newestManifest = Instant.MIN;
    private String newestSource;

    static String transport(String scheme) {
        return TRANSPORT + scheme;
    }

    static String extension(String name) {
        return EXTENSION + name;
    }

    /**
     * Records what {@code source} says; returns whether its manifest is to be applied: one at least
     * as new as any seen, or the next one from the source that gave the newest (its latest word
     * stands even if the peer's clock went back, after a restart say).
     */
    boolean put(String source, List<Endpoint> endpoints, Instant manifestIssuedAt) {
        bySource.put(source, List.copyOf(endpoints));
        if (manifestIssuedAt.isBefore(newestManifest) && !source.equals(newestSource)) {
            return false;
        }
        newestManifest = manifestIssuedAt;
        newestSource = source;
        return true;
    }

    /** Forgets what {@code source} said; returns whether it had said anything. */
    boolean remove(String source) {
        if (source.equals(newestSource)) {
            newestSource = null;
            newestManifest = Instant.MIN;
        }
        return bySource.remove(source) != null;
    }

    boolean isEmpty() {
        return bySource.isEmpty();
    }

    List<Endpoint> merged() {
        Set<Endpoint> direct = new LinkedHashSet<>();
        Set<Endpoint> indirect = new LinkedHashSet<>();
        bySource.forEach((source, endpoints) -> (source.startsWith(TRANSPORT) ? indirect : direct).addAll(endpoints));
        List<Endpoint> all = new ArrayList<>(direct);
        indirect.stream().filter(e -> !direct.contains(e)).forEach(all::add);
        return all;
    }
}
