package io.hearthnet.services.support;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.time.Duration;

/** Checks of the durations the services' builders take, with one wording for every service. */
public final class Durations {
    private Durations() {}

    /** {@code d} if it is longer than zero, else {@code bad_request} "{what} must be positive". */
    public static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must be positive");
        }
        return d;
    }

    /** {@code d} if it is zero or longer, else {@code bad_request} "{what} must not be negative". */
    public static Duration notNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must not be negative");
        }
        return d;
    }
}
