package io.hearthnet.services.eventlog;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.util.Optional;

/**
 * Which events to read, in replay order (Lamport time, then event id).
 *
 * @param eventType    only events of this type, if present
 * @param sinceLamport only events with a Lamport time above this (0 for all)
 * @param limit        at most this many, 1 to {@value #MAX_LIMIT}
 */
public record EventQuery(Optional<String> eventType, long sinceLamport, int limit) {
    /** The most events one query returns. */
    public static final int MAX_LIMIT = 1_000;

    /** Checks the bounds. */
    public EventQuery {
        eventType.ifPresent(t -> {
            if (!Event.TYPE.matcher(t).matches()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "not an event type: " + t);
            }
        });
        if (sinceLamport < 0) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "sinceLamport must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** Every event (up to the limit) after {@code sinceLamport}. */
    public static EventQuery since(long sinceLamport, int limit) {
        return new EventQuery(Optional.empty(), sinceLamport, limit);
    }

    /** Events of {@code type} after {@code sinceLamport}. */
    public static EventQuery ofType(String type, long sinceLamport, int limit) {
        return new EventQuery(Optional.of(type), sinceLamport, limit);
    }
}
