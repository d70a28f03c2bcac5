package io.hearthnet.api.wire;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers (sender, request id) pairs for as long as their timestamps could still be accepted,
 * and refuses a pair seen before. Bounded: when full, the oldest pairs are forgotten first. For
 * each sender that lost a pair that way, the newest timestamp forgotten is kept as that sender's
 * floor, and a request of that sender sent no later is refused as {@code expired} (it could be the
 * replay of a forgotten one; the sender signs it anew). A flood thus never opens a replay, and only
 * costs the flooding senders themselves; a floor lasts as long as the timestamp window. Thread-safe.
 */
public final class ReplayGuard {
    /** Default number of remembered requests. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(ReplayGuard.class);

    private final Clock clock;
    private final long windowMillis;
    private final long retainMillis;
    private final int capacity;
    /** Key to {receive time, timestamp} in milliseconds, in receive order. */
    private final LinkedHashMap<String, Entry> seen = new LinkedHashMap<>();
    /** Sender to the newest timestamp of its requests forgotten for room, oldest first. */
    private final LinkedHashMap<NodeId, Long> floors = new LinkedHashMap<>();

    private record Entry(NodeId from, long receivedAt, long sentAt) {}

    /** Remembers each request for twice {@code window} (the timestamp window on both sides), up to {@code capacity}. */
    public ReplayGuard(Clock clock, Duration window, int capacity) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowMillis = window.toMillis();
        this.retainMillis = window.toMillis() * 2;
        this.capacity = capacity;
    }

    /**
     * Records the request sent at {@code sentAt} (its signed timestamp), or refuses it.
     *
     * @throws HearthNetException {@code bad_request} for a replayed request; {@code expired} for one
     *         sent no later than a request of the same sender this guard had to forget for room
     */
    public void check(NodeId from, String requestId, Instant sentAt) {
        long now = clock.millis();
        long sent = sentAt.toEpochMilli();
        String key = from.value() + ' ' + requestId;
        synchronized (seen) {
            pruneFloors(now);
            Long floor = floors.get(from);
            if (floor != null && sent <= floor) {
                throw new HearthNetException(ErrorCode.EXPIRED, "request " + requestId + " from " + from.shortForm()
                        + " was sent at " + sentAt + ", before a request of the same sender this node had to forget"
                        + " under load; it cannot be told from a replay: sign it anew");
            }
            Entry seenAt = seen.get(key);
            if (seenAt != null && seenAt.receivedAt() > now - retainMillis) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "request " + requestId + " from "
                        + from.shortForm() + " was already received (replay)");
            }
            for (Iterator<Map.Entry<String, Entry>> it = seen.entrySet().iterator(); it.hasNext(); ) {
                Entry oldest = it.next().getValue();
                boolean expired = oldest.receivedAt() <= now - retainMillis;
                if (!expired && seen.size() < capacity) {
                    break;
                }
                if (!expired) {
                    raiseFloor(oldest.from(), oldest.sentAt());
                }
                it.remove();
            }
            seen.remove(key);
            seen.put(key, new Entry(from, now, sent));
        }
    }

    private void raiseFloor(NodeId from, long sentAt) {
        Long old = floors.remove(from);
        floors.put(from, old == null ? sentAt : Math.max(old, sentAt));
        if (floors.size() > capacity) {
            Iterator<Map.Entry<NodeId, Long>> it = floors.entrySet().iterator();
            NodeId dropped = it.next().getKey();
            it.remove();
            LOG.warn("replay guard: more than {} senders lost requests for room within the timestamp window;"
                    + " forgot the floor of {}", capacity, dropped.shortForm());
        }
    }

    /** A floor older than the timestamp window protects nothing: such requests are refused as expired anyway. */
    private void pruneFloors(long now) {
        for (Iterator<Map.Entry<NodeId, Long>> it = floors.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() >= now - windowMillis) {
                break;
            }
            it.remove();
        }
    }

    /** How many requests are remembered now. */
    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }
}
