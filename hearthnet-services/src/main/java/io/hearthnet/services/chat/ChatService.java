package io.hearthnet.services.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.PeerEvent;
import io.hearthnet.api.spi.Service;
import io.hearthnet.api.spi.ServiceContext;
import io.hearthnet.api.spi.ServiceHealth;
import io.hearthnet.api.spi.TrustPolicy;
import io.hearthnet.services.eventlog.Event;
import io.hearthnet.services.eventlog.EventLog;
import io.hearthnet.services.eventlog.OpenMembership;
import io.hearthnet.services.eventlog.Ulid;
import io.hearthnet.services.support.Durations;
import io.hearthnet.services.support.Inputs;
import io.hearthnet.services.support.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct messages between nodes: {@code chat.send}, {@code chat.history}, {@code chat.read} and the
 * node-to-node {@code chat.deliver} (all {@code @1.0}), persisted as signed events in
 * {@code <service dir>/chat.db}. Chat logs are private and never replicated: a message travels
 * only to its recipient, or to a node that holds it for the recipient.
 *
 * <p>{@code chat.send} is idempotent by {@code client_id} and answers how the message was handed
 * over: {@code direct} (the recipient's node took it), {@code forwarded} (another node holds it
 * for the recipient) or {@code queued} (it waits here). Queued and held messages go out when the
 * recipient appears, and on a periodic pass. The recipient records a delivery receipt, and later
 * read receipts, as signed events that travel back the same ways. {@code chat.history} shows a
 * caller only its own conversations.
 */
public final class ChatService implements Service {
    /** The service's name, also its folder under the data dir. */
    public static final String NAME = "chat";
    /** The version of the capabilities. */
    public static final Version VERSION = Version.of(1, 0);
    /**
     * Default for {@link Builder#maxOutbox}: most of this node's messages waiting in the outbox before
     * {@code chat.send} answers {@code capacity_exceeded}; receipts have a budget of the same size.
     */
    public static final int MAX_OUTBOX = 10_000;
    /** Most events this node holds for other nodes in total. */
    public static final int MAX_HELD = 5_000;
    /** Most events this node holds for one other node. */
    public static final int MAX_HELD_PER_RECIPIENT = 256;
    /** How long this node holds an event for another node before it gives up on passing it on. */
    public static final Duration HELD_FOR = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    private static final int MAX_FORWARDERS_TRIED = 3;
    private static final int FLUSH_BATCH = 100;
    /** Answers that mean the recipient looked at a held event and will never take it. */
    private static final Set<ErrorCode> REFUSALS = EnumSet.of(ErrorCode.BAD_REQUEST, ErrorCode.SCHEMA_MISMATCH,
            ErrorCode.INVALID_SIGNATURE);
    private static final int MAX_PENDING_FLUSHES = 1_024;
    private static final Pattern ULID = Pattern.compile(ChatSchemas.ULID);

    private final TrustPolicy configuredMembership;
    private final Duration deliveryTimeout;
    private final Duration retryInterval;
    private final Duration busyTimeout;
    private final int maxOutbox;
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    private final Map<NodeId, Boolean> flushing = new ConcurrentHashMap<>();
    private volatile Running running;

    private record Running(ServiceContext context, EventLog log, TrustPolicy membership, Worker worker,
                           ScheduledFuture<?> retry, Runnable unsubscribePeers) {
        NodeId self() {
            return context.nodeId();
        }
    }

    private ChatService(Builder b) {
        this.configuredMembership = b.membership;
        this.deliveryTimeout = b.deliveryTimeout;
        this.retryInterval = b.retryInterval;
        this.busyTimeout = b.busyTimeout;
        this.maxOutbox = b.maxOutbox;
    }

