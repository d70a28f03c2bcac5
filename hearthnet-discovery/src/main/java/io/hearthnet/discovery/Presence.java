package io.hearthnet.discovery;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.Profile;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.ManifestCapability;
import io.hearthnet.api.manifest.NodeManifest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What this node announces about itself, taken from its own manifest. Two presences differ exactly
 * when the announcement must change.
 *
 * @param node         our node id
 * @param communityId  our community
 * @param displayName  our human-readable name
 * @param profile      our device profile
 * @param capabilities {@code name@X.Y} of every capability we offer, sorted
 * @param endpoint     our first HTTP(S) endpoint, where peers fetch the manifest
 */
record Presence(NodeId node, String communityId, String displayName, Profile profile, List<String> capabilities,
                Optional<Endpoint> endpoint) {
    /** Longest DNS label, which an mDNS instance name must fit in. */
    static final int MAX_INSTANCE_NAME_BYTES = 63;

    Presence {
        capabilities = List.copyOf(capabilities);
    }

    static Presence of(NodeManifest m) {
        List<String> caps = m.capabilities().stream().map(ManifestCapability::id).distinct().sorted().toList();
        Optional<Endpoint> http = m.endpoints().stream()
                .filter(e -> e.scheme().equals("http") || e.scheme().equals("https"))
                .findFirst();
        return new Presence(m.nodeId(), m.communityId(), m.displayName(), m.profile(), caps, http);
    }

    /** The endpoint's port, with the scheme's default when the URI names none. */
    Optional<Integer> port() {
        return endpoint.map(e -> {
            int port = e.uri().getPort();
            return port >= 0 ? port : e.scheme().equals("https") ? 443 : 80;
        });
    }

    /** Where peers fetch our manifest. */
    Optional<URI> manifestUrl() {
        return endpoint.map(e -> e.uri().resolve("/manifest"));
    }

    /**
     * {@code <display name>-<first 4 characters of the short node id>}, the display name cut so the
     * whole fits one DNS label; dots and control characters become {@code -}.
     */
    String instanceName() {
        String tag = "-" + node.shortForm().substring(NodeId.PREFIX.length(), NodeId.PREFIX.length() + 4);
        StringBuilder base = new StringBuilder();
        int budget = MAX_INSTANCE_NAME_BYTES - tag.length();
        int used = 0;
        for (int cp : (Iterable<Integer>) displayName.codePoints()::iterator) {
            int c = cp == '.' || Character.isISOControl(cp) ? '-' : cp;
            int bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (used + bytes > budget) {
                break;
            }
            base.appendCodePoint(c);
            used += bytes;
        }
        String name = base.toString().strip();
        return (name.isEmpty() ? "hearthnet" : name) + tag;
    }
}
