package io.hearthnet.discovery;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The mDNS TXT record of a HearthNet service: {@code v=1}, {@code node}, {@code community},
 * {@code profile}, {@code caps} (at most {@value #MAX_CAPS_BYTES} bytes, cut between entries),
 * {@code manifest_url} and {@code contract_version=1.0}.
 */
final class TxtRecord {
    static final String SERVICE_TYPE = "_hearthnet._tcp.local.";
    static final String VERSION = "1";
    static final String CONTRACT_VERSION = "1.0";
    static final int MAX_CAPS_BYTES = 200;
    /** A TXT string (key=value) is one length byte long at most. */
    static final int MAX_ENTRY_BYTES = 255;

    private TxtRecord() {}

    /** Our TXT entries, in the contract's order. */
    static Map<String, String> of(Presence p) {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("v", VERSION);
        txt.put("node", p.node().value());
        txt.put("community", p.communityId());
        txt.put("profile", p.profile().wireName());
        txt.put("caps", capabilities(p.capabilities(), MAX_CAPS_BYTES));
        p.manifestUrl().ifPresent(u -> txt.put("manifest_url", u.toString()));
        txt.put("contract_version", CONTRACT_VERSION);
        for (Map.Entry<String, String> e : txt.entrySet()) {
            if ((e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8).length > MAX_ENTRY_BYTES) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "the TXT entry '" + e.getKey()
                        + "' is longer than " + MAX_ENTRY_BYTES + " bytes and cannot be announced over mDNS");
            }
        }
        return txt;
    }

    /** Comma-separated {@code ids}, as many whole entries as fit in {@code maxBytes} of UTF-8. */
    static String capabilities(List<String> ids, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (String id : ids) {
            int bytes = id.getBytes(StandardCharsets.UTF_8).length + (out.length() == 0 ? 0 : 1);
            if (used + bytes > maxBytes) {
                break;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(id);
            used += bytes;
        }
        return out.toString();
    }

    /**
     * Reads a peer's TXT entries into a sighting; the manifest is fetched from {@code manifest_url},
     * else from {@code host:port}.
     *
     * @throws HearthNetException {@code bad_request} naming what is missing or malformed
     */
    static Sighting read(Map<String, String> txt, Optional<String> hostAddress, int port) {
        String v = txt.get("v");
        if (!VERSION.equals(v)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "mDNS TXT version must be " + VERSION + ", got " + v);
        }
        NodeId node = NodeId.parse(required(txt, "node"));
        String community = required(txt, "community");
        Endpoint endpoint = txt.containsKey("manifest_url")
                ? baseOf(txt.get("manifest_url"))
                : Endpoint.parse("http://" + bracketed(hostAddress.orElseThrow(() -> new HearthNetException(
                        ErrorCode.BAD_REQUEST, "mDNS record of " + node.shortForm() + " has neither manifest_url nor an address")))
                        + ":" + port);
        StringBuilder fingerprint = new StringBuilder();
        new TreeMap<>(txt).forEach((k, val) -> fingerprint.append(k).append('=').append(val).append(';'));
        fingerprint.append("@").append(endpoint);
        return new Sighting(Channel.MDNS, node, community, endpoint, fingerprint.toString());
    }

    private static String required(Map<String, String> txt, String key) {
        String value = txt.get(key);
        if (value == null || value.isBlank()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "mDNS TXT entry '" + key + "' is missing");
        }
        return value;
    }

    /** {@code scheme://authority} of an absolute HTTP(S) manifest URL. */
    static Endpoint baseOf(String manifestUrl) {
        try {
            URI uri = new URI(manifestUrl);
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getRawAuthority() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest_url must be an absolute http(s) URL, got " + manifestUrl);
            }
            return new Endpoint(new URI(scheme.toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority()));
        } catch (URISyntaxException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest_url is not a valid URL: " + e.getMessage(), e);
        }
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