    /** A chat service with the defaults: open membership, 5 s delivery timeout, 30 s retry pass. */
    public ChatService() {
        this(builder());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Version version() {
        return VERSION;
    }

    @Override
    public synchronized void start(ServiceContext context) {
        if (running != null) {
            return;
        }
        TrustPolicy membership = configuredMembership != null ? configuredMembership : new OpenMembership(context.communityId());
        EventLog log = EventLog.builder(context.dataDir().resolve("chat.db"), context.keys(), context.communityId())
                .clock(context.clock()).projection(new ChatProjection(context.nodeId())).busyTimeout(busyTimeout).open();
        Worker worker = new Worker("chat-delivery", 256);
        Runnable unsubscribe = null;
        try {
            unsubscribe = context.onPeer(this::onPeer);
            long every = retryInterval.toMillis();
            ScheduledFuture<?> retry = context.scheduler().scheduleWithFixedDelay(
                    () -> worker.submit("retry pass", this::retryPass), every, every, TimeUnit.MILLISECONDS);
            running = new Running(context, log, membership, worker, retry, unsubscribe);
        } catch (RuntimeException e) {
            if (unsubscribe != null) {
                unsubscribe.run();
            }
            worker.close();
            log.close();
            throw e;
        }
        context.peers().forEach(this::flushSoon);
    }

    @Override
    public List<Capability> capabilities() {
        return List.of(
                capability("chat.send", "Sends a message from this node; idempotent by client_id.",
                        ChatSchemas.SEND_REQUEST, ChatSchemas.SEND_RESPONSE, false, this::send),
                capability("chat.history", "The caller's own conversations, in order.",
                        ChatSchemas.HISTORY_REQUEST, ChatSchemas.HISTORY_RESPONSE, true, this::history),
                capability("chat.read", "Marks received messages read and sends read receipts to their senders.",
                        ChatSchemas.READ_REQUEST, ChatSchemas.READ_RESPONSE, false, this::markRead),
                capability("chat.deliver", "Node to node: takes a signed message or receipt for this node, or holds it for another.",
                        ChatSchemas.DELIVER_REQUEST, ChatSchemas.DELIVER_RESPONSE, true, this::deliver));
    }

    @Override
    public synchronized void stop() {
        Running r = running;
        if (r == null) {
            return;
        }
        running = null;
        r.retry().cancel(false);
        r.unsubscribePeers().run();
        r.worker().close();
        r.log().close();
        flushing.clear();
    }

    @Override
    public ServiceHealth health() {
        Running r = running;
        if (r == null) {
            return ServiceHealth.down("not running");
        }
        String failure = r.log().lastFailure();
        return failure == null ? ServiceHealth.UP : ServiceHealth.down("last write failed: " + failure);
    }

    /** The service's event log (for tests in this package). */
    EventLog log() {
        return state().log();
    }

    // ---------------------------------------------------------------- chat.send

    private ObjectNode send(Call call) {
        Running r = state();
        requireSelf(r, call, "chat.send sends as this node; call it on your own node");
        MessageData message = MessageData.read(call.input());
        if (message.to().equals(r.self())) {
            throw Inputs.bad("'to' is this node; a message needs another recipient");
        }
        Event event;
        synchronized (sendLock) {
            Optional<ChatMessage> sent = r.log().read("looking up a client id",
                    c -> ChatProjection.bySender(c, r.self(), message.clientId()));
            if (sent.isPresent()) {
                if (!sent.get().to().equals(message.to()) || !sent.get().text().equals(message.text())) {
                    throw Inputs.bad("client_id '" + message.clientId() + "' was already used for a different message ("
                            + sent.get().messageId() + ")");
                }
                event = r.log().get(sent.get().messageId()).orElseThrow(() -> new HearthNetException(ErrorCode.INTERNAL_ERROR,
                        "message " + sent.get().messageId() + " is listed but missing from the log"));
            } else {
                int waiting = r.log().read("sizing the outbox", c -> ChatStore.outboxSize(c, MessageData.TYPE));
                if (waiting >= maxOutbox) {
                    throw HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, waiting
                            + " messages are already waiting for their recipients", retryInterval);
                }
                long now = r.context().clock().millis();
                event = r.log().append(MessageData.TYPE, message.toJson(), (c, e) -> {
                    ChatStore.enqueue(c, e, message.to(), now);
                    ChatStore.setDelivery(c, e.eventId(), Delivery.QUEUED);
                });
            }
        }
        ChatMessage current = find(r, event.eventId());
        Delivery delivery = current.delivery().orElse(Delivery.QUEUED);
        if (delivery == Delivery.QUEUED) {
            delivery = handOver(r, event, message.to(), true);
            current = find(r, event.eventId());
        }
        ObjectNode out = Json.object();
        out.put("message_id", event.eventId().value());
        out.put("client_id", message.clientId());
        out.put("delivered", delivery.wireName());
        out.put("status", current.status().wireName());
        out.put("lamport", event.lamport());
        return out;
    }

