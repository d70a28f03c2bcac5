package io.hearthnet.relay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One member's queue of undelivered envelopes, bounded to {@code capacity}. A send first reserves
 * a slot (so the store write happens outside the lock), then commits it. A poll leases the oldest
 * envelopes not leased yet; they leave the queue only when the response carrying them was written
 * ({@link #acknowledge}), and become deliverable again if it was not ({@link #unlease}). Several
 * leases may be open at once (a member polls again while its last response is being
 * acknowledged). Not thread-safe: the hub holds the mailbox's monitor around every call.
 */
final class Mailbox {
    private final int capacity;
    private final ArrayDeque<QueuedEnvelope> queue = new ArrayDeque<>();
    private int reserved;
    private final Set<Long> leased = new HashSet<>();
    private long bytes;
    private ParkedPoll parked;

    Mailbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Takes a slot for an envelope about to be stored; false when the mailbox is full. */
    boolean tryReserve() {
        if (queue.size() + reserved >= capacity) {
            return false;
        }
        reserved++;
        return true;
    }

    /** Gives back a reserved slot whose envelope was not stored. */
    void release() {
        if (reserved == 0) {
            throw new IllegalStateException("no reserved slot to release");
        }
        reserved--;
    }

    /** Turns a reserved slot into a queued envelope. */
    void commit(QueuedEnvelope envelope) {
        release();
        append(envelope);
    }

    /** Puts back an envelope read from the store on restart, whatever the capacity (nothing stored is dropped). */
    void restore(QueuedEnvelope envelope) {
        append(envelope);
    }

    private void append(QueuedEnvelope envelope) {
        queue.addLast(envelope);
        bytes += envelope.bytes().length;
    }

    /** Whether an envelope from {@code sender} with {@code id} is still queued (a resend). */
    boolean contains(String sender, String id) {
        for (QueuedEnvelope e : queue) {
            if (e.id().equals(id) && e.sender().equals(sender)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Leases up to {@code maxCount} of the oldest unleased envelopes, stopping before
     * {@code maxBytes} (but always at least one). Empty when none is deliverable.
     */
    List<QueuedEnvelope> lease(int maxCount, long maxBytes) {
        if (leased.size() == queue.size()) {
            return List.of();
        }
        List<QueuedEnvelope> batch = new ArrayList<>(Math.min(maxCount, queue.size() - leased.size()));
        long size = 0;
        for (QueuedEnvelope e : queue) {
            if (leased.contains(e.seq())) {
                continue;
            }
            if (batch.size() >= maxCount || (!batch.isEmpty() && size + e.bytes().length > maxBytes)) {
                break;
            }
            batch.add(e);
            size += e.bytes().length;
        }
        batch.forEach(e -> leased.add(e.seq()));
        return batch;
    }

    /** Whether a poll would get envelopes now. */
    boolean deliverable() {
        return leased.size() < queue.size();
    }

    /** The response carrying {@code batch} was written: removes and returns those still queued. */
    List<QueuedEnvelope> acknowledge(List<QueuedEnvelope> batch) {
        Set<Long> seqs = new HashSet<>();
        for (QueuedEnvelope e : batch) {
            if (leased.remove(e.seq())) {
                seqs.add(e.seq());
            }
        }
        List<QueuedEnvelope> done = new ArrayList<>(seqs.size());
        for (Iterator<QueuedEnvelope> it = queue.iterator(); it.hasNext() && done.size() < seqs.size(); ) {
            QueuedEnvelope e = it.next();
            if (seqs.contains(e.seq())) {
                it.remove();
                bytes -= e.bytes().length;
                done.add(e);
            }
        }
        return done;
    }

    /** The response carrying {@code batch} failed: those envelopes stay queued for the next poll. */
    void unlease(List<QueuedEnvelope> batch) {
        batch.forEach(e -> leased.remove(e.seq()));
    }

    /** Empties the mailbox (its member left or expired); returns what was queued. */
    List<QueuedEnvelope> clear() {
        List<QueuedEnvelope> all = new ArrayList<>(queue);
        queue.clear();
        bytes = 0;
        leased.clear();
        return all;
    }

    /** Queued envelopes, leased ones included. */
    int size() {
        return queue.size();
    }

    /** Slots reserved by sends in progress. */
    int reserved() {
        return reserved;
    }

    /** Envelopes leased to poll responses being written. */
    int leased() {
        return leased.size();
    }

    /** Bytes of the queued envelopes. */
    long bytes() {
        return bytes;
    }

    int capacity() {
        return capacity;
    }

    /** The member's parked long-poll, if any (owned by the hub). */
    ParkedPoll parked() {
        return parked;
    }

    void parked(ParkedPoll poll) {
        this.parked = poll;
    }
}
