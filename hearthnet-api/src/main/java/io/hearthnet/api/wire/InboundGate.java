package io.hearthnet.api.wire;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.time.Clock;
import java.time.Duration;
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
     * Lets {@code envelope} through or refuses it.
     *
     * @throws HearthNetException {@code invalid_signature}, {@code expired}, {@code bad_request} for a
     *         replay, or {@code unauthorized} for another community
     */
    public CallEnvelope check(CallEnvelope envelope) {
        envelope.verify(clock, window);
        replays.check(envelope.from(), envelope.requestId());
        if (!envelope.community().equals(community)) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "this node serves community '" + community
                    + "', not '" + envelope.community() + "'");
        }
        return envelope;
    }
}