    /**
     * Tries to hand one of this node's outbox events to its recipient, else (for messages, when
     * {@code mayForward}) to another node that holds it. Returns how it went; a queued event stays
     * in the outbox.
     */
    private Delivery handOver(Running r, Event event, NodeId recipient, boolean mayForward) {
        boolean isMessage = event.eventType().equals(MessageData.TYPE);
        List<NodeId> peers = r.context().peers();
        if (peers.contains(recipient)) {
            try {
                ObjectNode reply = deliverTo(r, recipient, event);
                r.log().write("marking a delivery", c -> {
                    ChatStore.dequeue(c, event.eventId());
                    if (isMessage) {
                        ChatStore.setDelivery(c, event.eventId(), Delivery.DIRECT);
                    }
                    return null;
                });
                takeReceipt(r, reply, event, recipient);
                return Delivery.DIRECT;
            } catch (HearthNetException e) {
                logDeliveryFailure("delivering " + event.eventId() + " to " + recipient.shortForm(), e);
            }
        }
        if (!isMessage || !mayForward) {
            return Delivery.QUEUED;
        }
        int tried = 0;
        for (NodeId peer : peers) {
            if (peer.equals(recipient) || tried >= MAX_FORWARDERS_TRIED) {
                continue;
            }
            tried++;
            try {
                ObjectNode reply = deliverTo(r, peer, event);
                if ("held".equals(reply.path("status").asText())) {
                    r.log().write("marking a forward", c -> {
                        ChatStore.dequeue(c, event.eventId());
                        ChatStore.setDelivery(c, event.eventId(), Delivery.FORWARDED);
                        return null;
                    });
                    LOG.debug("{} holds message {} for {}", peer.shortForm(), event.eventId(), recipient.shortForm());
                    return Delivery.FORWARDED;
                }
            } catch (HearthNetException e) {
                logDeliveryFailure("forwarding " + event.eventId() + " through " + peer.shortForm(), e);
            }
        }
        return Delivery.QUEUED;
    }

    private ObjectNode deliverTo(Running r, NodeId node, Event event) {
        ObjectNode input = Json.object();
        input.set("event", event.toJson());
        return r.context().caller().call("chat.deliver", VERSION, input,
                CallOptions.builder().targetNode(node).timeout(deliveryTimeout).build());
    }

