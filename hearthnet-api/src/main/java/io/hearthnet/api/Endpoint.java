package io.hearthnet.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a node can be reached, as an absolute URI whose scheme names the transport
 * ({@code http://127.0.0.1:7080}, {@code mem://node-a}, {@code relay://hub:7443/...}).
 *
 * @param uri the absolute URI
 */
public record Endpoint(URI uri) {
    /** Checks that the URI is absolute. */
    public Endpoint {
        Objects.requireNonNull(uri, "uri");
        if (uri.getScheme() == null) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "endpoint must be an absolute URI with a scheme, got " + uri);
        }
    }

    /** Parses an endpoint URI; malformed text is {@code bad_request}. */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "endpoint is missing");
        }
        try {
            return new Endpoint(new URI(text));
        } catch (URISyntaxException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "endpoint is not a valid URI: " + e.getMessage(), e);
        }
    }

    /** The transport scheme, lower case. */
    public String scheme() {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
