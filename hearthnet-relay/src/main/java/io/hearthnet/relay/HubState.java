package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.SignedJson;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's roster and mailboxes, written through to the {@link RelayStore} before anything is
 * acknowledged. Membership changes are serialised on one lock; mail moves under each mailbox's
 * own monitor, with store writes outside it. Thread-safe.
 */
final class HubState {
    private static final Logger LOG = LoggerFactory.getLogger(HubState.class);
    private static final int MAX_DELETE_BACKLOG = 100_000;

    private final HubConfig config;
    private final RelayStore store;
    private final Clock clock;
    private final NodeKeyPair hubKeys;
    private final Executor delivery;
    private final ScheduledExecutorService timers;
    private final Map<NodeId, HubMember> members = new ConcurrentHashMap<>();
    private final Object rosterLock = new Object();
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedCount = new AtomicInteger();
    private final AtomicInteger parkedCount = new AtomicInteger();
    private final List<Long> toDelete = new ArrayList<>();
    private final AtomicBoolean deleting = new AtomicBoolean();
    final LongAdder accepted = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder refusedFull = new LongAdder();
    final LongAdder gossipSkipped = new LongAdder();
    final LongAdder discarded = new LongAdder();

    HubState(HubConfig config, RelayStore store, Clock clock, NodeKeyPair hubKeys, Executor delivery,
             ScheduledExecutorService timers) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.hubKeys = hubKeys;
        this.delivery = delivery;
        this.timers = timers;
    }

    /** Loads the stored roster and mail. Every restored member gets a full TTL from now to poll again. */
    void restore() {
        RelayStore.Snapshot snapshot = store.load();
        long now = clock.millis();
        Map<String, HubMember> byText = new HashMap<>(snapshot.members().size() * 2);
        for (RelayStore.Member m : snapshot.members()) {
            NodeId id = NodeId.parse(m.nodeId());
            HubMember member = new HubMember(id, m.community(), m.joinedAt(), m.manifest().orElse(null), now,
                    config.mailboxCapacity());
            members.put(id, member);
            byText.put(m.nodeId(), member);
        }
        List<Long> orphans = new ArrayList<>();
        long maxSeq = 0;
        for (RelayStore.Envelope e : snapshot.envelopes()) {
            maxSeq = Math.max(maxSeq, e.seq());
            HubMember m = byText.get(e.recipient());
            if (m == null) {
                orphans.add(e.seq());
                continue;
            }
            m.mailbox.restore(new QueuedEnvelope(e.seq(), e.envelopeId(), e.sender(), e.body()));
            queuedBytes.addAndGet(e.body().length);
            queuedCount.incrementAndGet();
        }
        if (!orphans.isEmpty()) {
            LOG.warn("relay store held {} envelope(s) for members no longer on the roster; deleting them", orphans.size());
            store.delete(orphans);
        }
        nextSeq.set(maxSeq + 1);
    }

    // ------------------------------------------------------------------ roster

    /**
     * Adds {@code node} to the roster, or refreshes it (liveness and manifest). A new member, or a
     * manifest whose capabilities, endpoints or names changed, is announced to the community.
     * Returns the community's roster.
     */
    ArrayNode join(NodeId node, String community, Optional<ObjectNode> verifiedManifest) {
        long now = clock.millis();
        String manifest = verifiedManifest.map(Json::write).orElse(null);
        String routable = verifiedManifest.map(HubState::routable).orElse(null);
        synchronized (rosterLock) {
            HubMember m = members.get(node);
            String event;
            if (m == null) {
                if (members.size() >= config.maxMembers()) {
                    throw HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "the hub's roster is full ("
                            + config.maxMembers() + " members)", config.retryAfter().multipliedBy(10));
                }
                m = new HubMember(node, community, Instant.ofEpochMilli(now), manifest, now, config.mailboxCapacity());
                m.routable = routable;
                store.putMember(stored(m));
                members.put(node, m);
                event = "join";
                LOG.info("member {} joined community '{}' ({} members)", node.shortForm(), community, members.size());
            } else {
                if (!m.community.equals(community)) {
                    throw new HearthNetException(ErrorCode.BAD_REQUEST, "node " + node.shortForm() + " is a member of community '"
                            + m.community + "'; leave before joining '" + community + "'");
                }
                m.lastSeenMillis = now;
                event = null;
                if (manifest != null) {
                    boolean changed = !routable.equals(m.routable);
                    String previous = m.manifest;
                    m.manifest = manifest;
                    try {
                        store.putMember(stored(m));
                    } catch (RuntimeException e) {
                        m.manifest = previous;
                        throw e;
                    }
                    m.routable = routable;
                    event = changed ? "update" : null;
                }
            }
            if (event != null) {
                gossip(event, m);
            }
            return roster(community);
        }
    }

    /** Removes {@code node} from the roster and its mailbox; the community hears it left. */
    void leave(NodeId node) {
        synchronized (rosterLock) {
            HubMember m = requireMember(node);
            remove(m, "leave");
            LOG.info("member {} left ({} members)", node.shortForm(), members.size());
        }
    }

    /** Expires members that have not polled for the member TTL; returns how many. */
    int sweep() {
        long now = clock.millis();
        long ttl = config.memberTtl().toMillis();
        int expired = 0;
        synchronized (rosterLock) {
            for (HubMember m : List.copyOf(members.values())) {
                boolean parked;
                synchronized (m.mailbox) {
                    parked = m.mailbox.parked() != null;
                }
                if (parked) {
                    m.lastSeenMillis = now;
                } else if (now - m.lastSeenMillis > ttl) {
                    try {
                        remove(m, "expire");
                        expired++;
                        LOG.info("member {} expired: no poll for {} s", m.id.shortForm(), (now - m.lastSeenMillis) / 1000);
                    } catch (RuntimeException e) {
                        LOG.error("could not expire member {}; will try again", m.id.shortForm(), e);
                    }
                }
            }
        }
        return expired;
    }

    private void remove(HubMember m, String event) {
        store.removeMember(m.id.value());
        members.remove(m.id);
        ParkedPoll parked;
        List<QueuedEnvelope> dropped;
        synchronized (m.mailbox) {
            m.removed = true;
            parked = m.mailbox.parked();
            m.mailbox.parked(null);
            dropped = m.mailbox.clear();
        }
        forget(dropped);
        if (!dropped.isEmpty()) {
            discarded.add(dropped.size());
            LOG.warn("discarded {} undelivered envelope(s) of member {} ({})", dropped.size(), m.id.shortForm(), event);
        }
        if (parked != null) {
            parkedCount.decrementAndGet();
            parked.cancelTimeout();
            answer(parked, List.of());
        }
        gossip(event, m);
    }

    /** The roster of {@code community}, as the join and roster endpoints return it. */
    ArrayNode roster(String community) {
        ArrayNode out = Json.array();
        for (HubMember m : members.values()) {
            if (m.community.equals(community)) {
                ObjectNode o = out.addObject();
                o.put("node_id", m.id.value());
                o.put("community", m.community);
                o.put("joined_at", m.joinedAt.toString());
                String manifest = m.manifest;
                if (manifest != null) {
                    o.putRawValue("manifest", new RawValue(manifest));
                }
            }
        }
        return out;
    }

    /** The member {@code node}; {@code unauthorized} when it is not on the roster. */
    HubMember requireMember(NodeId node) {
        HubMember m = members.get(node);
        if (m == null) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "node " + node.shortForm()
                    + " is not a member of this hub (it may have expired); join first");
        }
        return m;
    }

    private void gossip(String event, HubMember subject) {
        ObjectNode entry = Json.object();
        entry.put("node_id", subject.id.value());
        entry.put("community", subject.community);
        entry.put("joined_at", subject.joinedAt.toString());
        String manifest = subject.manifest;
        if (manifest != null && !event.equals("leave") && !event.equals("expire")) {
            entry.set("manifest", Json.parseObject(manifest));
        }
        ObjectNode envelope = Json.object();
        envelope.put("id", "roster-" + HubAuth.newId());
        envelope.put("kind", RelayWire.KIND_ROSTER);
        envelope.put("from", hubKeys.nodeId().value());
        envelope.put("event", event);
        envelope.set("member", entry);
        envelope.put("timestamp", clock.instant().toString());
        byte[] bytes = Json.writeBytes(SignedJson.sign(hubKeys, envelope));
        String id = envelope.get("id").asText();
        List<HubMember> targets = new ArrayList<>();
        List<RelayStore.Envelope> rows = new ArrayList<>();
        List<QueuedEnvelope> queued = new ArrayList<>();
        Instant now = clock.instant();
        for (HubMember m : members.values()) {
            if (m == subject || !m.community.equals(subject.community)) {
                continue;
            }
            boolean reserved;
            synchronized (m.mailbox) {
                reserved = !m.removed && m.mailbox.tryReserve();
            }
            if (reserved && !reserveGlobal(bytes.length)) {
                synchronized (m.mailbox) {
                    m.mailbox.release();
                }
                reserved = false;
            }
            if (!reserved) {
                gossipSkipped.increment();
                LOG.warn("roster {} of {} not queued for {}: its mailbox is full; it catches up at its next join",
                        event, subject.id.shortForm(), m.id.shortForm());
                continue;
            }
            long seq = nextSeq.getAndIncrement();
            targets.add(m);
            rows.add(new RelayStore.Envelope(seq, m.id.value(), id, hubKeys.nodeId().value(), now, bytes));
            queued.add(new QueuedEnvelope(seq, id, hubKeys.nodeId().value(), bytes));
        }
        try {
            store.enqueue(rows);
        } catch (RuntimeException e) {
            LOG.error("roster {} of {} could not be stored; members catch up at their next join", event,
                    subject.id.shortForm(), e);
            for (HubMember m : targets) {
                synchronized (m.mailbox) {
                    m.mailbox.release();
                }
                unreserveGlobal(bytes.length);
            }
            return;
        }
        for (int i = 0; i < targets.size(); i++) {
            commit(targets.get(i), queued.get(i));
        }
    }

    // ------------------------------------------------------------------ mail

    /**
     * Queues envelopes from the authenticated {@code sender} in their addressees' mailboxes and
     * stores them; returns once they are durable, with one outcome per envelope. With
     * {@code allOrNone} any refused envelope refuses them all (nothing is queued, the refusal is
     * thrown); without it each envelope is queued or refused on its own.
     *
     * @throws HearthNetException for the whole request: {@code unauthorized} when an envelope
     *         claims another sender or the sender is no member, {@code bad_request} for a kind only
     *         the hub writes, {@code internal_error} when the store fails; with {@code allOrNone}
     *         also an envelope's refusal: {@code not_found} for an addressee not on the sender's
     *         roster, {@code capacity_exceeded} (with retry_after_ms) when a mailbox or the hub is full
     */
    List<SendOutcome> send(NodeId sender, List<RelayEnvelope> envelopes, boolean allOrNone) {
        HubMember from = requireMember(sender);
        int n = envelopes.size();
        List<HubMember> targets = new ArrayList<>(n);
        SendOutcome[] outcomes = new SendOutcome[n];
        for (int i = 0; i < n; i++) {
            RelayEnvelope envelope = envelopes.get(i);
            if (!envelope.from().equals(sender)) {
                throw new HearthNetException(ErrorCode.UNAUTHORIZED, "the envelope says it is from " + envelope.from().shortForm()
                        + " but the request is signed by " + sender.shortForm());
            }
            if (envelope.kind().equals(RelayWire.KIND_ROSTER)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "kind '" + RelayWire.KIND_ROSTER + "' is written by the hub only");
            }
            HubMember to = members.get(envelope.to());
            if (to == null || !to.community.equals(from.community)) {
                outcomes[i] = refuse(allOrNone, new HearthNetException(ErrorCode.NOT_FOUND, "node " + envelope.to().shortForm()
                        + " is not a member of community '" + from.community + "' on this hub"));
            }
            targets.add(to);
        }
        List<Integer> reserved = new ArrayList<>(n);
        Set<String> inThisRequest = new HashSet<>();
        try {
            for (int i = 0; i < n; i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = reserve(sender, envelopes.get(i), targets.get(i), inThisRequest, allOrNone);
                    if (outcomes[i].status() == SendOutcome.Status.QUEUED) {
                        reserved.add(i);
                    }
                }
            }
        } catch (RuntimeException e) {
            release(envelopes, targets, reserved);
            throw e;
        }
        List<RelayStore.Envelope> rows = new ArrayList<>(reserved.size());
        List<QueuedEnvelope> queued = new ArrayList<>(reserved.size());
        Instant now = clock.instant();
        for (int i : reserved) {
            RelayEnvelope envelope = envelopes.get(i);
            long seq = nextSeq.getAndIncrement();
            rows.add(new RelayStore.Envelope(seq, targets.get(i).id.value(), envelope.id(), sender.value(), now, envelope.bytes()));
            queued.add(new QueuedEnvelope(seq, envelope.id(), sender.value(), envelope.bytes()));
        }
        try {
            store.enqueue(rows);
        } catch (RuntimeException e) {
            release(envelopes, targets, reserved);
            LOG.error("could not store {} envelope(s) from {}", rows.size(), sender.shortForm(), e);
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "the hub could not store the envelope: " + e.getMessage(), e);
        }
        for (int k = 0; k < reserved.size(); k++) {
            int i = reserved.get(k);
            if (commit(targets.get(i), queued.get(k))) {
                accepted.increment();
            } else {
                outcomes[i] = SendOutcome.GONE;
                discarded.increment();
                LOG.warn("envelope {} from {} discarded: {} left the hub while it was being stored", queued.get(k).id(),
                        sender.shortForm(), targets.get(i).id.shortForm());
            }
        }
        return List.of(outcomes);
    }

    /** Takes a place in {@code to}'s mailbox and in the hub's byte budget for one envelope, or says why not. */
    private SendOutcome reserve(NodeId sender, RelayEnvelope envelope, HubMember to, Set<String> inThisRequest, boolean allOrNone) {
        String key = to.id.value() + ' ' + envelope.id();
        boolean duplicate = inThisRequest.contains(key);
        synchronized (to.mailbox) {
            if (to.removed) {
                return refuse(allOrNone, gone(to));
            }
            duplicate = duplicate || to.mailbox.contains(sender.value(), envelope.id());
            if (duplicate) {
                return SendOutcome.DUPLICATE;
            }
            if (!to.mailbox.tryReserve()) {
                refusedFull.increment();
                return refuse(allOrNone, HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "the mailbox of "
                        + to.id.shortForm() + " is full (" + to.mailbox.capacity() + " envelopes); keep the envelope and retry",
                        config.retryAfter()));
            }
        }
        if (!reserveGlobal(envelope.bytes().length)) {
            synchronized (to.mailbox) {
                to.mailbox.release();
            }
            refusedFull.increment();
            return refuse(allOrNone, HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "the hub holds its maximum of "
                    + config.maxQueuedBytes() + " queued bytes; keep the envelope and retry", config.retryAfter()));
        }
        inThisRequest.add(key);
        return SendOutcome.QUEUED;
    }

    private static SendOutcome refuse(boolean allOrNone, HearthNetException why) {
        if (allOrNone) {
            throw why;
        }
        return SendOutcome.refused(why);
    }

    private void release(List<RelayEnvelope> envelopes, List<HubMember> targets, List<Integer> reserved) {
        for (int i : reserved) {
            HubMember to = targets.get(i);
            synchronized (to.mailbox) {
                to.mailbox.release();
            }
            unreserveGlobal(envelopes.get(i).bytes().length);
        }
    }

    /** Moves a stored envelope into its mailbox and wakes a parked poll; false if the member left meanwhile. */
    private boolean commit(HubMember to, QueuedEnvelope e) {
        ParkedPoll wake = null;
        List<QueuedEnvelope> batch = List.of();
        boolean removed;
        synchronized (to.mailbox) {
            removed = to.removed;
            if (removed) {
                to.mailbox.release();
            } else {
                to.mailbox.commit(e);
                if (to.mailbox.parked() != null && to.mailbox.deliverable()) {
                    wake = to.mailbox.parked();
                    to.mailbox.parked(null);
                    batch = to.mailbox.lease(config.pollBatch(), config.pollBatchBytes());
                }
            }
        }
        if (removed) {
            unreserveGlobal(e.bytes().length);
            deleteStored(List.of(e));
            return false;
        }
        queuedCount.incrementAndGet();
        if (wake != null) {
            parkedCount.decrementAndGet();
            wake.cancelTimeout();
            answerWoken(to, wake, batch);
        }
        return true;
    }

    /**
     * Answers {@code member}'s poll at once when mail is waiting, else parks it for up to
     * {@code waitMillis} (a newer poll answers an older parked one empty).
     *
     * @throws HearthNetException {@code unauthorized} for a non-member, {@code capacity_exceeded}
     *         when the hub holds its maximum of parked polls
     */
    void poll(NodeId member, long waitMillis, PollResponder responder) {
        HubMember m = requireMember(member);
        m.lastSeenMillis = clock.millis();
        List<QueuedEnvelope> batch;
        ParkedPoll replaced = null;
        ParkedPoll parked = null;
        synchronized (m.mailbox) {
            if (m.removed) {
                throw gone(m);
            }
            batch = m.mailbox.lease(config.pollBatch(), config.pollBatchBytes());
            if (batch.isEmpty() && waitMillis > 0) {
                replaced = m.mailbox.parked();
                if (replaced == null && parkedCount.incrementAndGet() > config.maxParkedPolls()) {
                    parkedCount.decrementAndGet();
                    throw HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "the hub holds its maximum of "
                            + config.maxParkedPolls() + " waiting polls", config.retryAfter());
                }
                parked = new ParkedPoll(responder);
                m.mailbox.parked(parked);
            }
        }
        if (replaced != null) {
            replaced.cancelTimeout();
            answer(replaced, List.of());
        }
        if (parked != null) {
            ParkedPoll p = parked;
            p.timeout = timers.schedule(() -> timeOut(m, p), waitMillis, TimeUnit.MILLISECONDS);
            return;
        }
        deliver(m, responder, batch);
    }

    private void timeOut(HubMember m, ParkedPoll p) {
        synchronized (m.mailbox) {
            if (m.mailbox.parked() != p) {
                return;
            }
            m.mailbox.parked(null);
        }
        parkedCount.decrementAndGet();
        m.lastSeenMillis = clock.millis();
        answer(p, List.of());
    }

    /** Answers a woken poll on this thread: the write is short, and the store work after it is handed off. */
    private void answerWoken(HubMember m, ParkedPoll p, List<QueuedEnvelope> batch) {
        m.lastSeenMillis = clock.millis();
        deliver(m, p.responder, batch);
    }

    /** Writes a leased batch; acknowledges (deletes) it only if the write succeeded, then serves a waiting poll. */
    private void deliver(HubMember m, PollResponder responder, List<QueuedEnvelope> batch) {
        boolean written = responder.write(batch);
        if (batch.isEmpty()) {
            return;
        }
        List<QueuedEnvelope> done = List.of();
        ParkedPoll next = null;
        List<QueuedEnvelope> nextBatch = List.of();
        synchronized (m.mailbox) {
            if (written) {
                done = m.mailbox.acknowledge(batch);
            } else {
                m.mailbox.unlease(batch);
            }
            if (m.mailbox.parked() != null && m.mailbox.deliverable()) {
                next = m.mailbox.parked();
                m.mailbox.parked(null);
                nextBatch = m.mailbox.lease(config.pollBatch(), config.pollBatchBytes());
            }
        }
        if (!done.isEmpty()) {
            delivered.add(done.size());
            forget(done);
            deleteStored(done);
        }
        if (next != null) {
            parkedCount.decrementAndGet();
            next.cancelTimeout();
            answerWoken(m, next, nextBatch);
        }
    }

    private void answer(ParkedPoll p, List<QueuedEnvelope> batch) {
        try {
            delivery.execute(() -> p.responder.write(batch));
        } catch (RejectedExecutionException e) {
            p.responder.write(batch);
        }
    }

    /** Answers every parked poll empty (the hub is closing). */
    void releaseParkedPolls() {
        for (HubMember m : members.values()) {
            ParkedPoll p;
            synchronized (m.mailbox) {
                p = m.mailbox.parked();
                m.mailbox.parked(null);
            }
            if (p != null) {
                parkedCount.decrementAndGet();
                p.cancelTimeout();
                p.responder.write(List.of());
            }
        }
    }

    /**
     * Deletes delivered envelopes from the store in batches on the delivery executor, so neither a
     * poll nor the send that woke it waits for it. Until deleted, an envelope would be delivered
     * again after a crash (receivers drop duplicates by id). A full backlog deletes on this thread.
     */
    private void deleteStored(List<QueuedEnvelope> done) {
        boolean inline;
        synchronized (toDelete) {
            inline = toDelete.size() + done.size() > MAX_DELETE_BACKLOG;
            if (!inline) {
                done.forEach(e -> toDelete.add(e.seq()));
            }
        }
        if (inline) {
            List<Long> seqs = new ArrayList<>(done.size());
            done.forEach(e -> seqs.add(e.seq()));
            delete(seqs);
            return;
        }
        if (deleting.compareAndSet(false, true)) {
            try {
                delivery.execute(this::drainDeletes);
            } catch (RejectedExecutionException e) {
                drainDeletes();
            }
        }
    }

    private void drainDeletes() {
        while (true) {
            List<Long> seqs;
            synchronized (toDelete) {
                if (toDelete.isEmpty()) {
                    deleting.set(false);
                    return;
                }
                seqs = new ArrayList<>(toDelete);
                toDelete.clear();
            }
            delete(seqs);
        }
    }

    /** Deletes what is waiting now; the hub calls it before closing the store. */
    void flushDeletes() {
        List<Long> seqs;
        synchronized (toDelete) {
            seqs = new ArrayList<>(toDelete);
            toDelete.clear();
        }
        delete(seqs);
    }

    private void delete(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        try {
            store.delete(seqs);
        } catch (RuntimeException e) {
            LOG.error("could not delete {} delivered envelope(s); they will be delivered again after a restart"
                    + " (receivers drop duplicates by id)", seqs.size(), e);
        }
    }

    private void forget(List<QueuedEnvelope> gone) {
        long bytes = 0;
        for (QueuedEnvelope e : gone) {
            bytes += e.bytes().length;
        }
        queuedBytes.addAndGet(-bytes);
        queuedCount.addAndGet(-gone.size());
    }

    private boolean reserveGlobal(int bytes) {
        if (queuedBytes.addAndGet(bytes) > config.maxQueuedBytes()) {
            queuedBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    private void unreserveGlobal(int bytes) {
        queuedBytes.addAndGet(-bytes);
    }

    private static HearthNetException gone(HubMember m) {
        return new HearthNetException(ErrorCode.NOT_FOUND, "member " + m.id.shortForm() + " has left this hub");
    }

    private static RelayStore.Member stored(HubMember m) {
        return new RelayStore.Member(m.id.value(), m.community, m.joinedAt, Optional.ofNullable(m.manifest));
    }

    private static String routable(ObjectNode manifest) {
        ObjectNode o = manifest.deepCopy();
        o.remove(List.of("issued_at", "expires_at", "load", "signature"));
        return CanonicalJson.write(o);
    }

    // ------------------------------------------------------------------ views

    int memberCount() {
        return members.size();
    }

    int queued() {
        return queuedCount.get();
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    int parkedPolls() {
        return parkedCount.get();
    }

    /** The hub's own id (the signer of roster envelopes). */
    NodeId hubId() {
        return hubKeys.nodeId();
    }

    /** Mailbox size of {@code node}, or -1 when it is no member. */
    int mailboxSize(NodeId node) {
        HubMember m = members.get(node);
        if (m == null) {
            return -1;
        }
        synchronized (m.mailbox) {
            return m.mailbox.size();
        }
    }
}
