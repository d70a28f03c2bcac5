package io.hearthnet.api.wire;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The freshness rule of signed requests: an RFC 3339 UTC timestamp within a window of the receiver's clock. */
public final class TimestampWindow {
    private TimestampWindow() {}

    /**
     * Checks {@code timestamp} against {@code clock}.
     *
     * @throws HearthNetException {@code bad_request} when it is not RFC 3339 UTC, {@code expired}
     *         when it is further than {@code window} from the clock (either way)
     */
    public static Instant check(String timestamp, Clock clock, Duration window) {
        Instant sent;
        try {
            sent = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "timestamp must be RFC 3339 UTC, got '" + timestamp + "'", e);
        }
        Duration skew = Duration.between(sent, clock.instant()).abs();
        if (skew.compareTo(window) > 0) {
            throw new HearthNetException(ErrorCode.EXPIRED, "request timestamp " + timestamp + " is " + skew.toSeconds()
                    + " s away from the receiver's clock (window ±" + window.toSeconds() + " s)");
        }
        return sent;
    }
}