    /** Stores the delivery receipt the recipient answered with, after checking who signed it and for what. */
    private void takeReceipt(Running r, ObjectNode reply, Event message, NodeId recipient) {
        JsonNode json = reply.get("receipt");
        if (json == null || !message.eventType().equals(MessageData.TYPE)) {
            return;
        }
        try {
            Event receipt = Event.fromJson(json);
            ReceiptData data = ReceiptData.read(receipt.data());
            if (!receipt.eventType().equals(ReceiptData.TYPE) || !receipt.author().equals(recipient)
                    || !data.messageId().equals(message.eventId()) || !data.to().equals(r.self())) {
                throw Inputs.bad("the receipt is not " + recipient.shortForm() + "'s receipt for " + message.eventId());
            }
            receipt.verify();
            r.log().ingest(List.of(receipt));
        } catch (HearthNetException e) {
            LOG.warn("ignoring the receipt {} answered for {}: {}", recipient.shortForm(), message.eventId(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- chat.deliver

    private ObjectNode deliver(Call call) {
        Running r = state();
        Inputs.onlyFields(call.input(), Set.of("event"));
        Event event = Event.fromJson(Inputs.object(call.input(), "event"));
        if (!event.communityId().equals(r.context().communityId())) {
            throw Inputs.bad("the event belongs to community '" + event.communityId() + "'");
        }
        if (!isMember(r, event.author())) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "the event's author " + event.author().shortForm()
                    + " is not a member of '" + r.context().communityId() + "'");
        }
        event.verify();
        if (event.author().equals(r.self())) {
            throw Inputs.bad("this node signed the event; it has nothing to deliver to itself");
        }
        return switch (event.eventType()) {
            case MessageData.TYPE -> {
                MessageData message = MessageData.read(event.data());
                yield message.to().equals(r.self()) ? acceptMessage(r, event, call.caller()) : hold(r, event, message.to());
            }
            case ReceiptData.TYPE -> {
                ReceiptData receipt = ReceiptData.read(event.data());
                yield receipt.to().equals(r.self()) ? acceptReceipt(r, event, receipt) : hold(r, event, receipt.to());
            }
            default -> throw Inputs.bad("chat.deliver takes chat.message and chat.receipt events, not " + event.eventType());
        };
    }

    private ObjectNode acceptMessage(Running r, Event message, NodeId caller) {
        NodeId sender = message.author();
        boolean fromSender = caller.equals(sender);
        String status;
        Event receipt;
        synchronized (receiveLock) {
            status = r.log().ingest(List.of(message)).isEmpty() ? "duplicate" : "accepted";
            Optional<Ulid> existing = r.log().read("finding a receipt", c -> ChatProjection.myReceipt(c, message.eventId()));
            if (existing.isPresent()) {
                receipt = r.log().get(existing.get()).orElseThrow();
            } else {
                long now = r.context().clock().millis();
                receipt = r.log().append(ReceiptData.TYPE, new ReceiptData(message.eventId(), Status.DELIVERED, sender).toJson(),
                        (c, e) -> {
                            if (fromSender) {
                                return;
                            }
                            // Receipts have a budget of their own, so messages delivered by others
                            // cannot fill the outbox that this node's own messages wait in.
                            if (ChatStore.outboxSize(c, ReceiptData.TYPE) < maxOutbox) {
                                ChatStore.enqueue(c, e, sender, now);
                            } else {
                                LOG.warn("the outbox holds {} receipts already; the receipt for {} is not sent", maxOutbox,
                                        message.eventId());
                            }
                        });
            }
        }
        ObjectNode out = Json.object();
        out.put("status", status);
        if (fromSender) {
            out.set("receipt", receipt.toJson());
        } else {
            flushSoon(sender);
        }
        return out;
    }

    private ObjectNode acceptReceipt(Running r, Event receipt, ReceiptData data) {
        ChatMessage message = r.log().read("finding a message", c -> ChatProjection.find(c, data.messageId()))
                .filter(ChatMessage::outgoing)
                .orElseThrow(() -> new HearthNetException(ErrorCode.NOT_FOUND, "this node sent no message " + data.messageId()));
        if (!receipt.author().equals(message.to())) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "only the recipient of " + data.messageId()
                    + " may send its receipts");
        }
        ObjectNode out = Json.object();
        out.put("status", r.log().ingest(List.of(receipt)).isEmpty() ? "duplicate" : "accepted");
        return out;
    }

