package io.hearthnet.discovery;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.manifest.KeyPins;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.NodeExtension;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LAN discovery as a node extension: announces the node over mDNS ({@code _hearthnet._tcp.local.})
 * and UDP multicast, hears other nodes' announcements, fetches and verifies their manifests, hands
 * verified peers to the bus, keeps them fresh and prunes those that stop refreshing. Either
 * channel may fail without stopping the other.
 *
 * <pre>{@code
 * HearthNode node = HearthNode.builder()
 *         .extension(DiscoveryExtension.builder().interfaceName("eth0").build())
 *         .build();
 * }</pre>
 */
public final class DiscoveryExtension implements NodeExtension {
    /** The extension's name, also the name of its view ({@code GET /discovery}). */
    public static final String NAME = "discovery";
    /** Default UDP multicast group (organisation-local scope). */
    public static final String DEFAULT_GROUP = "239.255.72.78";
    /** Default UDP port. */
    public static final int DEFAULT_PORT = 7078;

    private final DiscoverySettings settings;
    private final DelegatingClock clock;
    private final PeerRegistry peers;
    private final KeyPins pins;
    private final DiscoveryMetrics metrics = new DiscoveryMetrics();
    private volatile boolean pruningAggressive;
    private volatile DiscoveryRuntime runtime;
    private Runnable connectivitySubscription;

    private DiscoveryExtension(Builder b, DiscoverySettings settings) {
        this.settings = settings;
        this.clock = new DelegatingClock(b.clock != null ? b.clock : Clock.systemUTC());
        this.peers = new PeerRegistry(clock, settings.peerCapacity());
        this.pins = b.keyPins != null ? b.keyPins : new KeyPins();
    }

    /** A builder with the defaults: mDNS and UDP on, the LAN interface, the contract's intervals. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Starts announcing and listening; a no-op when running. */
    @Override
    public synchronized void start(NodeContext context) {
        if (runtime != null) {
            return;
        }
        clock.target(settings.clock().orElse(context.clock()));
        pruningAggressive = context.connectivity() == Connectivity.OFFLINE;
        connectivitySubscription = context.onConnectivity(c -> pruningAggressive = c == Connectivity.OFFLINE);
        DiscoveryRuntime r = new DiscoveryRuntime(settings, context, clock, peers, pins, metrics, () -> pruningAggressive);
        try {
            r.start();
        } catch (RuntimeException e) {
            r.stop();
            connectivitySubscription.run();
            throw e;
        }
        runtime = r;
    }

    /** Unregisters the mDNS service, closes the sockets, joins the threads and forgets the peers. */
    @Override
    public synchronized void stop() {
        DiscoveryRuntime r = runtime;
        if (r == null) {
            return;
        }
        runtime = null;
        connectivitySubscription.run();
        r.stop();
        peers.clear();
    }

    /** The verified peers; subscribe to it for added, updated and removed events. */
    public PeerRegistry peers() {
        return peers;
    }

    /**
     * Prunes stale peers after the shorter offline age (default 30 s) instead of the normal one
     * (90 s). The node's connectivity sets this too: aggressive exactly while it is
     * {@link Connectivity#OFFLINE} (emergency mode publishes that); a direct call holds until the
     * next connectivity change.
     */
    public void setPruningAggressive(boolean aggressive) {
        this.pruningAggressive = aggressive;
    }

    /** Whether stale peers are pruned after the shorter, offline age. */
    public boolean isPruningAggressive() {
        return pruningAggressive;
    }

    /** Whether discovery runs. */
    public boolean isRunning() {
        return runtime != null;
    }

    DiscoveryRuntime runtime() {
        DiscoveryRuntime r = runtime;
        if (r == null) {
            throw new IllegalStateException("discovery is not running");
        }
        return r;
    }

    DiscoveryMetrics metrics() {
        return metrics;
    }

    /** Configures a {@link DiscoveryExtension}. */
    public static final class Builder {
        private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

        private String interfaceName;
        private String bindAddress;
        private boolean mdns = true;
        private boolean udp = true;
        private String group = DEFAULT_GROUP;
        private int port = DEFAULT_PORT;
        private Clock clock;
        private Duration fastAnnounce = Duration.ofSeconds(5);
        private Duration slowAnnounce = Duration.ofSeconds(15);
        private Duration maintenance = Duration.ofSeconds(1);
        private Duration refreshBefore = Duration.ofSeconds(10);
        private Duration pruneAfter = Duration.ofSeconds(90);
        private Duration aggressivePruneAfter = Duration.ofSeconds(30);
        private int peerCapacity = PeerRegistry.DEFAULT_CAPACITY;
        private KeyPins keyPins;

