package io.hearthnet.relay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} envelope keys seen, to drop envelopes the hub delivers twice
 * (delivery is at-least-once). Thread-safe.
 */
final class RecentIds {
    private final Map<String, Boolean> seen;

    RecentIds(int capacity) {
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code key}; false when it was seen before. */
    synchronized boolean add(String key) {
        return seen.put(key, Boolean.TRUE) == null;
    }
}
