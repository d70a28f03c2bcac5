package io.hearthnet.relay;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The relay transport's node settings ({@code relay.*}). Only {@code relay.url} is needed; without
 * it the transport starts idle.
 *
 * @param hub          {@code relay.url}: the hub's base URL ({@code http://host:port} or https)
 * @param pollWait     {@code relay.poll-wait-ms}: how long each long-poll may wait (default 25 000)
 * @param refresh      {@code relay.refresh-ms}: how often the membership and roster are refreshed (default 10 000)
 * @param backoffMin   {@code relay.backoff-min-ms}: first delay after a failure (default 250)
 * @param backoffMax   {@code relay.backoff-max-ms}: cap of the exponential backoff (default 30 000)
 * @param requestTimeout {@code relay.request-timeout-ms}: limit of one request to the hub (default 10 000)
 * @param maxInFlight  {@code relay.max-in-flight}: outbound calls waiting for replies (default 1 024)
 * @param maxInbound   {@code relay.max-inbound}: inbound calls served at once (default 64)
 * @param maxPeers     {@code relay.max-peers}: roster members remembered (default 10 000)
 */
record RelaySettings(Optional<URI> hub, Duration pollWait, Duration refresh, Duration backoffMin, Duration backoffMax,
                     Duration requestTimeout, int maxInFlight, int maxInbound, int maxPeers) {

    static RelaySettings fromSettings(Map<String, String> settings) {
        return new RelaySettings(
                Optional.ofNullable(settings.get("relay.url")).filter(s -> !s.isBlank()).map(RelaySettings::url),
                millis(settings, "relay.poll-wait-ms", 25_000),
                millis(settings, "relay.refresh-ms", 10_000),
                millis(settings, "relay.backoff-min-ms", 250),
                millis(settings, "relay.backoff-max-ms", 30_000),
                millis(settings, "relay.request-timeout-ms", 10_000),
                count(settings, "relay.max-in-flight", 1_024),
                count(settings, "relay.max-inbound", 64),
                count(settings, "relay.max-peers", 10_000));
    }

    private static URI url(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "relay.url is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "relay.url must be http://host:port or https://host:port, got " + text);
        }
        return uri;
    }

    private static Duration millis(Map<String, String> settings, String key, long fallback) {
        return Duration.ofMillis(number(settings, key, fallback));
    }

    private static int count(Map<String, String> settings, String key, int fallback) {
        long n = number(settings, key, fallback);
        if (n > Integer.MAX_VALUE) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, key + " is too large: " + n);
        }
        return (int) n;
    }

    private static long number(Map<String, String> settings, String key, long fallback) {
        String text = settings.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(text.trim());
            if (n < 1) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, key + " must be positive, got " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, key + " must be a whole number, got '" + text + "'", e);
        }
    }
}