        private Builder() {}

        /** Multicast on the interface of this name (e.g. {@code eth0}, {@code lo}); default: the first LAN interface. */
        public Builder interfaceName(String name) {
            if (name == null || name.isBlank()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "interface name must not be blank");
            }
            this.interfaceName = name;
            return this;
        }

        /** Multicast on the interface with this IPv4 address (e.g. {@code 127.0.0.1}); jmDNS binds to it. */
        public Builder bindAddress(String address) {
            literal(Objects.requireNonNull(address, "address"), "bind address");
            this.bindAddress = address;
            return this;
        }

        /** Whether mDNS runs (default true). */
        public Builder mdns(boolean enabled) {
            this.mdns = enabled;
            return this;
        }

        /** Whether the UDP multicast fallback runs (default true). */
        public Builder udp(boolean enabled) {
            this.udp = enabled;
            return this;
        }

        /** The UDP multicast group, an IPv4 multicast address (default {@value DiscoveryExtension#DEFAULT_GROUP}). */
        public Builder group(String group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /** The UDP port (default {@value DiscoveryExtension#DEFAULT_PORT}). */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "UDP port must be 1 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The clock for manifest expiry and pruning; default the node's. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** UDP announce periods: {@code fast} while fewer than 2 peers are known or offline (5 s), else {@code slow} (15 s). */
        public Builder announceIntervals(Duration fast, Duration slow) {
            positive(fast, "fast announce interval");
            positive(slow, "slow announce interval");
            if (fast.compareTo(slow) > 0) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "the fast announce interval must not exceed the slow one");
            }
            this.fastAnnounce = fast;
            this.slowAnnounce = slow;
            return this;
        }

        /** How often manifests are checked for refresh, expiry and pruning (1 s). */
        public Builder maintenanceInterval(Duration interval) {
            this.maintenance = positive(interval, "maintenance interval");
            return this;
        }

        /** A peer's manifest with this little validity left is fetched again (10 s). */
        public Builder refreshBefore(Duration before) {
            this.refreshBefore = positive(before, "refresh margin");
            return this;
        }

        /** Peers not verified for {@code normal} are pruned (90 s); while offline, for {@code offline} (30 s). */
        public Builder pruneAfter(Duration normal, Duration offline) {
            positive(normal, "prune age");
            positive(offline, "offline prune age");
            if (offline.compareTo(normal) > 0) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "the offline prune age must not exceed the normal one");
            }
            this.pruneAfter = normal;
            this.aggressivePruneAfter = offline;
            return this;
        }

        /** Most peers kept ({@value PeerRegistry#DEFAULT_CAPACITY}). */
        public Builder peerCapacity(int capacity) {
            if (capacity < 1) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "peer capacity must be at least 1, got " + capacity);
            }
            this.peerCapacity = capacity;
            return this;
        }

        /** First-seen key pins to check peers against (shared with other parts of the app); default a fresh set. */
        public Builder keyPins(KeyPins pins) {
            this.keyPins = Objects.requireNonNull(pins, "pins");
            return this;
        }

        /** The extension; checks the configuration as a whole. */
        public DiscoveryExtension build() {
            if (!mdns && !udp) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "mDNS and UDP are both off: discovery would do nothing");
            }
            if (interfaceName != null && bindAddress != null) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "give an interface name or a bind address, not both");
            }
            InetAddress groupAddress = literal(group, "multicast group");
            if (!(groupAddress instanceof Inet4Address) || !groupAddress.isMulticastAddress()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "multicast group must be an IPv4 multicast address"
                        + " (224.0.0.0 to 239.255.255.255), got " + group);
            }
            DiscoverySettings settings = new DiscoverySettings(Optional.ofNullable(interfaceName),
                    Optional.ofNullable(bindAddress).map(a -> literal(a, "bind address")), mdns, udp, groupAddress, port,
                    Optional.ofNullable(clock), fastAnnounce, slowAnnounce, maintenance, refreshBefore, pruneAfter,
                    aggressivePruneAfter, peerCapacity);
            return new DiscoveryExtension(this, settings);
        }

        private static InetAddress literal(String text, String what) {
            Matcher m = IPV4.matcher(text);
            if (!m.matches()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must be an IPv4 address, got " + text);
            }
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " has a part above 255: " + text);
                }
            }
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " is not an address: " + text, e);
            }
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
