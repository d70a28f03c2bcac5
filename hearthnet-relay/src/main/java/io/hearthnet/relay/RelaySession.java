package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.SignedJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.KeyPins;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.wire.CallEnvelope;
import io.hearthnet.api.wire.SignedResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started run of a {@link RelayTransport}: the membership (join, refresh with the node's
 * latest manifest, roster), the long-poll loop with capped exponential backoff, the correlation
 * of outbound calls with their replies, and the inbound pipeline. Closing it stops every thread
 * it started.
 */
final class RelaySession implements EnvelopeSender {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySession.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration MANIFEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int RECENT_IDS = 16_384;
    /** Workers beyond the inbound calls: refusals, membership refreshes, manifest answers, cancels. */
    private static final int RESERVED_WORKERS = 8;
    /** Send requests to the hub under way at once; envelopes that wait meanwhile share the next one. */
    static final int SEND_REQUESTS = 2;
    private static final Duration CREDIT_RETRY = Duration.ofSeconds(1);
    private static final String POST_LATE = "the deadline passed before the hub took the envelope";

    /** Where roster changes go (the transport fans them out to its listeners). */
    interface Events {
        void updated(RelayPeer peer);

        void removed(NodeId node);
    }

    /** An outbound request waiting for its reply. */
    private record Waiting(NodeId node, CompletableFuture<RelayMessage> reply) {}

    private final TransportContext context;
    private final RelaySettings settings;
    private final Events events;
    private final String authority;
    private final Endpoint self;
    private final HubClient client;
    private final Outbox outbox;
    private final ThreadPoolExecutor httpThreads;
    private final HttpClient http;
    private final ExecutorService workers;
    private final InboundCalls inbound;
    private final RecentIds seen = new RecentIds(RECENT_IDS);
    private final KeyPins pins = new KeyPins();
    private final Map<String, Waiting> replies = new ConcurrentHashMap<>();
    private final Map<String, StreamReceiver> streams = new ConcurrentHashMap<>();
    private final Map<NodeId, RelayPeer> peers = new ConcurrentHashMap<>();
    private final RosterEvents rosterEvents = new RosterEvents();
    /** Serialises roster changes: a join answer's entries against roster envelopes arriving meanwhile. */
    private final Object rosterLock = new Object();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final Object joinLock = new Object();
    private final Backoff backoff;
    private final String name;
    private volatile boolean joined;
    private volatile NodeId hubId;
    private volatile long lastJoinNanos;
    private volatile String lastPushedIssuedAt = "";
    private Thread pollThread;
    private ScheduledFuture<?> ticker;