    private ObjectNode hold(Running r, Event event, NodeId recipient) {
        long now = r.context().clock().millis();
        r.log().write("holding an event for " + recipient.shortForm(), c -> {
            if (ChatStore.heldSize(c) >= MAX_HELD || ChatStore.heldFor(c, recipient) >= MAX_HELD_PER_RECIPIENT) {
                throw HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "this node holds as many events for "
                        + recipient.shortForm() + " as it will", retryInterval);
            }
            ChatStore.hold(c, event, recipient, now);
            return null;
        });
        if (r.context().peers().contains(recipient)) {
            flushSoon(recipient);
        }
        ObjectNode out = Json.object();
        out.put("status", "held");
        return out;
    }

    // ---------------------------------------------------------------- chat.history, chat.read

    private ObjectNode history(Call call) {
        Running r = state();
        ObjectNode in = call.input();
        Inputs.onlyFields(in, Set.of("peer", "since_lamport", "limit"));
        Optional<NodeId> peer = Inputs.optionalNodeId(in, "peer");
        long since = Inputs.integer(in, "since_lamport", 0, Long.MAX_VALUE, 0);
        int limit = (int) Inputs.integer(in, "limit", 1, 500, 100);
        if (!call.caller().equals(r.self())) {
            if (peer.isPresent() && !peer.get().equals(call.caller())) {
                throw new HearthNetException(ErrorCode.UNAUTHORIZED, "node " + call.caller().shortForm()
                        + " may read only its own conversation with this node");
            }
            peer = Optional.of(call.caller());
        }
        Optional<NodeId> conversation = peer;
        List<ChatMessage> messages = r.log().read("reading chat history",
                c -> ChatProjection.history(c, conversation, since, limit));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("messages");
        messages.forEach(m -> items.add(m.toJson()));
        return out;
    }

    private ObjectNode markRead(Call call) {
        Running r = state();
        requireSelf(r, call, "only this node's own user marks its messages read");
        Inputs.onlyFields(call.input(), Set.of("message_ids"));
        List<String> ids = Inputs.strings(call.input(), "message_ids", 100, ULID, "a message id (ULID)");
        if (ids.isEmpty()) {
            throw Inputs.bad("'message_ids' must name at least one message");
        }
        List<ChatMessage> unread = new ArrayList<>();
        for (String id : ids) {
            ChatMessage m = r.log().read("finding a message", c -> ChatProjection.find(c, Ulid.parse(id)))
                    .filter(x -> !x.outgoing())
                    .orElseThrow(() -> new HearthNetException(ErrorCode.NOT_FOUND, "this node received no message " + id));
            if (m.status() != Status.READ && unread.stream().noneMatch(x -> x.messageId().equals(m.messageId()))) {
                unread.add(m);
            }
        }
        long now = r.context().clock().millis();
        for (ChatMessage m : unread) {
            r.log().append(ReceiptData.TYPE, new ReceiptData(m.messageId(), Status.READ, m.from()).toJson(),
                    (c, e) -> ChatStore.enqueue(c, e, m.from(), now));
            flushSoon(m.from());
        }
        ObjectNode out = Json.object();
        out.put("read", unread.size());
        return out;
    }

    // ---------------------------------------------------------------- background delivery

    private void onPeer(PeerEvent event) {
        if (event.kind() == PeerEvent.Kind.APPEARED) {
            flushSoon(event.node());
        }
    }

    /** Queues delivery of everything waiting for {@code recipient} (outbox and held); coalesced per recipient. */
    private void flushSoon(NodeId recipient) {
        Running r = running;
        if (r == null || flushing.size() >= MAX_PENDING_FLUSHES || flushing.putIfAbsent(recipient, Boolean.TRUE) != null) {
            return;
        }
        if (!r.worker().submit("delivery to " + recipient.shortForm(), () -> {
            flushing.remove(recipient);
            flush(r, recipient);
        })) {
            flushing.remove(recipient);
        }
    }

    private void flush(Running r, NodeId recipient) {
        if (!r.context().peers().contains(recipient)) {
            return;
        }
        for (ChatStore.Pending p : r.log().read("reading the outbox", c -> ChatStore.outboxFor(c, recipient, FLUSH_BATCH))) {
            if (handOver(r, p.event(), recipient, false) == Delivery.QUEUED) {
                return;
            }
        }
        for (ChatStore.Pending p : r.log().read("reading held events", c -> ChatStore.heldFor(c, recipient, FLUSH_BATCH))) {
            try {
                deliverTo(r, recipient, p.event());
                release(r, p.event());
            } catch (HearthNetException e) {
                logDeliveryFailure("passing on " + p.event().eventId() + " to " + recipient.shortForm(), e);
                if (REFUSALS.contains(e.code())) {
                    // The recipient took the event and refused it: holding it longer cannot help.
                    LOG.warn("dropping held event {} for {}: it refused it ({})", p.event().eventId(), recipient.shortForm(),
                            e.code().wireName());
                    release(r, p.event());
                } else if (e.code() != ErrorCode.NOT_FOUND) {
                    return; // busy, gone again or failing inside: the rest waits for the next flush
                }
                // not_found (no chat there yet, or no such message): kept until HELD_FOR, and the rest goes on.
            }
        }
    }

    private static void release(Running r, Event held) {
        r.log().write("releasing a held event", c -> {
            ChatStore.release(c, held.eventId());
            return null;
        });
    }

    /** The periodic pass: deliver or forward what waits, for every recipient. */
    private void retryPass() {
        Running r = running;
        if (r == null) {
            return;
        }
        try {
            long cutoff = r.context().clock().millis() - HELD_FOR.toMillis();
            int dropped = r.log().write("dropping old held events", c -> ChatStore.dropHeldBefore(c, cutoff));
            if (dropped > 0) {
                LOG.warn("dropped {} events held for others for longer than {}", dropped, HELD_FOR);
            }
            for (ChatStore.Pending p : r.log().read("reading the outbox", c -> ChatStore.outbox(c, FLUSH_BATCH))) {
                handOver(r, p.event(), p.recipient(), true);
            }
            for (NodeId recipient : r.log().read("reading held recipients", c -> ChatStore.heldRecipients(c, FLUSH_BATCH))) {
                flushSoon(recipient);
            }
        } catch (HearthNetException e) {
            LOG.warn("the chat retry pass failed ({}); it runs again in {}", e.getMessage(), retryInterval);
        }
    }

    private static void logDeliveryFailure(String what, HearthNetException e) {
        if (e.code().retryable() || e.code() == ErrorCode.NOT_FOUND) {
            LOG.debug("{} failed: {}", what, e.getMessage());
        } else {
            LOG.warn("{} failed: {} {}", what, e.code(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ChatMessage find(Running r, Ulid id) {
        return r.log().read("finding a message", c -> ChatProjection.find(c, id))
                .orElseThrow(() -> new HearthNetException(ErrorCode.INTERNAL_ERROR, "message " + id + " is not in the chat log"));
    }

    private static void requireSelf(Running r, Call call, String why) {
        if (!call.caller().equals(r.self())) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, why);
        }
    }

    private static boolean isMember(Running r, NodeId node) {
        return !r.membership().isRevoked(node)
                && r.membership().levelOf(node, r.context().communityId()).atLeast(TrustLevel.MEMBER);
    }

    private Running state() {
        Running r = running;
        if (r == null) {
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "the chat service is not running");
        }
        return r;
    }

    private static Capability capability(String name, String description, ObjectNode request, ObjectNode response,
                                         boolean idempotent, CapabilityHandler.UnaryHandler handler) {
        return Capability.of(CapabilityDescriptor.builder(name, VERSION)
                .description(description)
                .requestSchema(request)
                .responseSchema(response)
                .idempotent(idempotent)
                .build(), CapabilityHandler.unary(handler));
    }

    /** Configures a {@link ChatService}. */
    public static final class Builder {
        private TrustPolicy membership;
        private Duration deliveryTimeout = Duration.ofSeconds(5);
        private Duration retryInterval = Duration.ofSeconds(30);
        private Duration busyTimeout = EventLog.DEFAULT_BUSY_TIMEOUT;
        private int maxOutbox = MAX_OUTBOX;

        private Builder() {}

        /** Whose messages are accepted; default {@link OpenMembership} of the node's community. */
        public Builder membership(TrustPolicy membership) {
            this.membership = Objects.requireNonNull(membership, "membership");
            return this;
        }

        /** How long one hand-over attempt may take; default 5 s. */
        public Builder deliveryTimeout(Duration timeout) {
            this.deliveryTimeout = Durations.positive(timeout, "delivery timeout");
            return this;
        }

        /** How often waiting messages are retried on top of peer appearances; default 30 s. */
        public Builder retryInterval(Duration interval) {
            this.retryInterval = Durations.positive(interval, "retry interval");
            return this;
        }

        /** How long a write waits for a database locked by another writer; default 5 s. */
        public Builder busyTimeout(Duration timeout) {
            this.busyTimeout = Durations.notNegative(timeout, "busy timeout");
            return this;
        }

        /**
         * Most of this node's own messages that may wait in the outbox (default {@link #MAX_OUTBOX});
         * receipts for messages others delivered here have a separate budget of the same size.
         */
        public Builder maxOutbox(int maxOutbox) {
            if (maxOutbox < 1) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "max outbox must be at least 1, not " + maxOutbox);
            }
            this.maxOutbox = maxOutbox;
            return this;
        }

        /** The service. */
        public ChatService build() {
            return new ChatService(this);
        }
    }
}
