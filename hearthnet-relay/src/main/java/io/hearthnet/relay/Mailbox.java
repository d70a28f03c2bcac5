package io.hearthnet.relay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One member's queue of undelivered envelopes, bounded to {@code capacity}. A send first reserves
 * a slot (so the store write happens outside the lock), then commits it. A poll leases envelopes
 * from the head; they leave the queue only when the response carrying them was written
 * ({@link #acknowledge()}), and go back to being deliverable if it was not ({@link #unlease()}).
 * One lease at a time. Not thread-safe: the hub holds the mailbox's monitor around every call.
 */
final class Mailbox {
    private final int capacity;
    private final ArrayDeque<QueuedEnvelope> queue = new ArrayDeque<>();
    private int reserved;
    private int leased;
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
     * Leases up to {@code maxCount} envelopes from the head, stopping before {@code maxBytes}
     * (but always at least one). Empty while another lease is open or nothing is queued.
     */
    List<QueuedEnvelope> lease(int maxCount, long maxBytes) {
        if (leased > 0 || queue.isEmpty()) {
            return List.of();
        }
        List<QueuedEnvelope> batch = new ArrayList<>(Math.min(maxCount, queue.size()));
        long size = 0;
        for (QueuedEnvelope e : queue) {
            if (batch.size() >= maxCount || (!batch.isEmpty() && size + e.bytes().length > maxBytes)) {
                break;
            }
            batch.add(e);
            size += e.bytes().length;
        }
        leased = batch.size();
        return batch;
    }

    /** Whether a poll would get envelopes now. */
    boolean deliverable() {
        return leased == 0 && !queue.isEmpty();
    }

    /** The leased envelopes were written: removes and returns them. */
    List<QueuedEnvelope> acknowledge() {
        List<QueuedEnvelope> done = new ArrayList<>(leased);
        for (Iterator<QueuedEnvelope> it = queue.iterator(); it.hasNext() && done.size() < leased; ) {
            QueuedEnvelope e = it.next();
            it.remove();
            bytes -= e.bytes().length;
            done.add(e);
        }
        leased = 0;
        return done;
    }

    /** The response carrying the leased envelopes failed: they stay queued for the next poll. */
    void unlease() {
        leased = 0;
    }

    /** Empties the mailbox (its member left or expired); returns what was queued. */
    List<QueuedEnvelope> clear() {
        List<QueuedEnvelope> all = new ArrayList<>(queue);
        queue.clear();
        bytes = 0;
        leased = 0;
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

    /** Envelopes leased to a poll response being written. */
    int leased() {
        return leased;
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
