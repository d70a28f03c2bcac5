package io.hearthnet.bus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityCaller;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Profile;
import io.hearthnet.api.Reply;
import io.hearthnet.api.Version;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.ManifestCapability;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.InboundDispatcher;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.NodeExtension;
import io.hearthnet.api.spi.PeerEvent;
import io.hearthnet.api.spi.Service;
import io.hearthnet.api.spi.ServiceContext;
import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.spi.TransportProvider;
import io.hearthnet.api.spi.TrustPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HearthNet node: identity, capability bus, services, transports and extensions (discovery,
 * emergency mode, relay), wired together with an exact lifecycle. {@link #start()} twice is a
 * no-op; {@link #close()} stops every thread, socket, timer and file the node opened, and a closed
 * node can be started again.
 *
 * <pre>{@code
 * try (HearthNode node = HearthNode.builder()
 *         .dataDir(Path.of("/var/lib/hearthnet"))
 *         .displayName("kitchen")
 *         .communityId("elm-street")
 *         .capability(myCapability)
 *         .build()) {
 *     node.start();
 *     ObjectNode reply = node.caller().call("experimental.echo", "1.0", input);
 * }
 * }</pre>
 */
public final class HearthNode implements AutoCloseable {
    /** The environment variable that overrides the default data dir. */
    public static final String DATA_DIR_ENV = "HEARTHNET_DATA_DIR";
    /** How often the manifest is re-issued by default. */
    public static final Duration DEFAULT_MANIFEST_REFRESH = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(HearthNode.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Path dataDir;
    private final NodeKeyPair keys;
    private final String displayName;
    private final String communityId;
    private final Profile profile;
    private final BusConfig busConfig;
    private final List<Service> services;
    private final List<TransportProvider> explicitTransports;
    private final boolean discoverTransports;
    private final List<NodeExtension> extensions;
    private final Clock clock;
    private final ExecutorService suppliedExecutor;
    private final Function<NodeId, TrustPolicy> trustPolicy;
    private final Map<String, String> settings;
    private final Duration manifestTtl;
    private final Duration manifestRefresh;
    private final List<Consumer<NodeManifest>> manifestListeners = new CopyOnWriteArrayList<>();

    private final Object lifecycle = new Object();
    private volatile Running running;

    /** Everything that exists only while the node runs. */
    private static final class Running {
        ScheduledThreadPoolExecutor scheduler;
        ExecutorService executor;
        boolean ownExecutor;
        CapabilityBus bus;
        final List<Service> startedServices = new ArrayList<>();
        final List<Transport> transports = new ArrayList<>();
        final List<NodeExtension> startedExtensions = new ArrayList<>();
        volatile NodeManifest manifest;
        ScheduledFuture<?> refresh;
        Runnable unsubscribe;
        Instant startedAt;
        final Map<String, Supplier<ObjectNode>> views = new ConcurrentHashMap<>();
        final List<Supplier<String>> metrics = new CopyOnWriteArrayList<>();
        final List<Consumer<Connectivity>> connectivityListeners = new CopyOnWriteArrayList<>();
        volatile Connectivity connectivity = Connectivity.ONLINE;

        Optional<ObjectNode> view(String name) {
            Supplier<ObjectNode> view = views.get(name);
            return view == null ? Optional.empty() : Optional.ofNullable(view.get());
        }

        Runnable onConnectivity(Consumer<Connectivity> listener) {
            Objects.requireNonNull(listener, "listener");
            connectivityListeners.add(listener);
            return () -> connectivityListeners.remove(listener);
        }
    }

    private HearthNode(Builder b) {
        this.dataDir = b.dataDir != null ? b.dataDir : defaultDataDir();
        this.keys = b.keys != null ? b.keys : NodeKeyPair.loadOrCreate(dataDir);
        this.displayName = b.displayName;
        this.communityId = b.communityId;
        this.profile = b.profile;
        this.busConfig = b.busConfig;
        List<Service> all = new ArrayList<>(b.services);
        if (!b.capabilities.isEmpty()) {
            all.add(0, new CapabilityListService(List.copyOf(b.capabilities)));
        }
        this.services = List.copyOf(all);
        this.explicitTransports = List.copyOf(b.transports);
        this.discoverTransports = b.discoverTransports;
        this.extensions = List.copyOf(b.extensions);
        this.clock = b.clock;
        this.suppliedExecutor = b.executor;
        this.trustPolicy = b.trustPolicy;
        this.settings = Map.copyOf(b.settings);
        this.manifestTtl = b.manifestTtl;
        this.manifestRefresh = b.manifestRefresh;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code $HEARTHNET_DATA_DIR}, else {@code ~/.hearthnet}. */
    public static Path defaultDataDir() {
        String env = System.getenv(DATA_DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".hearthnet");
    }

    /** This node's id. */
    public NodeId nodeId() {
        return keys.nodeId();
    }

    /** This node's key pair. */
    public NodeKeyPair keys() {
        return keys;
    }

    /** The node's data dir. */
    public Path dataDir() {
        return dataDir;
    }

    /** The node's human-readable name. */
    public String displayName() {
        return displayName;
    }

    /** The node's community. */
    public String communityId() {
        return communityId;
    }

    /** Whether the node is running. */
    public boolean isRunning() {
        return running != null;
    }

    /** The bus of the running node. */
    public CapabilityBus bus() {
        return runningState().bus;
    }

    /** Calls capabilities anywhere in the mesh (the running node's bus). */
    public CapabilityCaller caller() {
        return bus();
    }

    /** The running node's current signed manifest. */
    public NodeManifest manifest() {
        return runningState().manifest;
    }

    /** Where the running node is reached, across all its transports. */
    public List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        runningState().transports.forEach(t -> all.addAll(t.endpoints()));
        return all;
    }

    /** The running node's transports. */
    public List<Transport> transports() {
        return List.copyOf(runningState().transports);
    }

    /**
     * The running node's connectivity as last announced on its state bus (the emergency extension
     * announces it); {@link Connectivity#ONLINE} until someone says otherwise.
     */
    public Connectivity connectivity() {
        return runningState().connectivity;
    }

    /**
     * Calls {@code listener} with every later connectivity change of the running node, on the thread
     * that announces it (it must not block). Returns a handle that unsubscribes when run; a restart
     * of the node starts with no listeners.
     */
    public Runnable onConnectivity(Consumer<Connectivity> listener) {
        return runningState().onConnectivity(listener);
    }

    /**
     * A JSON view an extension of the running node publishes ({@code emergency}, {@code discovery},
     * ...), as the transports serve it; empty when no extension publishes {@code name}.
     */
    public Optional<ObjectNode> view(String name) {
        return runningState().view(name);
    }

    /**
     * Starts services, transports and extensions, and issues the manifest. A no-op when running.
     * If any part fails to start, everything started so far is stopped again and the error thrown.
     */
    public void start() {
        synchronized (lifecycle) {
            if (running != null) {
                return;
            }
            Running r = new Running();
            r.startedAt = clock.instant();
            try {
                Files.createDirectories(dataDir);
                String prefix = "hearthnet-" + keys.nodeId().shortForm().substring(8, 12).toLowerCase();
                r.scheduler = NodeExecutors.scheduler(prefix);
                r.ownExecutor = suppliedExecutor == null;
                r.executor = suppliedExecutor != null ? suppliedExecutor : NodeExecutors.workers(prefix);
                r.bus = new CapabilityBus(keys.nodeId(), communityId, busConfig, clock, trustPolicy.apply(keys.nodeId()),
                        r.executor, r.scheduler);
                running = r;
                startServices(r);
                startTransports(r);
                issueManifest(r);
                r.unsubscribe = r.bus.registry().subscribe(event -> {
                    if (event.entry().isLocal()) {
                        issueManifest(r);
                    }
                });
                long period = manifestRefresh.toMillis();
                r.refresh = r.scheduler.scheduleAtFixedRate(() -> issueManifest(r), period, period, TimeUnit.MILLISECONDS);
                startExtensions(r);
                LOG.info("node {} '{}' started in community '{}' with {} capabilities at {}", keys.nodeId().shortForm(),
                        displayName, communityId, r.bus.registry().local().size(), endpoints());
            } catch (Exception e) {
                LOG.error("node {} failed to start", keys.nodeId().shortForm(), e);
                stop(r);
                running = null;
                throw e instanceof HearthNetException h ? h
                        : new HearthNetException(ErrorCode.INTERNAL_ERROR, "node failed to start: " + e.getMessage(), e);
            }
        }
    }

    /** Stops everything the node started; idempotent. The node may be started again afterwards. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            Running r = running;
            if (r == null) {
                return;
            }
            running = null;
            stop(r);
            LOG.info("node {} stopped", keys.nodeId().shortForm());
        }
    }

    private void startServices(Running r) throws Exception {
        for (Service service : services) {
            Path dir = dataDir.resolve("services").resolve(service.name());
            Files.createDirectories(dir);
            service.start(new NodeServiceContext(r, dir));
            r.startedServices.add(service);
            for (Capability c : service.capabilities()) {
                r.bus.register(c);
            }
        }
    }

    private void startTransports(Running r) throws Exception {
        Map<String, TransportProvider> byScheme = new LinkedHashMap<>();
        if (discoverTransports) {
            for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
                byScheme.putIfAbsent(p.scheme(), p);
            }
        }
        for (TransportProvider p : explicitTransports) {
            byScheme.put(p.scheme(), p);
        }
        Map<String, Transport> started = new HashMap<>();
        for (TransportProvider p : byScheme.values()) {
            Transport t = p.create(new NodeTransportContext(r, PeerRoutes.transport(p.scheme())));
            r.transports.add(t);
            t.start();
            started.put(t.scheme(), t);
        }
        r.bus.transports(started);
    }

    private void startExtensions(Running r) throws Exception {
        for (NodeExtension extension : extensions) {
            extension.start(new ExtensionContext(r, PeerRoutes.extension(extension.name())));
            r.startedExtensions.add(extension);
        }
    }

    private void issueManifest(Running r) {
        try {
            List<ManifestCapability> caps = new ArrayList<>();
            int inFlight = 0;
            int capacity = 0;
            for (CapabilityEntry e : r.bus.registry().local()) {
                caps.add(e.summary());
                inFlight += e.inFlight();
                capacity += e.maxConcurrent();
            }
            caps.sort((a, b) -> a.id().compareTo(b.id()));
            List<Endpoint> eps = new ArrayList<>();
            r.transports.forEach(t -> eps.addAll(t.endpoints()));
            NodeManifest m = NodeManifest.builder()
                    .displayName(displayName).communityId(communityId).profile(profile)
                    .endpoints(eps).capabilities(caps)
                    .load(capacity == 0 ? 0 : Math.min(1.0, (double) inFlight / capacity))
                    .ttl(manifestTtl)
                    .issue(keys, clock);
            r.manifest = m;
            for (Consumer<NodeManifest> l : manifestListeners) {
                try {
                    l.accept(m);
                } catch (RuntimeException e) {
                    LOG.warn("manifest listener failed", e);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("could not issue the manifest", e);
        }
    }

    private void stop(Running r) {
        if (r.refresh != null) {
            r.refresh.cancel(false);
        }
        if (r.unsubscribe != null) {
            r.unsubscribe.run();
        }
        List<NodeExtension> exts = new ArrayList<>(r.startedExtensions);
        Collections.reverse(exts);
        for (NodeExtension e : exts) {
            quietly("stop extension " + e.name(), e::stop);
        }
        List<Transport> ts = new ArrayList<>(r.transports);
        Collections.reverse(ts);
        for (Transport t : ts) {
            quietly("close transport " + t.scheme(), t::close);
        }
        List<Service> svcs = new ArrayList<>(r.startedServices);
        Collections.reverse(svcs);
        for (Service s : svcs) {
            if (r.bus != null) {
                try {
                    s.capabilities().forEach(c -> r.bus.deregister(c.descriptor().name(), c.descriptor().version()));
                } catch (RuntimeException e) {
                    LOG.warn("could not deregister the capabilities of service {}", s.name(), e);
                }
            }
            quietly("stop service " + s.name(), () -> {
                try {
                    s.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        if (r.scheduler != null) {
            Workers.stop(r.scheduler, STOP_WAIT, "the node's scheduler");
        }
        if (r.executor != null && r.ownExecutor) {
            Workers.stop(r.executor, STOP_WAIT, "the node's worker pool");
        }
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("could not {} cleanly", what, e);
        }
    }

    private Running runningState() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("the node is not running; call start() first");
        }
        return r;
    }

    /** A service made of the capabilities given to the builder directly. */
    private static final class CapabilityListService implements Service {
        private final List<Capability> capabilities;

        CapabilityListService(List<Capability> capabilities) {
            this.capabilities = capabilities;
        }

        @Override
        public String name() {
            return "app";
        }

        @Override
        public Version version() {
            return Version.of(1, 0);
        }

        @Override
        public List<Capability> capabilities() {
            return capabilities;
        }
    }

    /** What every context hands out the same way: identity, community, caller, scheduler and clock. */
    private abstract class BaseContext {
        final Running r;

        BaseContext(Running r) {
            this.r = r;
        }

        public NodeId nodeId() {
            return keys.nodeId();
        }

        public NodeKeyPair keys() {
            return keys;
        }

        public String communityId() {
            return communityId;
        }

        public CapabilityCaller caller() {
            return r.bus;
        }

        public ScheduledExecutorService scheduler() {
            return r.scheduler;
        }

        public Clock clock() {
            return clock;
        }
    }

    /** A context whose owner (a transport or an extension) tells the bus of peers as one source of them. */
    private abstract class PeerSourceContext extends BaseContext {
        private final String peerSource;

        PeerSourceContext(Running r, String peerSource) {
            super(r);
            this.peerSource = peerSource;
        }

        public void updatePeer(NodeManifest verifiedManifest, List<Endpoint> endpoints) {
            r.bus.updatePeer(verifiedManifest, endpoints, peerSource);
        }

        public void removePeer(NodeId node) {
            r.bus.removePeer(node, peerSource);
        }
    }

    private final class NodeServiceContext extends BaseContext implements ServiceContext {
        private final Path dir;

        NodeServiceContext(Running r, Path dir) {
            super(r);
            this.dir = dir;
        }





        @Override
        public Path dataDir() {
            return dir;
        }



        @Override
        public List<NodeId> peers() {
            return r.bus.registry().peers();
        }

        @Override
        public Runnable onPeer(Consumer<PeerEvent> listener) {
            Set<NodeId> present = ConcurrentHashMap.newKeySet();
            present.addAll(r.bus.registry().peers());
            return r.bus.registry().subscribe(event -> {
                NodeId node = event.entry().node();
                if (event.entry().isLocal()) {
                    return;
                }
                if (event.kind() == RegistryEvent.Kind.ADDED && present.add(node)) {
                    listener.accept(new PeerEvent(node, PeerEvent.Kind.APPEARED));
                } else if (event.kind() == RegistryEvent.Kind.REMOVED
                        && r.bus.registry().remote().stream().noneMatch(x -> x.node().equals(node)) && present.remove(node)) {
                    listener.accept(new PeerEvent(node, PeerEvent.Kind.GONE));
                }
            });
        }
    }

    private final class NodeTransportContext extends PeerSourceContext implements TransportContext, InboundDispatcher {
        NodeTransportContext(Running r, String peerSource) {
            super(r, peerSource);
        }




        @Override
        public InboundDispatcher dispatcher() {
            return this;
        }


        @Override
        public Map<String, String> settings() {
            return settings;
        }

        @Override
        public Reply dispatch(Call call) {
            return r.bus.handleInbound(call);
        }


        @Override
        public ObjectNode manifest() {
            NodeManifest m = r.manifest;
            if (m == null) {
                throw new HearthNetException(ErrorCode.PARTITION, "the node is still starting");
            }
            return m.toJson();
        }

        @Override
        public ObjectNode health() {
            ObjectNode o = Json.object();
            o.put("status", "ok");
            o.put("node_id", keys.nodeId().value());
            o.put("display_name", displayName);
            o.put("uptime_s", Duration.between(r.startedAt, clock.instant()).toSeconds());
            o.put("connectivity", r.connectivity.wireName());
            ObjectNode svcs = o.putObject("services");
            for (Service s : r.startedServices) {
                var h = s.health();
                svcs.putObject(s.name()).put("up", h.up()).put("detail", h.detail());
            }
            return o;
        }

        @Override
        public ObjectNode ready() {
            int caps = r.bus.registry().local().size();
            ObjectNode o = Json.object();
            o.put("ready", caps > 0);
            o.put("capabilities", caps);
            o.put("peers", r.bus.registry().peers().size());
            return o;
        }

        @Override
        public String metricsText() {
            StringBuilder text = new StringBuilder(r.bus.metricsText());
            for (var extra : r.metrics) {
                try {
                    text.append(extra.get());
                } catch (RuntimeException e) {
                    LOG.warn("an extension's metrics failed", e);
                }
            }
            return text.toString();
        }

        @Override
        public ArrayNode recentTraces(int n) {
            var out = Json.array();
            for (TraceEvent t : r.bus.recentTraces(Math.min(Math.max(n, 0), busConfig.traceCapacity()))) {
                ObjectNode o = out.addObject();
                o.put("time", t.time().toString());
                o.put("trace_id", t.traceId());
                o.put("capability", t.capability());
                o.put("version", t.version());
                o.put("from", t.from());
                o.put("to", t.to());
                o.put("local", t.local());
                o.put("result", t.result());
                o.put("latency_us", t.latencyMicros());
                o.put("bytes_in", t.bytesIn());
                o.put("bytes_out", t.bytesOut());
            }
            return out;
        }

        @Override
        public ObjectNode topology() {
            return r.bus.topology().toJson();
        }

        @Override
        public Optional<ObjectNode> view(String name) {
            return r.view(name);
        }
    }

    private final class ExtensionContext extends PeerSourceContext implements NodeContext {
        ExtensionContext(Running r, String peerSource) {
            super(r, peerSource);
        }



        @Override
        public String displayName() {
            return displayName;
        }


        @Override
        public Profile profile() {
            return profile;
        }


        @Override
        public List<Transport> transports() {
            return List.copyOf(r.transports);
        }

        @Override
        public Path dataDir() {
            return dataDir;
        }



        @Override
        public NodeManifest manifest() {
            return r.manifest;
        }

        @Override
        public Runnable onManifest(Consumer<NodeManifest> listener) {
            manifestListeners.add(listener);
            return () -> manifestListeners.remove(listener);
        }


        @Override
        public int withdrawInternetCapabilities() {
            return r.bus.withdrawInternetCapabilities();
        }

        @Override
        public int restoreInternetCapabilities() {
            return r.bus.restoreInternetCapabilities();
        }

        @Override
        public Runnable publishView(String name, Supplier<ObjectNode> view) {
            if (name == null || !name.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "view names are 1 to 32 lower-case letters, digits, '-' or '_'");
            }
            if (r.views.putIfAbsent(name, view) != null) {
                throw new IllegalStateException("a view named '" + name + "' is already published");
            }
            return () -> r.views.remove(name, view);
        }

        @Override
        public Runnable publishMetrics(Supplier<String> prometheusLines) {
            r.metrics.add(prometheusLines);
            return () -> r.metrics.remove(prometheusLines);
        }

        @Override
        public void publishConnectivity(Connectivity connectivity) {
            Connectivity before = r.connectivity;
            r.connectivity = Objects.requireNonNull(connectivity, "connectivity");
            if (before == connectivity) {
                return;
            }
            for (Consumer<Connectivity> l : r.connectivityListeners) {
                try {
                    l.accept(connectivity);
                } catch (RuntimeException e) {
                    LOG.warn("a connectivity listener failed", e);
                }
            }
        }

        @Override
        public Connectivity connectivity() {
            return r.connectivity;
        }

        @Override
        public Runnable onConnectivity(Consumer<Connectivity> listener) {
            return r.onConnectivity(listener);
        }
    }

    /** Builds a {@link HearthNode}. */
    public static final class Builder {
        private Path dataDir;
        private NodeKeyPair keys;
        private String displayName = "hearthnet-node";
        private String communityId = "hearthnet";
        private Profile profile = Profile.STANDARD;
        private BusConfig busConfig = BusConfig.defaults();
        private final List<Service> services = new ArrayList<>();
        private final List<Capability> capabilities = new ArrayList<>();
        private final List<TransportProvider> transports = new ArrayList<>();
        private boolean discoverTransports = true;
        private final List<NodeExtension> extensions = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private ExecutorService executor;
        private Function<NodeId, TrustPolicy> trustPolicy;
        private final Map<String, String> settings = new HashMap<>();
        private Duration manifestTtl = NodeManifest.DEFAULT_TTL;
        private Duration manifestRefresh = DEFAULT_MANIFEST_REFRESH;

        private Builder() {}

        /** The data dir (identity, service stores); default {@link HearthNode#defaultDataDir()}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The node's key pair; default: loaded from (or created in) the data dir. */
        public Builder keys(NodeKeyPair keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** A human-readable name; default {@code hearthnet-node}. */
        public Builder displayName(String displayName) {
            this.displayName = Objects.requireNonNull(displayName, "displayName");
            return this;
        }

        /** The community; default {@code hearthnet}. */
        public Builder communityId(String communityId) {
            if (communityId == null || communityId.isBlank() || communityId.length() > 128) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "community id must be 1 to 128 characters");
            }
            this.communityId = communityId;
            return this;
        }

        /** The device profile; default {@link Profile#STANDARD}. */
        public Builder profile(Profile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Bus tunables; default {@link BusConfig#defaults()}. */
        public Builder busConfig(BusConfig config) {
            this.busConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Adds a service. */
        public Builder service(Service service) {
            services.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        /** Adds one capability directly (it joins a built-in service named {@code app}). */
        public Builder capability(Capability capability) {
            capabilities.add(Objects.requireNonNull(capability, "capability"));
            return this;
        }

        /** Adds a transport; it replaces a discovered one of the same scheme. */
        public Builder transport(TransportProvider provider) {
            transports.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** Whether to add every transport found with {@link ServiceLoader} (default true). */
        public Builder discoverTransports(boolean discover) {
            this.discoverTransports = discover;
            return this;
        }

        /** Adds an extension (discovery, emergency mode, relay). */
        public Builder extension(NodeExtension extension) {
            extensions.add(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        /** The clock; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The executor for stream producers; default virtual threads on JDK 21+, else a bounded
         * pool. A supplied executor is not shut down by the node.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The trust policy; default {@link OpenCommunityTrustPolicy}. */
        public Builder trustPolicy(TrustPolicy policy) {
            Objects.requireNonNull(policy, "policy");
            this.trustPolicy = self -> policy;
            return this;
        }

        /** A transport setting such as {@code http.port}. */
        public Builder setting(String key, String value) {
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long each manifest is valid; default 30 s. */
        public Builder manifestTtl(Duration ttl) {
            this.manifestTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** How often the manifest is re-issued; default 20 s. */
        public Builder manifestRefresh(Duration refresh) {
            if (refresh == null || refresh.isNegative() || refresh.isZero()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest refresh must be positive");
            }
            this.manifestRefresh = refresh;
            return this;
        }

        /** The node, not yet started. Loads or creates the identity when none was given. */
        public HearthNode build() {
            if (manifestRefresh.compareTo(manifestTtl) >= 0) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "the manifest must be re-issued before it expires");
            }
            if (trustPolicy == null) {
                String community = communityId;
                trustPolicy = self -> new OpenCommunityTrustPolicy(self, community);
            }
            return new HearthNode(this);
        }
    }
}
