package io.hearthnet.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityCaller;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FramePipe;
import io.hearthnet.api.FrameSink;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Reply;
import io.hearthnet.api.StreamProducer;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TrustPolicy;
import io.hearthnet.api.token.CapabilityToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capability bus: every call in the mesh goes through it. It keeps the registry of local and
 * remote capability instances, routes each call to the best provider, validates inputs, replies
 * and frames against their schemas, enforces trust, tokens, deadlines and concurrency limits,
 * records health (quarantining failing providers) and traces every call.
 *
 * <p>A call to a local capability runs the handler directly on the caller's thread, without
 * serialisation or sockets; remote calls go through the transport of the provider's endpoint.
 * Build one through {@link HearthNode}, which wires it to transports and services.
 */
public final class CapabilityBus implements CapabilityCaller {
    /** The metrics label of inbound calls for capabilities this node does not offer. */
    static final String UNKNOWN_CAPABILITY = "(unknown)";
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityBus.class);
    /** How long an endpoint that answered {@code partition} is tried after a peer's others: a manifest's lifetime. */
    static final Duration UNREACHABLE_FOR = Duration.ofSeconds(30);

    private final NodeId self;
    private final String communityId;
    private final BusConfig config;
    private final Clock clock;
    private final TrustPolicy trust;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final SchemaValidator schemas = new SchemaValidator();
    private final CapabilityRegistry registry;
    private final Router router;
    private final StickySessions sticky;
    private final TraceRing traces;
    private final BusMetrics metrics = new BusMetrics();
    private final Map<String, Capability> withdrawn = new ConcurrentHashMap<>();
    private volatile Map<String, Transport> transports = Map.of();

    CapabilityBus(NodeId self, String communityId, BusConfig config, Clock clock, TrustPolicy trust,
                  ExecutorService executor, ScheduledExecutorService scheduler) {
        this.self = self;
        this.communityId = communityId;
        this.config = config;
        this.clock = clock;
        this.trust = trust;
        this.executor = executor;
        this.scheduler = scheduler;
        this.registry = new CapabilityRegistry(self, config, clock, schemas);
        this.router = new Router(registry, config);
        this.sticky = new StickySessions(config, clock);
        this.traces = new TraceRing(config.traceCapacity());
        registry.subscribe(event -> {
            if (event.kind() == RegistryEvent.Kind.REMOVED) {
                sticky.unbindAll(event.entry().key());
            }
        });
    }

    /** This node's id. */
    public NodeId nodeId() {
        return self;
    }

    /** The registry of capability instances. */
    public CapabilityRegistry registry() {
        return registry;
    }

    /** The bus configuration. */
    public BusConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- registration

    /** Offers a capability from this node (see {@link CapabilityRegistry#registerLocal}). */
    public CapabilityEntry register(Capability capability) {
        return registry.registerLocal(capability);
    }

    /** Stops offering a capability; returns whether it was offered. */
    public boolean deregister(String name, Version version) {
        return registry.deregisterLocal(name, version);
    }

    /**
     * Withdraws every local capability that needs the internet (emergency mode: offline). They
     * leave the registry, and so the manifest, until {@link #restoreInternetCapabilities()}.
     * Returns how many were withdrawn.
     */
    public int withdrawInternetCapabilities() {
        return withdrawWhere(CapabilityDescriptor::requiresInternet);
    }

    /** Offers again what {@link #withdrawInternetCapabilities()} took away; returns how many. */
    public int restoreInternetCapabilities() {
        int restored = 0;
        for (Iterator<Map.Entry<String, Capability>> it = withdrawn.entrySet().iterator(); it.hasNext(); ) {
            Capability c = it.next().getValue();
            it.remove();
            registry.registerLocal(c);
            restored++;
        }
        if (restored > 0) {
            LOG.info("restored {} internet-dependent capabilities", restored);
        }
        return restored;
    }

    private int withdrawWhere(Predicate<CapabilityDescriptor> which) {
        int count = 0;
        for (CapabilityEntry e : registry.local()) {
            Capability c = e.localCapability().orElseThrow();
            if (which.test(c.descriptor()) && registry.deregisterLocal(e.name(), e.version())) {
                withdrawn.put(c.descriptor().id(), c);
                count++;
            }
        }
        if (count > 0) {
            LOG.info("withdrew {} internet-dependent capabilities", count);
        }
        return count;
    }

    // ---------------------------------------------------------------- peers

    /** Adds or refreshes a peer's remote entries from its verified manifest. */
    public RegistryDiff updatePeer(NodeManifest manifest) {
        return registry.updateFromManifest(manifest, List.of());
    }

    /** Adds or refreshes a peer's remote entries, reached at {@code endpoints}. */
    public RegistryDiff updatePeer(NodeManifest manifest, List<Endpoint> endpoints) {
        return registry.updateFromManifest(manifest, endpoints);
    }

    /** Drops every remote entry of a peer (it left or was pruned); returns how many. */
    public int removePeer(NodeId node) {
        return registry.removePeer(node);
    }

    /** What {@code source} (a transport or an extension of the node) knows of a peer; see {@link PeerRoutes}. */
    RegistryDiff updatePeer(NodeManifest manifest, List<Endpoint> endpoints, String source) {
        return registry.updateFromManifest(manifest, endpoints, source);
    }

    /** {@code source} no longer knows the peer; its entries go when no source knows it. */
    int removePeer(NodeId node, String source) {
        return registry.removePeer(node, source);
    }

    void transports(Map<String, Transport> byScheme) {
        this.transports = Map.copyOf(byScheme);
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public ObjectNode call(String capability, Version version, ObjectNode input, CallOptions options) {
        return withFailover(capability, version, options,
                (entry, traceId, start) -> callEntry(entry, capability, version, input, options, traceId, start));
    }

    /**
     * Opens a stream. Like {@link #call}, a stream that cannot be opened at one provider is opened at
     * the next under the same rules; once it is open, its failures reach the reader as they come.
     */
    @Override
    public FrameStream stream(String capability, Version version, ObjectNode input, CallOptions options) {
        return withFailover(capability, version, options,
                (entry, traceId, start) -> openStream(entry, capability, version, input, options, traceId, start));
    }

    /** One try at one provider, for {@link #withFailover}. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run(CapabilityEntry entry, String traceId, long startNanos);
    }

    /**
     * Picks a provider and makes {@code attempt} there; when it fails in a way that lets it be made
     * elsewhere (the request never left this node, or the capability is idempotent and the failure
     * is the provider's), picks another provider once. The caller sees the first failure when
     * there is nobody else.
     */
    private <T> T withFailover(String capability, Version version, CallOptions options, Attempt<T> attempt) {
        String traceId = options.traceId().orElseGet(CapabilityBus::newTraceId);
        Set<CapabilityEntry> tried = null;
        HearthNetException firstFailure = null;
        for (int n = 0; ; n++) {
            long start = System.nanoTime();
            CapabilityEntry entry;
            try {
                entry = pick(capability, version, options, tried);
            } catch (HearthNetException e) {
                if (firstFailure != null) {
                    throw firstFailure; // nobody else to fail over to: the caller sees the real failure
                }
                throw unrouted(e, traceId, capability, version, start);
            }
            try {
                return attempt.run(entry, traceId, start);
            } catch (HearthNetException e) {
                if (n == 0 && !entry.isLocal()
                        && (e.neverDelivered() || entry.summary().idempotent() && failsOver(e.code()))) {
                    LOG.debug("failing over {} after {} from {}", capability, e.code(), entry);
                    tried = Set.of(entry);
                    firstFailure = e;
                    continue;
                }
                throw e;
            }
        }
    }

    private FrameStream openStream(CapabilityEntry entry, String capability, Version version, ObjectNode input,
                                   CallOptions options, String traceId, long start) {
        if (!entry.tryAcquire()) {
            entry.health().releaseProbe();
            throw capacityExceeded(entry, traceId, version, start);
        }
        Call call = newCall(entry, capability, version, input, options, traceId);
        try {
            return entry.isLocal() ? streamLocal(entry, call, start) : streamRemote(entry, call, start);
        } catch (HearthNetException e) {
            finish(entry, call, start, e.code(), 0, 0);
            throw e;
        } catch (RuntimeException e) {
            HearthNetException wrapped = internal(entry, e);
            finish(entry, call, start, wrapped.code(), 0, 0);
            throw wrapped;
        }
    }

    /** Traces a call that found no provider and counts capacity refusals. */
    private HearthNetException unrouted(HearthNetException e, String traceId, String capability, Version version, long start) {
        if (e.code() == ErrorCode.CAPACITY_EXCEEDED) {
            metrics.capacityRejections.increment();
        }
        trace(traceId, capability, version, self, null, false, e.code().wireName(), start, 0, 0);
        return e;
    }

    /**
     * The provider the router would choose for a call now, without making the call or counting the
     * choice (no quarantine probe is claimed, no load-sharing turn is used). For dashboards,
     * debugging and benchmarks.
     *
     * @throws HearthNetException {@code not_found}, {@code capacity_exceeded} or {@code partition}
     *         as a call would
     */
    public CapabilityEntry route(String capability, Version version, CallOptions options) {
        return router.route(capability, version, options.params(), options.targetNode().orElse(null), null,
                clock.millis(), false);
    }

    private CapabilityEntry pick(String capability, Version version, CallOptions options, Set<CapabilityEntry> tried) {
        long now = clock.millis();
        String session = options.sessionId().orElse(null);
        if (session != null && tried == null) {
            EntryKey bound = sticky.get(session);
            if (bound != null) {
                CapabilityEntry e = registry.entry(bound.node(), bound.name(), bound.version()).orElse(null);
                if (e != null && e.name().equals(capability) && router.stillViable(e, version, now)) {
                    return e;
                }
                sticky.unbind(session);
            }
        }
        ObjectNode params = options.params();
        CapabilityEntry chosen = router.route(capability, version, params, options.targetNode().orElse(null), tried, now);
        if (session != null) {
            sticky.bind(session, chosen.key());
        }
        return chosen;
    }

    private ObjectNode callEntry(CapabilityEntry entry, String capability, Version version, ObjectNode input,
                                 CallOptions options, String traceId, long start) {
        if (!entry.tryAcquire()) {
            entry.health().releaseProbe();
            throw capacityExceeded(entry, traceId, version, start);
        }
        Call call = newCall(entry, capability, version, input, options, traceId);
        ErrorCode failure = null;
        long bytesIn = 0;
        long bytesOut = 0;
        try {
            ObjectNode reply;
            if (entry.isLocal()) {
                reply = invokeLocalUnary(entry, call);
            } else {
                bytesIn = Json.writeBytes(input).length;
                reply = callRemote(entry, call);
                bytesOut = Json.writeBytes(reply).length;
                SchemaValidator.Compiled known = schemas.lookup(entry.summary().schemaHash());
                if (known != null && config.validateSchemas()) {
                    schemas.validateResponse(known, reply);
                }
            }
            if (clock.millis() > call.deadline().toEpochMilli()) {
                throw new HearthNetException(ErrorCode.TIMEOUT, capability + " answered after its deadline");
            }
            return reply;
        } catch (HearthNetException e) {
            failure = e.code();
            throw e;
        } catch (RuntimeException e) {
            HearthNetException wrapped = internal(entry, e);
            failure = wrapped.code();
            throw wrapped;
        } finally {
            finish(entry, call, start, failure, bytesIn, bytesOut);
        }
    }

    private ObjectNode callRemote(CapabilityEntry entry, Call call) {
        return alongRoutes(entry, call, route -> route.transport().call(route.endpoint(), entry.node(), call));
    }

    /**
     * Sends the call along the entry's routes in turn (see {@link #routes}). An endpoint that answers
     * {@code partition} is tried last for {@link #UNREACHABLE_FOR} by every later call; an idempotent
     * call goes on to the next route at once while its deadline lasts. A non-idempotent one goes on
     * only when the request was {@linkplain HearthNetException#neverDelivered never delivered};
     * otherwise it fails (a partition does not prove the request was not run).
     */
    private <T> T alongRoutes(CapabilityEntry entry, Call call, Function<Route, T> send) {
        List<Route> routes = routes(entry);
        for (int i = 0; ; i++) {
            Route route = routes.get(i);
            try {
                T reply = send.apply(route);
                entry.markReachable(route.endpoint());
                return reply;
            } catch (HearthNetException e) {
                boolean unreachable = e.code() == ErrorCode.PARTITION;
                if (unreachable && routes.size() > 1) {
                    entry.markUnreachable(route.endpoint(), clock.millis() + UNREACHABLE_FOR.toMillis());
                }
                if (!unreachable || !(entry.summary().idempotent() || e.neverDelivered()) || i + 1 == routes.size()
                        || clock.millis() >= call.deadline().toEpochMilli()) {
                    throw e;
                }
                LOG.debug("{} is unreachable at {} ({}); trying {}", entry.node().shortForm(), route.endpoint(), e.getMessage(),
                        routes.get(i + 1).endpoint());
            }
        }
    }

    private ObjectNode invokeLocalUnary(CapabilityEntry entry, Call call) {
        SchemaValidator.Compiled compiled = entry.schemas();
        if (config.validateSchemas()) {
            schemas.validateRequest(compiled, call.input());
        }
        Reply reply = runHandler(entry, call);
        if (!(reply instanceof Reply.Unary unary)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, entry.name() + " answers with a stream; use stream()");
        }
        if (config.validateSchemas()) {
            schemas.validateResponse(compiled, unary.body());
        }
        return unary.body();
    }

    private FrameStream streamLocal(CapabilityEntry entry, Call call, long start) {
        if (config.validateSchemas()) {
            schemas.validateRequest(entry.schemas(), call.input());
        }
        Reply reply = runHandler(entry, call);
        FramePipe pipe = new FramePipe(config.streamBuffer());
        if (reply instanceof Reply.Unary unary) {
            if (config.validateSchemas()) {
                schemas.validateResponse(entry.schemas(), unary.body());
            }
            pipe.complete(unary.body());
            finish(entry, call, start, null, 0, 0);
            return pipe.stream();
        }
        StreamProducer producer = ((Reply.Stream) reply).producer();
        AtomicBoolean finished = new AtomicBoolean();
        long remaining = Math.max(1, call.deadline().toEpochMilli() - clock.millis());
        ScheduledFuture<?> deadline = scheduler.schedule(() -> {
            pipe.fail(new HearthNetException(ErrorCode.TIMEOUT, entry.name() + " did not finish its stream before the deadline"));
        }, remaining, TimeUnit.MILLISECONDS);
        try {
            executor.execute(() -> {
                ErrorCode outcome = runProducer(entry, call, producer, pipe.sink(), pipe);
                deadline.cancel(false);
                if (finished.compareAndSet(false, true)) {
                    finish(entry, call, start, outcome, 0, 0);
                }
            });
        } catch (RejectedExecutionException e) {
            deadline.cancel(false);
            throw HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED,
                    "the node has no free worker for another stream", config.capacityRetryAfter());
        }
        return pipe.stream();
    }

    /** Runs a stream producer into a sink; returns the error code it ended with, or null. */
    private ErrorCode runProducer(CapabilityEntry entry, Call call, StreamProducer producer, FrameSink sink, FramePipe pipe) {
        FrameSink checked = validatingSink(entry, call, sink);
        try {
            producer.produce(checked);
            if (pipe != null) {
                pipe.complete(Json.object());
            }
            return null;
        } catch (CancellationException e) {
            // The reader left (not the provider's fault) or the deadline already failed the pipe.
            return pipe != null && !pipe.isCancelled() ? ErrorCode.TIMEOUT : null;
        } catch (HearthNetException e) {
            if (pipe != null) {
                pipe.fail(e);
                return e.code();
            }
            throw e;
        } catch (Exception e) {
            HearthNetException wrapped = internal(entry, e);
            if (pipe != null) {
                pipe.fail(wrapped);
                return wrapped.code();
            }
            throw wrapped;
        }
    }

    private FrameSink validatingSink(CapabilityEntry entry, Call call, FrameSink sink) {
        SchemaValidator.Compiled compiled = entry.schemas();
        long deadlineMillis = call.deadline().toEpochMilli();
        return new FrameSink() {
            @Override
            public void emit(String event, ObjectNode data) {
                if (clock.millis() > deadlineMillis) {
                    throw new HearthNetException(ErrorCode.TIMEOUT, entry.name() + " stream ran past its deadline");
                }
                if (config.validateSchemas() && compiled != null) {
                    schemas.validateFrame(compiled, data);
                }
                sink.emit(event, data);
            }

            @Override
            public boolean isCancelled() {
                return sink.isCancelled();
            }
        };
    }

    private FrameStream streamRemote(CapabilityEntry entry, Call call, long start) {
        FrameStream remote = alongRoutes(entry, call, route -> route.transport().stream(route.endpoint(), entry.node(), call));
        SchemaValidator.Compiled known = config.validateSchemas() ? schemas.lookup(entry.summary().schemaHash()) : null;
        return new TrackedStream(remote, known, outcome -> finish(entry, call, start, outcome, 0, 0));
    }

    /** A remote stream that records its outcome once, when it ends or is closed. */
    private final class TrackedStream implements FrameStream {
        private final FrameStream inner;
        private final SchemaValidator.Compiled known;
        private final java.util.function.Consumer<ErrorCode> onEnd;
        private final AtomicBoolean ended = new AtomicBoolean();

        TrackedStream(FrameStream inner, SchemaValidator.Compiled known, java.util.function.Consumer<ErrorCode> onEnd) {
            this.inner = inner;
            this.known = known;
            this.onEnd = onEnd;
        }

        @Override
        public Iterator<Frame> iterator() {
            Iterator<Frame> it = inner.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    try {
                        boolean more = it.hasNext();
                        if (!more) {
                            end(null);
                        }
                        return more;
                    } catch (HearthNetException e) {
                        end(e.code());
                        throw e;
                    }
                }

                @Override
                public Frame next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException("the stream has ended");
                    }
                    Frame f = it.next();
                    if (f.isDone()) {
                        end(null);
                    } else if (known != null) {
                        try {
                            schemas.validateFrame(known, f.data());
                        } catch (HearthNetException e) {
                            end(e.code());
                            inner.close();
                            throw e;
                        }
                    }
                    return f;
                }
            };
        }

        private void end(ErrorCode outcome) {
            if (ended.compareAndSet(false, true)) {
                onEnd.accept(outcome);
            }
        }

        @Override
        public void close() {
            inner.close();
            end(null);
        }
    }

    private Reply runHandler(CapabilityEntry entry, Call call) {
        try {
            Reply reply = entry.localCapability().orElseThrow().handler().handle(call);
            if (reply == null) {
                throw new HearthNetException(ErrorCode.INTERNAL_ERROR, entry.name() + " handler returned no reply");
            }
            return reply;
        } catch (HearthNetException e) {
            throw e;
        } catch (Exception e) {
            throw internal(entry, e);
        }
    }

    /** A transport and the endpoint it reaches a remote entry at. */
    private record Route(Transport transport, Endpoint endpoint) {}

    /**
     * The routes to a remote entry in the order to try them: its endpoints that a transport of this
     * node reaches, in the entry's order, those found unreachable in the last {@link #UNREACHABLE_FOR}
     * after the others. Taken from one snapshot of the entry's endpoints.
     */
    private List<Route> routes(CapabilityEntry entry) {
        Map<String, Transport> byScheme = transports;
        Map<Endpoint, Long> unreachable = entry.unreachable();
        long now = unreachable.isEmpty() ? 0 : clock.millis();
        List<Endpoint> endpoints = entry.endpoints();
        List<Route> routes = new ArrayList<>(endpoints.size());
        List<Route> suspect = null;
        for (Endpoint ep : endpoints) {
            Transport t = byScheme.get(ep.scheme());
            if (t == null) {
                t = byScheme.values().stream().filter(candidate -> candidate.handles(ep)).findFirst().orElse(null);
            }
            if (t == null) {
                continue;
            }
            Long until = unreachable.get(ep);
            if (until != null && until > now) {
                (suspect == null ? suspect = new ArrayList<>(1) : suspect).add(new Route(t, ep));
            } else {
                routes.add(new Route(t, ep));
            }
        }
        if (suspect != null) {
            routes.addAll(suspect);
        }
        if (routes.isEmpty()) {
            throw HearthNetException.neverDelivered(ErrorCode.PARTITION, "no transport of this node reaches "
                    + entry.node().shortForm() + " at " + endpoints, null);
        }
        return routes;
    }

    private Call newCall(CapabilityEntry entry, String capability, Version version, ObjectNode input,
                         CallOptions options, String traceId) {
        Duration timeout = entry.localCapability().map(c -> c.descriptor().timeout()).orElse(entry.summary().timeout());
        if (options.timeout().isPresent() && options.timeout().get().compareTo(timeout) < 0) {
            timeout = options.timeout().get();
        }
        Instant deadline = clock.instant().plus(timeout);
        return new Call(capability, version, options.params(), input, self, traceId, options.sessionId(),
                deadline, options.token());
    }

    // ---------------------------------------------------------------- inbound

    /**
     * Serves a call that a transport received and authenticated: only local capabilities are
     * considered (the bus never forwards). Checks revocation, trust (or a presented token), params,
     * capacity and schemas, then runs the handler. A streamed reply's producer must be run by the
     * transport exactly once; the bus releases the call's slot when it ends.
     */
    public Reply handleInbound(Call call) {
        long start = System.nanoTime();
        CapabilityEntry entry = null;
        try {
            entry = localFor(call);
            authorize(entry, call);
            if (!entry.tryAcquire()) {
                throw capacityExceeded(entry, call.traceId(), call.version(), start);
            }
        } catch (HearthNetException e) {
            if (e.code() != ErrorCode.CAPACITY_EXCEEDED) {
                // A name nobody here offers is the caller's invention: traced, but counted under one
                // label so that made-up names cannot grow the metrics without end.
                trace(call.traceId(), call.capability(), entry == null ? UNKNOWN_CAPABILITY : call.capability(),
                        call.version(), call.caller(), entry == null ? null : self, true, e.code().wireName(), start, 0, 0);
            }
            throw e;
        }
        CapabilityEntry target = entry;
        boolean streamed = false;
        ErrorCode failure = null;
        try {
            if (config.validateSchemas()) {
                schemas.validateRequest(target.schemas(), call.input());
            }
            Reply reply = runHandler(target, call);
            if (reply instanceof Reply.Unary unary) {
                if (config.validateSchemas()) {
                    schemas.validateResponse(target.schemas(), unary.body());
                }
                return reply;
            }
            StreamProducer producer = ((Reply.Stream) reply).producer();
            streamed = true;
            AtomicBoolean ran = new AtomicBoolean();
            return Reply.stream(sink -> {
                if (!ran.compareAndSet(false, true)) {
                    throw new IllegalStateException("a stream producer runs once");
                }
                ErrorCode outcome = null;
                try {
                    runProducer(target, call, producer, sink, null);
                } catch (HearthNetException e) {
                    outcome = e.code();
                    throw e;
                } catch (CancellationException e) {
                    throw e;
                } finally {
                    finish(target, call, start, outcome, 0, 0);
                }
            });
        } catch (HearthNetException e) {
            failure = e.code();
            throw e;
        } catch (RuntimeException e) {
            HearthNetException wrapped = internal(target, e);
            failure = wrapped.code();
            throw wrapped;
        } finally {
            if (!streamed) {
                finish(target, call, start, failure, 0, 0);
            }
        }
    }

    private CapabilityEntry localFor(Call call) {
        CapabilityEntry best = null;
        boolean offered = false;
        for (CapabilityEntry e : registry.named(call.capability())) {
            if (!e.isLocal() || !e.version().satisfies(call.version())) {
                continue;
            }
            offered = true;
            if (call.params().size() > 0 && !e.paramsPredicate().test(e.offeredParamsView(), call.params())) {
                continue;
            }
            if (best == null || e.version().compareTo(best.version()) > 0) {
                best = e;
            }
        }
        if (best == null) {
            throw new HearthNetException(ErrorCode.NOT_FOUND, offered
                    ? "this node offers " + call.capability() + " but not with params " + Json.write(call.params())
                    : "this node does not offer " + call.capability() + "@" + call.version());
        }
        return best;
    }

    private void authorize(CapabilityEntry entry, Call call) {
        if (call.caller().equals(self)) {
            return;
        }
        if (trust.isRevoked(call.caller())) {
            throw new HearthNetException(ErrorCode.REVOKED, "node " + call.caller().shortForm() + " has been revoked");
        }
        TrustLevel required = entry.localCapability().orElseThrow().descriptor().trustRequired();
        TrustLevel level = trust.levelOf(call.caller(), communityId);
        if (call.token().isPresent()) {
            CapabilityToken token = call.token().get();
            token.authorize(clock, call.caller(), self, communityId, call.capability(), call.version(), call.params());
            if (trust.isRevoked(token.issuer())) {
                throw new HearthNetException(ErrorCode.UNAUTHORIZED, "the issuer of token " + token.tokenId() + " has been revoked");
            }
            TrustLevel delegated = token.issuer().equals(self) ? TrustLevel.ANCHOR : trust.levelOf(token.issuer(), communityId);
            if (delegated.compareTo(level) > 0) {
                level = delegated;
            }
        }
        if (!level.atLeast(required)) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, entry.name() + " needs trust '" + required.wireName()
                    + "', node " + call.caller().shortForm() + " has '" + level.wireName() + "'");
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    private void finish(CapabilityEntry entry, Call call, long startNanos, ErrorCode failure, long bytesIn, long bytesOut) {
        entry.release();
        long micros = Math.max(0, (System.nanoTime() - startNanos) / 1_000);
        boolean providerFault = failure != null && providerFault(failure);
        // Another node's call that ran out of its own deadline says nothing about this provider: a
        // caller could otherwise quarantine this node's capability for its own callers by asking
        // with 1 ms deadlines.
        boolean othersDeadline = failure == ErrorCode.TIMEOUT && !call.caller().equals(self);
        if (!othersDeadline && entry.health().record(!providerFault, micros, clock.millis())) {
            metrics.quarantines.increment();
            LOG.warn("quarantined {} (success rate {}, offence {})", entry, String.format("%.2f", entry.successRate()),
                    entry.health().offences());
        }
        trace(call.traceId(), call.capability(), call.version(), call.caller(), entry.node(), entry.isLocal(),
                failure == null ? TraceEvent.OK : failure.wireName(), startNanos, bytesIn, bytesOut);
    }

    private HearthNetException capacityExceeded(CapabilityEntry entry, String traceId, Version version, long start) {
        metrics.capacityRejections.increment();
        trace(traceId, entry.name(), version, self, entry.node(), entry.isLocal(), ErrorCode.CAPACITY_EXCEEDED.wireName(), start, 0, 0);
        return HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, entry.name() + " on " + entry.node().shortForm()
                + " is serving its maximum of " + entry.maxConcurrent() + " calls", config.capacityRetryAfter());
    }

    private void trace(String traceId, String capability, Version version, NodeId from, NodeId to, boolean local,
                       String result, long startNanos, long bytesIn, long bytesOut) {
        trace(traceId, capability, capability, version, from, to, local, result, startNanos, bytesIn, bytesOut);
    }

    private void trace(String traceId, String capability, String metricsLabel, Version version, NodeId from, NodeId to,
                       boolean local, String result, long startNanos, long bytesIn, long bytesOut) {
        long micros = Math.max(0, (System.nanoTime() - startNanos) / 1_000);
        traces.add(new TraceEvent(clock.instant(), traceId, capability, version.toString(), from.value(),
                to == null ? "" : to.value(), local, result, micros, bytesIn, bytesOut));
        metrics.record(metricsLabel, result, micros);
    }

    private static boolean providerFault(ErrorCode code) {
        return code == ErrorCode.TIMEOUT || code == ErrorCode.PARTITION || code == ErrorCode.INTERNAL_ERROR
                || code == ErrorCode.NOT_IMPLEMENTED;
    }

    private static boolean failsOver(ErrorCode code) {
        return code == ErrorCode.PARTITION || code == ErrorCode.TIMEOUT || code == ErrorCode.INTERNAL_ERROR;
    }

    private static HearthNetException internal(CapabilityEntry entry, Exception e) {
        LOG.error("{} failed", entry, e);
        return new HearthNetException(ErrorCode.INTERNAL_ERROR, entry.name() + " failed: " + e, e);
    }

    static String newTraceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }

    // ---------------------------------------------------------------- introspection

    /** Up to {@code n} most recent calls, newest first. */
    public List<TraceEvent> recentTraces(int n) {
        return traces.recent(Math.max(0, n));
    }

    /** Counters since the bus started. */
    public BusStats stats() {
        Map<String, Map<String, Long>> calls = new HashMap<>();
        metrics.calls().forEach((cap, byResult) -> {
            Map<String, Long> m = new HashMap<>();
            byResult.forEach((result, adder) -> m.put(result, adder.sum()));
            calls.put(cap, Map.copyOf(m));
        });
        return new BusStats(calls, metrics.quarantines.sum(), metrics.capacityRejections.sum(),
                registry.all().stream().mapToInt(CapabilityEntry::inFlight).sum(), sticky.size(), traces.total());
    }

    /** The mesh as this node sees it now. */
    public Topology topology() {
        List<CapabilityEntry> all = registry.all();
        List<CapabilityEntry> local = new ArrayList<>();
        List<CapabilityEntry> remote = new ArrayList<>();
        int inFlight = 0;
        for (CapabilityEntry e : all) {
            (e.isLocal() ? local : remote).add(e);
            inFlight += e.inFlight();
        }
        return new Topology(self, registry.peers(), local, remote, inFlight, clock.instant());
    }

    /** Metrics in the Prometheus text exposition format. */
    public String metricsText() {
        return PrometheusText.render(metrics, stats(), topology());
    }
}
