package io.hearthnet.services.eventlog;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;

/**
 * A Lamport clock: {@link #tick()} before a local event (send increments), {@link #receive(long)}
 * for an event from elsewhere (takes the maximum plus one). Values stay within 1 to 2^53 − 1 so
 * that canonical JSON writes them exactly. Thread-safe.
 */
public final class LamportClock {
    /** The largest value a Lamport time may take. */
    public static final long MAX = (1L << 53) - 1;

    private long value;

    /** A clock standing at {@code start} (the highest Lamport time already seen). */
    public LamportClock(long start) {
        if (start < 0 || start > MAX) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "Lamport time out of range: " + start);
        }
        this.value = start;
    }

    /** Advances for a local event and returns its time. */
    public synchronized long tick() {
        if (value >= MAX) {
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "the Lamport clock is exhausted");
        }
        return ++value;
    }

    /** Takes in a remote event's time: the clock becomes {@code max(own, remote) + 1}, which is returned. */
    public synchronized long receive(long remote) {
        if (remote < 1 || remote > MAX) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "Lamport time out of range: " + remote);
        }
        value = Math.min(MAX, Math.max(value, remote) + 1);
        return value;
    }

    /** The current time (the highest seen or made). */
    public synchronized long current() {
        return value;
    }
}
