package io.hearthnet.emergency;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.emergency.ProbeTarget.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses probe targets: single URIs, comma-separated lists (the form of
 * {@value #ENV} and of the {@code --probe-targets} option), and picks what a node uses when
 * nothing is configured. Every malformed target is a {@link ErrorCode#BAD_REQUEST} naming it.
 *
 * <p>Accepted forms: {@code dns://RESOLVER[:PORT]}, {@code http://HOST[:PORT][/PATH][?QUERY]},
 * {@code https://HOST[:PORT][/PATH][?QUERY]}, {@code tcp://HOST:PORT}.
 */
public final class ProbeTargets {
    /** The environment variable holding a comma-separated list of probe targets. */
    public static final String ENV = "HEARTHNET_PROBE_TARGETS";

    /** The spec's default targets: two public DNS resolvers and two HTTPS HEAD targets. */
    public static final List<String> DEFAULTS =
            List.of("dns://1.1.1.1", "dns://8.8.8.8", "https://cloudflare.com", "https://quad9.net");

    private static final int MAX_LENGTH = 2048;

    private ProbeTargets() {}

    /** Parses one target URI. */
    public static ProbeTarget parse(String uri) {
        String text = uri == null ? "" : uri.strip();
        if (text.isEmpty()) {
            throw bad("a probe target is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw bad("a probe target is longer than " + MAX_LENGTH + " characters");
        }
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "probe target '" + text + "' is not a valid URI: "
                    + e.getReason() + " at index " + e.getIndex(), e);
        }
        if (u.getScheme() == null) {
            throw bad("probe target '" + text + "' has no scheme; write dns://RESOLVER[:PORT], "
                    + "http(s)://HOST[:PORT][/PATH] or tcp://HOST:PORT");
        }
        Kind kind = kind(text, u.getScheme());
        if (u.isOpaque()) {
            throw bad("probe target '" + text + "' must be written " + kind.scheme() + "://HOST...");
        }
        if (u.getRawUserInfo() != null) {
            throw bad("probe target '" + text + "' must not carry user info");
        }
        if (u.getHost() == null) {
            throw bad(u.getRawAuthority() == null
                    ? "probe target '" + text + "' has no host"
                    : "probe target '" + text + "' has an invalid host or port '" + u.getRawAuthority() + "'");
        }
        if (u.getRawFragment() != null) {
            throw bad("probe target '" + text + "' must not have a fragment");
        }
        if (kind == Kind.DNS || kind == Kind.TCP) {
            String path = u.getRawPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) {
                throw bad(kind.scheme() + " probe target '" + text + "' must not have a path");
            }
            if (u.getRawQuery() != null) {
                throw bad(kind.scheme() + " probe target '" + text + "' must not have a query");
            }
        }
        int port = u.getPort() == -1 ? kind.defaultPort() : u.getPort();
        if (port == -1) {
            throw bad("tcp probe target '" + text + "' needs a port: tcp://HOST:PORT");
        }
        if (port < 1 || port > 65_535) {
            throw bad("probe target '" + text + "' has port " + port + ", outside 1..65535");
        }
        String host = u.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ProbeTarget(text, kind, host, port);
    }

    /** Parses a comma-separated list of target URIs; the list must hold at least one and no repeats. */
    public static List<ProbeTarget> parseList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            throw bad("the probe target list is empty");
        }
        String[] parts = commaSeparated.split(",", -1);
        List<String> uris = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                throw bad("the probe target list '" + commaSeparated.strip() + "' has an empty entry at position " + (i + 1));
            }
            uris.add(parts[i]);
        }
        return parseAll(uris);
    }

    /** Parses several target URIs; at least one, no target twice. */
    public static List<ProbeTarget> parseAll(List<String> uris) {
        if (uris == null || uris.isEmpty()) {
            throw bad("the probe target list is empty");
        }
        List<ProbeTarget> targets = new ArrayList<>(uris.size());
        Map<String, ProbeTarget> seen = new HashMap<>();
        for (String uri : uris) {
            ProbeTarget t = parse(uri);
            ProbeTarget earlier = seen.putIfAbsent(identity(t), t);
            if (earlier != null) {
                throw bad("probe target '" + t.target() + "' repeats '" + earlier.target() + "'");
            }
            targets.add(t);
        }
        return List.copyOf(targets);
    }

    /** The spec's default targets, parsed. */
    public static List<ProbeTarget> defaults() {
        return parseAll(DEFAULTS);
    }

    /** The targets listed in {@value #ENV} of {@code environment}; empty when it is unset or blank. */
    public static Optional<List<ProbeTarget>> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENV);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseList(value));
        } catch (HearthNetException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, ENV + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a node probes: {@code configured} when not empty (builder or command line), else the
     * list in {@value #ENV}, else {@link #DEFAULTS}.
     */
    public static List<ProbeTarget> select(List<ProbeTarget> configured, Map<String, String> environment) {
        if (!configured.isEmpty()) {
            return List.copyOf(configured);
        }
        return fromEnvironment(environment).orElseGet(ProbeTargets::defaults);
    }

    private static Kind kind(String text, String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "dns" -> Kind.DNS;
            case "http" -> Kind.HTTP;
            case "https" -> Kind.HTTPS;
            case "tcp" -> Kind.TCP;
            default -> throw bad("probe target '" + text + "' has unsupported scheme '" + scheme
                    + "' (use dns, http, https or tcp)");
        };
    }

    private static String identity(ProbeTarget t) {
        String rest = "";
        if (t.isHttp()) {
            URI u = t.uri();
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            rest = path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        }
        return t.kind() + "|" + t.host().toLowerCase(Locale.ROOT) + "|" + t.port() + "|" + rest;
    }

    private static HearthNetException bad(String message) {
        return new HearthNetException(ErrorCode.BAD_REQUEST, message);
    }
}
