package io.hearthnet.emergency;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One parsed probe target: what to check and where. Made by {@link ProbeTargets#parse(String)}.
 *
 * @param target the URI as written (trimmed), used as the target's name in states, views and metrics
 * @param kind   which probe checks it
 * @param host   the host or IP literal (IPv6 without brackets)
 * @param port   the port, with the scheme's default filled in (53, 80, 443)
 */
public record ProbeTarget(String target, Kind kind, String host, int port) {
    /** The kinds of probe, one per URI scheme. */
    public enum Kind {
        /** {@code dns://RESOLVER[:PORT]}: an A query over UDP; any well-formed answer counts. */
        DNS(53),
        /** {@code http://HOST[:PORT]/PATH}: a HEAD request; any HTTP status counts. */
        HTTP(80),
        /** {@code https://HOST[:PORT]/PATH}: a HEAD request over TLS; any HTTP status counts. */
        HTTPS(443),
        /** {@code tcp://HOST:PORT}: a TCP connect. */
        TCP(-1);

        private final int defaultPort;

        Kind(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        /** The URI scheme, e.g. {@code dns}. */
        public String scheme() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The port used when the URI names none; -1 when a port is required. */
        public int defaultPort() {
            return defaultPort;
        }
    }

    /** Checks the components. */
    public ProbeTarget {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "probe target '" + target + "' has port " + port
                    + ", outside 1..65535");
        }
    }

    /** The target as a URI. */
    public URI uri() {
        return URI.create(target);
    }

    /** Whether this target is checked with an HTTP HEAD request. */
    public boolean isHttp() {
        return kind == Kind.HTTP || kind == Kind.HTTPS;
    }

    @Override
    public String toString() {
        return target;
    }
}
