package io.hearthnet.relay;

import io.hearthnet.api.HearthNetException;
import java.util.Objects;

/**
 * What the hub did with one envelope of a send request.
 *
 * @param status  queued, a duplicate, gone or refused
 * @param refusal why it was refused; null unless {@code status} is {@link Status#REFUSED}
 */
record SendOutcome(Status status, HearthNetException refusal) {
    /** The envelope's fate. */
    enum Status {
        /** Stored and queued. */
        QUEUED,
        /** Already queued (a resend): kept once. */
        DUPLICATE,
        /** Its addressee left while it was being stored: discarded, like the rest of its mail. */
        GONE,
        /** Not queued, for {@link #refusal()}; only in a batch that is not all or none. */
        REFUSED
    }

    static final SendOutcome QUEUED = new SendOutcome(Status.QUEUED, null);
    static final SendOutcome DUPLICATE = new SendOutcome(Status.DUPLICATE, null);
    static final SendOutcome GONE = new SendOutcome(Status.GONE, null);

    SendOutcome {
        Objects.requireNonNull(status, "status");
        if ((status == Status.REFUSED) != (refusal != null)) {
            throw new IllegalArgumentException("a refusal goes with status REFUSED, and only with it");
        }
    }

    static SendOutcome refused(HearthNetException why) {
        return new SendOutcome(Status.REFUSED, why);
    }
}
