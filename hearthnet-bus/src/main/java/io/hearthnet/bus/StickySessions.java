package io.hearthnet.bus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Binds sticky-routing sessions to entries: bounded ({@link BusConfig#maxStickySessions()}), each
 * forgotten after {@link BusConfig#stickyIdleTimeout()} unused, and unbound when its entry leaves.
 * Memory stays bounded however many session ids callers invent.
 */
final class StickySessions {
    private final Cache<String, EntryKey> sessions;

    StickySessions(BusConfig config, Clock clock) {
        this.sessions = Caffeine.newBuilder()
                .maximumSize(config.maxStickySessions())
                .expireAfterAccess(config.stickyIdleTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    EntryKey get(String sessionId) {
        return sessions.getIfPresent(sessionId);
    }

    void bind(String sessionId, EntryKey key) {
        sessions.put(sessionId, key);
    }

    void unbind(String sessionId) {
        sessions.invalidate(sessionId);
    }

    /** Unbinds every session bound to {@code key}. */
    void unbindAll(EntryKey key) {
        sessions.asMap().values().removeIf(key::equals);
    }

    long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }
}
