package io.hearthnet.api.wire;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers (sender, request id) pairs for as long as their timestamps could still be accepted,
 * and refuses a pair seen before. Bounded: when full, the oldest pairs are forgotten first (they are
 * the first to fall out of the timestamp window anyway). Thread-safe.
 */
public final class ReplayGuard {
    /** Default number of remembered requests. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Clock clock;
    private final long retainMillis;
    private final int capacity;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

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
     * Records the request, or refuses it when seen before.
     *
     * @throws HearthNetException {@code bad_request} for a replayed request
     */
    public void check(NodeId from, String requestId) {
        long now = clock.millis();
        String key = from.value() + ' ' + requestId;
        synchronized (seen) {
            Long seenAt = seen.get(key);
            if (seenAt != null && seenAt > now - retainMillis) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "request " + requestId + " from "
                        + from.shortForm() + " was already received (replay)");
            }
            for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Long> oldest = it.next();
                if (oldest.getValue() > now - retainMillis && seen.size() < capacity) {
                    break;
                }
                it.remove();
            }
            seen.remove(key);
            seen.put(key, now);
        }
    }

    /** How many requests are remembered now. */
    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }
}