    RelaySession(TransportContext context, RelaySettings settings, URI hub, Events events) {
        this.context = context;
        this.settings = settings;
        this.events = events;
        this.authority = authority(hub);
        this.self = endpointOf(authority, context.keys().nodeId());
        this.name = "hearthnet-relay-" + context.keys().nodeId().shortForm().substring(8, 12).toLowerCase();
        this.httpThreads = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                Workers.daemonThreads(name + "-http"));
        httpThreads.allowCoreThreadTimeOut(true);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3))
                .executor(httpThreads).build();
        this.client = new HubClient(hub, context.keys(), context.clock(), http);
        this.outbox = new Outbox(client, context.clock(), settings.requestTimeout());
        this.workers = Workers.newWorkerPool(name + "-worker", settings.maxInbound() + RESERVED_WORKERS);
        this.inbound = new InboundCalls(context, this, workers, settings.maxInbound());
        this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code relay://host:port/<base64url key>}: where the hub reaches {@code node}. */
    static Endpoint endpointOf(String hubAuthority, NodeId node) {
        return new Endpoint(URI.create(RelayTransport.SCHEME + "://" + hubAuthority + "/" + node.value().substring(NodeId.PREFIX.length())));
    }

    static String authority(URI hub) {
        int port = hub.getPort() >= 0 ? hub.getPort() : ("https".equalsIgnoreCase(hub.getScheme()) ? 443 : 80);
        String host = hub.getHost().toLowerCase(java.util.Locale.ROOT);
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    Endpoint self() {
        return self;
    }

    boolean reaches(Endpoint endpoint) {
        URI uri = endpoint.uri();
        return uri.getHost() != null && authority(URI.create("http://" + uri.getRawAuthority())).equals(authority);
    }

    void start() {
        pollThread = new Thread(this::pollLoop, name + "-poll");
        pollThread.setDaemon(true);
        pollThread.start();
        outbox.start(Workers.daemonThreads(name + "-send"), SEND_REQUESTS);
        ticker = context.scheduler().scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("relay transport of {} starting against hub {} as {}", context.keys().nodeId().shortForm(), client.base(), self);
    }

    boolean joined() {
        return joined;
    }

    Optional<NodeId> hubId() {
        return Optional.ofNullable(hubId);
    }

    List<RelayPeer> peers() {
        return List.copyOf(peers.values());
    }

    // ------------------------------------------------------------------ membership

    private void pollLoop() {
        while (closed.getCount() > 0) {
            try {
                if (!joined) {
                    join();
                }
                List<ObjectNode> batch = client.poll(settings.pollWait());
                if (backoff.failures() > 0) {
                    LOG.info("relay hub {} reachable again", client.base());
                }
                backoff.reset();
                for (ObjectNode envelope : batch) {
                    onEnvelope(envelope);
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private void failed(Throwable failure) {
        if (closed.getCount() == 0) {
            return;
        }
        if (failure instanceof HearthNetException h && h.code() == ErrorCode.UNAUTHORIZED && joined) {
            joined = false;
            LOG.info("relay hub {} no longer has this node on its roster ({}); joining again", client.base(), h.getMessage());
        } else if (!(failure instanceof HearthNetException)) {
            LOG.error("relay poll loop failed unexpectedly", failure);
        }
        Duration delay = backoff.next();
        if (backoff.failures() == 1 || backoff.failures() % 10 == 0) {
            LOG.warn("relay hub {} failed ({} in a row): {}; retrying in {} ms", client.base(), backoff.failures(),
                    failure.getMessage(), delay.toMillis());
        } else {
            LOG.debug("relay hub {} failed again: {}; retrying in {} ms", client.base(), failure.getMessage(), delay.toMillis());
        }
        try {
            closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins or refreshes: sends the node's current manifest and takes the roster from the answer. */
    private void join() {
        synchronized (joinLock) {
            if (closed.getCount() == 0) {
                return;
            }
            ObjectNode manifest = currentManifest();
            long asked = rosterEvents.asking();
            ObjectNode answer = client.join(context.communityId(), manifest, settings.requestTimeout());
            lastJoinNanos = System.nanoTime();
            if (manifest != null) {
                lastPushedIssuedAt = manifest.path("issued_at").asText();
            }
            NodeId hub = NodeId.parse(answer.path("hub").asText(null));
            if (hubId != null && !hubId.equals(hub)) {
                LOG.warn("relay hub at {} now has identity {} (was {})", client.base(), hub.shortForm(), hubId.shortForm());
            }
            hubId = hub;
            outbox.limits(answer);
            if (!joined) {
                joined = true;
                LOG.info("{} joined relay hub {} at {}", context.keys().nodeId().shortForm(), hub.shortForm(), client.base());
            }
            applyRoster(answer.get("roster"), asked);
        }
    }

    private ObjectNode currentManifest() {
        try {
            return context.dispatcher().manifest();
        } catch (HearthNetException e) {
            LOG.debug("no manifest yet: {}", e.getMessage());
            return null;
        }
    }

    /** Every second: refresh the membership when the node re-issued its manifest or the refresh period passed. */
    private void tick() {
        if (!joined || closed.getCount() == 0) {
            return;
        }
        boolean due = System.nanoTime() - lastJoinNanos >= settings.refresh().toNanos();
        if (!due) {
            ObjectNode manifest = currentManifest();
            due = manifest != null && !manifest.path("issued_at").asText().equals(lastPushedIssuedAt);
        }
        if (due) {
            refreshSoon();
        }
    }

    /** Refreshes the membership on a worker, unless a refresh is already under way. */
    void refreshSoon() {
        if (!joined || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    join();
                } catch (HearthNetException e) {
                    LOG.debug("relay membership refresh failed: {}", e.getMessage());
                } finally {
                    refreshing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.set(false);
            LOG.debug("relay membership refresh skipped: every worker is busy");
        }
    }

    /** Adopts a roster snapshot from a join answer asked for at {@code asked}, except where a roster envelope is newer. */
    private void applyRoster(JsonNode roster, long asked) {
        if (roster == null || !roster.isArray()) {
            LOG.warn("relay hub {} sent a join answer without a roster", client.base());
            return;
        }
        Set<NodeId> present = new HashSet<>();
        for (JsonNode item : roster) {
            RosterEntry entry;
            try {
                entry = RosterEntry.fromJson(item);
            } catch (HearthNetException e) {
                LOG.warn("ignoring a malformed roster entry: {}", e.getMessage());
                continue;
            }
            if (entry.nodeId().equals(context.keys().nodeId())) {
                continue;
            }
            present.add(entry.nodeId());
            RelayPeer peer = verified(entry);
            synchronized (rosterLock) {
                if (peer != null && !rosterEvents.changedSince(entry.nodeId(), asked)) {
                    update(peer);
                }
            }
        }
        for (NodeId known : List.copyOf(peers.keySet())) {
            synchronized (rosterLock) {
                if (!present.contains(known) && !rosterEvents.changedSince(known, asked)) {
                    remove(known);
                }
            }
        }
        synchronized (rosterLock) {
            rosterEvents.applied(asked);
        }
    }

    /** The member as a peer if its roster manifest verifies and belongs to this community; null (logged) otherwise. */
    private RelayPeer verified(RosterEntry entry) {
        if (entry.manifest().isEmpty()) {
            return null;
        }
        NodeManifest manifest;
        try {
            manifest = NodeManifest.fromJson(entry.manifest().get()).verify(context.clock());
            if (!manifest.nodeId().equals(entry.nodeId())) {
                throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "the roster lists " + entry.nodeId().shortForm()
                        + " with the manifest of " + manifest.nodeId().shortForm());
            }
            if (!manifest.communityId().equals(context.communityId())) {
                throw new HearthNetException(ErrorCode.UNAUTHORIZED, "manifest of " + manifest.nodeId().shortForm()
                        + " is for community '" + manifest.communityId() + "'");
            }
            pins.check(manifest);
        } catch (HearthNetException e) {
            LOG.debug("not using the roster manifest of {}: {}", entry.nodeId().shortForm(), e.getMessage());
            return null;
        }
        return new RelayPeer(manifest.nodeId(), manifest, endpointOf(authority, manifest.nodeId()));
    }

    /** Under {@link #rosterLock}. */
    private void update(RelayPeer peer) {
        if (!peers.containsKey(peer.node()) && peers.size() >= settings.maxPeers()) {
            LOG.warn("ignoring relay member {}: already {} peers (relay.max-peers)", peer.node().shortForm(), peers.size());
            return;
        }
        peers.put(peer.node(), peer);
        events.updated(peer);
    }

    /** Under {@link #rosterLock}. */
    private void remove(NodeId node) {
        if (peers.remove(node) != null) {
            events.removed(node);
        }
    }

    // ------------------------------------------------------------------ inbound

    private void onEnvelope(ObjectNode json) {
        RelayMessage m;
        try {
            m = RelayMessage.of(json);
        } catch (HearthNetException e) {
            LOG.warn("dropping a malformed envelope from the hub: {}", e.getMessage());
            return;
        }
        if (!seen.add(m.from().value() + ' ' + m.id())) {
            LOG.debug("dropping envelope {} from {}: delivered before", m.id(), m.from().shortForm());
            return;
        }
        try {
            switch (m.kind()) {
                case RelayWire.KIND_ROSTER -> onRoster(m);
                case RelayWire.KIND_CALL -> inbound.onCall(m);
                case RelayWire.KIND_REPLY, RelayWire.KIND_MANIFEST -> onReply(m);
                case RelayWire.KIND_FRAME -> onFrame(m);
                case RelayWire.KIND_CANCEL -> inbound.onCancel(m);
                case RelayWire.KIND_CREDIT -> inbound.onCredit(m);
                case RelayWire.KIND_MANIFEST_REQUEST -> inbound.onManifestRequest(m);
                default -> LOG.warn("ignoring an envelope of unknown kind '{}' from {}", m.kind(), m.from().shortForm());
            }
        } catch (HearthNetException e) {
            LOG.warn("dropping {} envelope {} from {}: {}", m.kind(), m.id(), m.from().shortForm(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("handling {} envelope {} from {} failed", m.kind(), m.id(), m.from().shortForm(), e);
        }
    }

    private void onRoster(RelayMessage m) {
        NodeId hub = hubId;
        if (hub == null || !m.from().equals(hub)) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "roster envelope not from this node's hub");
        }
        SignedJson.verify(hub, m.json());
        RosterEntry member = RosterEntry.fromJson(m.json().get("member"));
        if (member.nodeId().equals(context.keys().nodeId())) {
            return;
        }
        String event = RelayMessage.text(m.json(), "event");
        switch (event) {
            case "join", "update" -> {
                RelayPeer peer = verified(member);
                synchronized (rosterLock) {
                    rosterEvents.changed(member.nodeId());
                    if (peer != null) {
                        update(peer);
                    }
                }
            }
            case "leave", "expire" -> {
                synchronized (rosterLock) {
                    rosterEvents.changed(member.nodeId());
                    remove(member.nodeId());
                }
            }
            default -> LOG.warn("ignoring roster event '{}'", event);
        }
    }

    private void onReply(RelayMessage m) {
        String re = m.re();
        StreamReceiver stream = streams.get(re);
        if (stream != null) {
            if (stream.node.equals(m.from())) {
                stream.accepted.complete(m.json());
            } else {
                LOG.warn("ignoring a reply to stream {} from {}, which was not called", re, m.from().shortForm());
            }
            return;
        }
        Waiting waiting = replies.get(re);
        if (waiting == null) {
            LOG.debug("reply {} from {} came after its caller stopped waiting", re, m.from().shortForm());
        } else if (!waiting.node().equals(m.from())) {
            LOG.warn("ignoring a reply to {} from {}, which was not called", re, m.from().shortForm());
        } else {
            waiting.reply().complete(m);
        }
    }

    private void onFrame(RelayMessage m) {
        String re = m.re();
        StreamReceiver stream = streams.get(re);
        if (stream == null) {
            LOG.debug("frame of stream {} from {} came after the stream ended", re, m.from().shortForm());
            return;
        }
        if (!stream.node.equals(m.from())) {
            LOG.warn("ignoring a frame of stream {} from {}, which was not called", re, m.from().shortForm());
            return;
        }
        if (stream.frame(m.json())) {
            finish(stream);
        }
    }

    private void finish(StreamReceiver stream) {
        if (!streams.remove(stream.id, stream)) {
            return;
        }
        var timer = stream.deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        if (!stream.endedByCallee()) {
            cancelAtCallee(stream);
        }
    }

    private void cancelAtCallee(StreamReceiver stream) {
        ObjectNode cancel = RelayMessage.create(HubAuth.newId(), context.keys().nodeId(), stream.node, RelayWire.KIND_CANCEL);
        cancel.put("re", stream.id);
        try {
            workers.execute(() -> {
                try {
                    post(cancel, context.clock().instant().plus(MANIFEST_TIMEOUT));
                } catch (HearthNetException e) {
                    LOG.debug("could not cancel stream {} at {}: {}", stream.id, stream.node.shortForm(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("not cancelling stream {} at its callee: every worker is busy (it stops at its deadline)", stream.id);
        }
    }

    // ------------------------------------------------------------------ outbound

    ObjectNode call(NodeId node, Call call) {
        String id = HubAuth.newId();
        ObjectNode out = callEnvelope(id, node, call, false);
        Waiting waiting = new Waiting(node, new CompletableFuture<>());
        admit(id, () -> replies.put(id, waiting));
        try {
            post(out, call.deadline());
            RelayMessage reply = awaitReply(waiting.reply(), call.deadline(), call.capability(), node);
            return unwrap(reply.json(), node, id);
        } finally {
            replies.remove(id);
        }
    }

    FrameStream stream(NodeId node, Call call) {
        String id = HubAuth.newId();
        ObjectNode out = callEnvelope(id, node, call, true);
        StreamReceiver stream = new StreamReceiver(id, node);
        admit(id, () -> streams.put(id, stream));
        try {
            post(out, call.deadline());
            unwrap(awaitReply(stream.accepted, call.deadline(), call.capability(), node), node, id);
        } catch (RuntimeException e) {
            streams.remove(id);
            stream.fail(e instanceof HearthNetException h ? h : new HearthNetException(ErrorCode.INTERNAL_ERROR, e.toString(), e));
            throw e;
        }
        long left = Math.max(1, Duration.between(context.clock().instant(), call.deadline()).toMillis());
        stream.deadline = context.scheduler().schedule(() -> {
            if (stream.fail(new HearthNetException(ErrorCode.TIMEOUT, call.capability() + " streamed past its deadline"))) {
                finish(stream);
            }
        }, left, TimeUnit.MILLISECONDS);
        stream.pipe.onCancel(() -> {
            if (stream.abandon()) {
                finish(stream);
            }
        });
        return new CreditedStream(stream.pipe.stream(), read -> credit(stream, read));
    }

    /** Tells the producer of {@code stream} that its reader has taken {@code read} frames. */
    private void credit(StreamReceiver stream, long read) {
        if (!streams.containsKey(stream.id)) {
            return;
        }
        ObjectNode out = RelayMessage.create(HubAuth.newId(), context.keys().nodeId(), stream.node, RelayWire.KIND_CREDIT);
        out.put("re", stream.id);
        out.put("read", read);
        postAsync(out, context.clock().instant().plus(MANIFEST_TIMEOUT)).whenComplete((v, failure) -> {
            if (failure == null) {
                return;
            }
            // The producer waits for this count once it is a buffer ahead; a lost credit would hold it to the deadline.
            LOG.debug("credit for stream {} not delivered to {} ({}); trying again", stream.id, stream.node.shortForm(),
                    failure.getMessage());
            try {
                context.scheduler().schedule(() -> credit(stream, read), CREDIT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                LOG.debug("not retrying the credit for stream {}: the node is stopping", stream.id);
            }
        });
    }

    ObjectNode fetchManifest(NodeId node) {
        String id = HubAuth.newId();
        Instant deadline = context.clock().instant().plus(MANIFEST_TIMEOUT);
        Waiting waiting = new Waiting(node, new CompletableFuture<>());
        admit(id, () -> replies.put(id, waiting));
        try {
            post(RelayMessage.create(id, context.keys().nodeId(), node, RelayWire.KIND_MANIFEST_REQUEST), deadline);
            RelayMessage reply = awaitReply(waiting.reply(), deadline, "manifest", node);
            if (!(reply.json().get("manifest") instanceof ObjectNode manifest)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, node.shortForm() + " answered without a manifest");
            }
            return manifest;
        } finally {
            replies.remove(id);
        }
    }

    private ObjectNode callEnvelope(String id, NodeId node, Call call, boolean stream) {
        CallEnvelope envelope = CallEnvelope.sign(context.keys(), context.communityId(), call, id, context.clock());
        ObjectNode out = RelayMessage.create(id, context.keys().nodeId(), node, RelayWire.KIND_CALL);
        out.put("stream", stream);
        out.set("call", envelope.toJson());
        return out;
    }

    private void admit(String id, Runnable register) {
        if (closed.getCount() == 0) {
            throw HearthNetException.neverDelivered(ErrorCode.PARTITION, "the relay transport is closed", null);
        }
        if (replies.size() + streams.size() >= settings.maxInFlight()) {
            throw HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "this node has " + settings.maxInFlight()
                    + " relayed calls waiting for replies (relay.max-in-flight)", InboundCalls.CAPACITY_RETRY);
        }
        register.run();
    }

    private <T> T awaitReply(CompletableFuture<T> reply, Instant deadline, String what, NodeId node) {
        return await(reply, deadline, () -> "no reply to " + what + " from " + node.shortForm() + " through the hub before the deadline");
    }

    /**
     * Waits for {@code future} until {@code deadline}; past it (or interrupted) gives the future up
     * and throws {@code timeout} with {@code late} as its message. A failed future throws its failure.
     */
    private <T> T await(CompletableFuture<T> future, Instant deadline, Supplier<String> late) {
        long left = Duration.between(context.clock().instant(), deadline).toMillis();
        try {
            if (left <= 0) {
                throw new TimeoutException();
            }
            return future.get(left, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new HearthNetException(ErrorCode.TIMEOUT, late.get(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof HearthNetException h ? h
                    : new HearthNetException(ErrorCode.INTERNAL_ERROR, e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new HearthNetException(ErrorCode.TIMEOUT, "interrupted: " + late.get(), e);
        }
    }

    /** Checks the callee's signature on its reply; returns the body of a success, throws its error. */
    private static ObjectNode unwrap(ObjectNode reply, NodeId node, String requestId) {
        if (!reply.path("status").canConvertToInt() || !(reply.get("body") instanceof ObjectNode body)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, node.shortForm() + " sent a reply without status and body");
        }
        int status = reply.get("status").asInt();
        new SignedResponse(requestId, node, reply.path("timestamp").asText(""), reply.path("signature").asText(""))
                .verify(node, requestId, status, body);
        if (status != 200) {
            throw HearthNetException.fromJson(body);
        }
        return body;
    }

    /**
     * Drops {@code envelope} into its addressee's mailbox, sharing a hub request with whatever else
     * this node sends at the moment, and waits out a full mailbox until {@code deadline}.
     */
    @Override
    public void post(ObjectNode envelope, Instant deadline) {
        await(postAsync(envelope, deadline), deadline, () -> POST_LATE);
    }

    @Override
    public CompletableFuture<Void> postAsync(ObjectNode envelope, Instant deadline) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        attempt(Json.writeBytes(envelope), envelope.path("to").asText(), deadline, stored);
        return stored;
    }

    /** One try at handing the envelope to the outbox; a full mailbox schedules the next try after its retry_after_ms. */
    private void attempt(byte[] bytes, String to, Instant deadline, CompletableFuture<Void> stored) {
        if (stored.isDone()) {
            return;
        }
        if (closed.getCount() == 0) {
            stored.completeExceptionally(HearthNetException.neverDelivered(ErrorCode.PARTITION, "the relay transport is closed", null));
            return;
        }
        if (!deadline.isAfter(context.clock().instant())) {
            stored.completeExceptionally(new HearthNetException(ErrorCode.TIMEOUT, POST_LATE));
            return;
        }
        CompletableFuture<Void> submitted = outbox.submit(bytes, deadline);
        stored.whenComplete((v, f) -> submitted.cancel(false));
        submitted.whenComplete((v, failure) -> {
            if (failure == null) {
                stored.complete(null);
                return;
            }
            HearthNetException e = failure instanceof HearthNetException h ? h
                    : new HearthNetException(ErrorCode.INTERNAL_ERROR, failure.toString(), failure);
            switch (e.code()) {
                case CAPACITY_EXCEEDED -> {
                    if (e.retryAfter().isEmpty()) {
                        stored.completeExceptionally(e);
                        return;
                    }
                    long left = Duration.between(context.clock().instant(), deadline).toMillis();
                    long wait = Math.max(1, Math.min(e.retryAfter().get().toMillis(), left));
                    try {
                        context.scheduler().schedule(() -> attempt(bytes, to, deadline, stored), wait, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException stopped) {
                        stored.completeExceptionally(HearthNetException.neverDelivered(ErrorCode.PARTITION, "the node is stopping",
                                stopped));
                    }
                }
                case NOT_FOUND -> stored.completeExceptionally(HearthNetException.neverDelivered(ErrorCode.PARTITION,
                        "the hub has no member " + to + ": " + e.getMessage(), e));
                case UNAUTHORIZED -> stored.completeExceptionally(HearthNetException.neverDelivered(ErrorCode.PARTITION,
                        "this node is not (yet) a member of the hub: " + e.getMessage(), e));
                default -> stored.completeExceptionally(e);
            }
        });
    }

    // ------------------------------------------------------------------ lifecycle

    void close() {
        closed.countDown();
        HearthNetException gone = new HearthNetException(ErrorCode.PARTITION, "the relay transport closed");
        outbox.close(gone);
        if (ticker != null) {
            ticker.cancel(false);
        }
        synchronized (joinLock) {
            if (joined) {
                try {
                    client.leave(LEAVE_TIMEOUT);
                    LOG.debug("{} left relay hub {}", context.keys().nodeId().shortForm(), client.base());
                } catch (HearthNetException e) {
                    LOG.info("could not leave relay hub {} ({}); it expires this member", client.base(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("could not leave relay hub {}; it expires this member", client.base(), e);
                }
                joined = false;
            } else {
                LOG.debug("{} closes without being on the roster of {}", context.keys().nodeId().shortForm(), client.base());
            }
        }
        if (pollThread != null) {
            pollThread.interrupt();
            try {
                pollThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        replies.values().forEach(w -> w.reply().completeExceptionally(gone));
        streams.values().forEach(s -> s.fail(gone));
        replies.clear();
        streams.clear();
        shutdown(workers);
        shutdown(httpThreads);
        shutdownClient();
        peers.clear();
    }

    private static void shutdown(ExecutorService pool) {
        Workers.stop(pool, Duration.ofSeconds(5), "the relay transport's threads");
    }

    /** Stops the HTTP client's selector thread where the JDK can (21+); on 17 it ends once the client is unreachable. */
    private void shutdownClient() {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(http);
        } catch (NoSuchMethodException e) {
            LOG.trace("HttpClient.shutdownNow is not available on this JDK");
        } catch (ReflectiveOperationException e) {
            LOG.warn("could not shut the relay HTTP client down", e);
        }
    }

    @Override
    public String toString() {
        return "RelaySession[" + self + (joined ? ", joined" : "") + ", " + peers.size() + " peers]";
    }

}
