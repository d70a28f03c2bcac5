package io.hearthnet.api.wire;

import io.hearthnet.api.CallOptions;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Namespaces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The checks every transport runs on an inbound call envelope, in the contract's order: signature and
 * timestamp window, replay of the (sender, request id), and the community. One per transport instance.
 */
public final class InboundGate {
    private final Clock clock;
    private final Duration window;
    private final String community;
    private final ReplayGuard replays;

    /** A gate for {@code community}, accepting timestamps within {@code window} of {@code clock}. */
    public InboundGate(Clock clock, Duration window, String community) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        this.community = Objects.requireNonNull(community, "community");
        this.replays = new ReplayGuard(clock, window, ReplayGuard.DEFAULT_CAPACITY);
    }

    /**
     * Lets {@code envelope} through or refuses it. The shape of the names comes first (so nothing
     * a sender makes up without limit reaches a log, a map or a metric), then the signature and
     * timestamp, the community, and last the replay record (so only calls for this community are
     * remembered).
     *
     * @throws HearthNetException {@code bad_request} for a malformed name or id or a replay,
     *         {@code invalid_signature}, {@code expired}, or {@code unauthorized} for another community
     */
    public CallEnvelope check(CallEnvelope envelope) {
        Namespaces.checkSyntax(envelope.capability());
        bounded(envelope.requestId(), "request id");
        bounded(envelope.traceId(), "trace id");
        bounded(envelope.community(), "community id");
        envelope.sessionId().ifPresent(s -> bounded(s, "session id"));
        envelope.verify(clock, window);
        if (!envelope.community().equals(community)) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "this node serves community '" + community
                    + "', not '" + envelope.community() + "'");
        }
        replays.check(envelope.from(), envelope.requestId(), Instant.parse(envelope.timestamp()));
        return envelope;
    }

    private static void bounded(String value, String what) {
        if (value.isEmpty() || value.length() > CallOptions.MAX_ID_LENGTH) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must be 1 to " + CallOptions.MAX_ID_LENGTH + " characters");
        }
    }
}
