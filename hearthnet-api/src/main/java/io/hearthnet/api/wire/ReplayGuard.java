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

/**
 * Remembers (sender, request id) pairs for as long as their timestamps could still be accepted,
 * and refuses a pair seen before. Bounded: when full, the oldest pairs are forgotten first. A
 * request sent no later than the newest timestamp forgotten that way could be the replay of a
 * forgotten one, so it is refused as {@code expired} (its sender signs it anew): memory stays
 * bounded under a flood and a replay is never let through. Thread-safe.
 */
public final class ReplayGuard {
    /** Default number of remembered requests. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Clock clock;
    private final long retainMillis;
    private final int capacity;
    /** Key to {receive time, timestamp} in milliseconds, in receive order. */
    private final LinkedHashMap<String, long[]> seen = new LinkedHashMap<>();
    private long forgottenUpTo = Long.MIN_VALUE;

    /** Remembers each request for twice {@code window} (the timestamp window on both sides), up to {@code capacity}. */
    public ReplayGuard(Clock clock, Duration window, int capacity) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retainMillis = window.toMillis() * 2;
        this.capacity = capacity;
    }

    /**
     * Records the request sent at {@code sentAt} (its signed timestamp), or refuses it.
     *
     * @throws HearthNetException {@code bad_request} for a replayed request; {@code expired} for one
     *         sent before the newest request this guard had to forget to stay within its capacity
     */
    public void check(NodeId from, String requestId, Instant sentAt) {
        long now = clock.millis();
        long sent = sentAt.toEpochMilli();
        String key = from.value() + ' ' + requestId;
        synchronized (seen) {
            if (sent <= forgottenUpTo) {
                throw new HearthNetException(ErrorCode.EXPIRED, "request " + requestId + " from " + from.shortForm()
                        + " was sent at " + sentAt + ", before the newest request this node had to forget under load;"
                        + " it cannot be told from a replay: sign it anew");
            }
            long[] seenAt = seen.get(key);
            if (seenAt != null && seenAt[0] > now - retainMillis) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "request " + requestId + " from "
                        + from.shortForm() + " was already received (replay)");
            }
            for (Iterator<Map.Entry<String, long[]>> it = seen.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, long[]> oldest = it.next();
                boolean expired = oldest.getValue()[0] <= now - retainMillis;
                if (!expired && seen.size() < capacity) {
                    break;
                }
                if (!expired) {
                    forgottenUpTo = Math.max(forgottenUpTo, oldest.getValue()[1]);
                }
                it.remove();
            }
            seen.remove(key);
            seen.put(key, new long[] {now, sent});
        }
    }

    /** How many requests are remembered now. */
    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }
}
