package io.hearthnet.relay;

import io.hearthnet.api.identity.NodeId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps roster snapshots from undoing newer roster envelopes. A join answer's roster is taken at
 * the hub some time after it was asked for, while roster envelopes about single members arrive
 * through the poll in between; a member an envelope changed after the snapshot was asked for keeps
 * that change (any later change comes as an envelope too). Thread-safe.
 */
final class RosterEvents {
    private final LongSupplier ticks;
    private final Map<NodeId, Long> changedAt = new ConcurrentHashMap<>();

    RosterEvents(LongSupplier ticks) {
        this.ticks = ticks;
    }

    RosterEvents() {
        this(System::nanoTime);
    }

    /** Marks the moment a snapshot is asked for; pass it to {@link #changedSince} and {@link #applied}. */
    long asking() {
        return ticks.getAsLong();
    }

    /** A roster envelope changed {@code node} just now. */
    void changed(NodeId node) {
        changedAt.put(node, ticks.getAsLong());
    }

    /** Whether an envelope changed {@code node} since the snapshot asked for at {@code asked}. */
    boolean changedSince(NodeId node, long asked) {
        Long at = changedAt.get(node);
        return at != null && at - asked >= 0;
    }

    /** The snapshot asked for at {@code asked} is applied: envelopes older than it are no longer needed. */
    void applied(long asked) {
        changedAt.values().removeIf(at -> at - asked < 0);
    }

    int remembered() {
        return changedAt.size();
    }
}
