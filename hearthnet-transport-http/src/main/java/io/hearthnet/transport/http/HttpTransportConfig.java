package io.hearthnet.transport.http;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Settings of the HTTP transport. Immutable; {@link #builder()}, or {@link #fromSettings(Map)} for
 * the node's string settings ({@code http.port}, {@code http.bind}, {@code http.advertise-host},
 * {@code http.max-body-bytes}, {@code http.max-requests}, {@code http.serve}).
 */
public final class HttpTransportConfig {
    /** Default port. */
    public static final int DEFAULT_PORT = 7080;

    private final int port;
    private final String bindAddress;
    private final String advertiseHost;
    private final boolean serve;
    private final int maxBodyBytes;
    private final int maxConcurrentRequests;
    private final double peerRatePerSecond;
    private final int peerBurst;
    private final double capabilityRatePerSecond;
    private final int capabilityBurst;
    private final Duration timestampWindow;
    private final Duration maxCallTimeout;
    private final Duration heartbeat;
    private final SSLContext sslContext;
    private final Predicate<InetAddress> diagnosticsFor;

    private HttpTransportConfig(Builder b) {
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.advertiseHost = b.advertiseHost;
        this.serve = b.serve;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.peerRatePerSecond = b.peerRatePerSecond;
        this.peerBurst = b.peerBurst;
        this.capabilityRatePerSecond = b.capabilityRatePerSecond;
        this.capabilityBurst = b.capabilityBurst;
        this.timestampWindow = b.timestampWindow;
        this.maxCallTimeout = b.maxCallTimeout;
        this.heartbeat = b.heartbeat;
        this.sslContext = b.sslContext;
        this.diagnosticsFor = b.diagnosticsFor;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults overridden by the node's {@code http.*} settings; bad values are {@code bad_request}. */
    public static HttpTransportConfig fromSettings(Map<String, String> settings) {
        Builder b = builder();
        Optional.ofNullable(settings.get("http.port")).ifPresent(v -> b.port(integer("http.port", v)));
        Optional.ofNullable(settings.get("http.bind")).ifPresent(b::bindAddress);
        Optional.ofNullable(settings.get("http.advertise-host")).ifPresent(b::advertiseHost);
        Optional.ofNullable(settings.get("http.max-body-bytes")).ifPresent(v -> b.maxBodyBytes(integer("http.max-body-bytes", v)));
        Optional.ofNullable(settings.get("http.max-requests")).ifPresent(v -> b.maxConcurrentRequests(integer("http.max-requests", v)));
        Optional.ofNullable(settings.get("http.serve")).ifPresent(v -> b.serve(Boolean.parseBoolean(v)));
        if (Boolean.parseBoolean(settings.getOrDefault("http.open-diagnostics", "false"))) {
            b.diagnosticsFor(address -> true);
        }
        return b.build();
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, key + " must be a whole number, got '" + value + "'");
        }
    }

    /** Port to listen on; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** Address to listen on; {@code 0.0.0.0} is every interface. */
    public String bindAddress() {
        return bindAddress;
    }

    /** Host name or address put in the node's endpoint, if set. */
    public Optional<String> advertiseHost() {
        return Optional.ofNullable(advertiseHost);
    }

    /** Whether to run the server (false: a client-only transport, as the {@code call} command uses). */
    public boolean serve() {
        return serve;
    }

    /** Largest request body accepted. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Requests handled at once; beyond, {@code capacity_exceeded} at once. */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** Sustained calls per second one peer may make. */
    public double peerRatePerSecond() {
        return peerRatePerSecond;
    }

    /** Calls one peer may make in a burst. */
    public int peerBurst() {
        return peerBurst;
    }

    /** Sustained calls per second one peer may make to one capability. */
    public double capabilityRatePerSecond() {
        return capabilityRatePerSecond;
    }

    /** Calls one peer may make to one capability in a burst. */
    public int capabilityBurst() {
        return capabilityBurst;
    }

    /** How far a request's timestamp may be from this node's clock. */
    public Duration timestampWindow() {
        return timestampWindow;
    }

    /** Longest deadline an inbound call may ask for. */
    public Duration maxCallTimeout() {
        return maxCallTimeout;
    }

    /** How often an idle stream is probed for a departed reader. */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** TLS for server and client, when the application supplies one. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** Whether {@code address} is this machine's: loopback or an address of one of its interfaces. */
    static boolean isThisMachine(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return true;
        }
        try {
            return java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    /** Which client addresses get the diagnostics endpoints (metrics, traces, topology, views). */
    public Predicate<InetAddress> diagnosticsFor() {
        return diagnosticsFor;
    }

    /** Builds an {@link HttpTransportConfig}. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String bindAddress = "0.0.0.0";
        private String advertiseHost;
        private boolean serve = true;
        private int maxBodyBytes = 1024 * 1024;
        private int maxConcurrentRequests = 256;
        private double peerRatePerSecond = 500;
        private int peerBurst = 1_000;
        private double capabilityRatePerSecond = 250;
        private int capabilityBurst = 500;
        private Duration timestampWindow = Duration.ofSeconds(60);
        private Duration maxCallTimeout = Duration.ofMinutes(5);
        private Duration heartbeat = Duration.ofMillis(50);
        private SSLContext sslContext;
        private Predicate<InetAddress> diagnosticsFor = HttpTransportConfig::isThisMachine;

        private Builder() {}

        /**
         * Which clients get {@code /metrics}, {@code /trace/recent}, {@code /topology} and the
         * extensions' views; default this machine only (loopback, or an address of one of its
         * interfaces, as when a local tool uses the node's LAN address),
         * since they tell who calls whom. {@code a -> true} (setting {@code http.open-diagnostics=true})
         * serves them to the network. {@code /manifest}, {@code /health} and {@code /ready} are for
         * everyone.
         */
        public Builder diagnosticsFor(Predicate<InetAddress> clients) {
            this.diagnosticsFor = java.util.Objects.requireNonNull(clients, "clients");
            return this;
        }

        /** Port; 0 picks a free one; default 7080. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Listen address; default every interface. */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Host for the advertised endpoint; default the bind address, or a LAN address when binding all. */
        public Builder advertiseHost(String host) {
            this.advertiseHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Whether to serve (default true). */
        public Builder serve(boolean serve) {
            this.serve = serve;
            return this;
        }

        /** Largest request body; default 1 MiB. */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = positive(bytes, "maxBodyBytes");
            return this;
        }

        /** Requests handled at once; default 256. */
        public Builder maxConcurrentRequests(int requests) {
            this.maxConcurrentRequests = positive(requests, "maxConcurrentRequests");
            return this;
        }

        /** Per-peer token bucket; default 500/s, burst 1 000. */
        public Builder peerRateLimit(double perSecond, int burst) {
            this.peerRatePerSecond = rate(perSecond);
            this.peerBurst = positive(burst, "burst");
            return this;
        }

        /** Per-(peer, capability) token bucket; default 250/s, burst 500. */
        public Builder capabilityRateLimit(double perSecond, int burst) {
            this.capabilityRatePerSecond = rate(perSecond);
            this.capabilityBurst = positive(burst, "burst");
            return this;
        }

        /** Accepted request-timestamp skew; default ±60 s. */
        public Builder timestampWindow(Duration window) {
            this.timestampWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** Longest inbound deadline; default 5 min. */
        public Builder maxCallTimeout(Duration timeout) {
            this.maxCallTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Idle-stream probe interval; default 50 ms. */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
            return this;
        }

        /** Serve and call over TLS with this context. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** The configuration. */
        public HttpTransportConfig build() {
            return new HttpTransportConfig(this);
        }

        private static int positive(int value, String what) {
            if (value < 1) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must be at least 1, got " + value);
            }
            return value;
        }

        private static double rate(double perSecond) {
            if (!(perSecond > 0)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "rate must be positive, got " + perSecond);
            }
            return perSecond;
        }
    }
}
