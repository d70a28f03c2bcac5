package io.hearthnet.relay;

import java.util.concurrent.Future;

/** A long-poll waiting for mail: who answers it, and the timer that ends it empty. */
final class ParkedPoll {
    final PollResponder responder;
    volatile Future<?> timeout;

    ParkedPoll(PollResponder responder) {
        this.responder = responder;
    }

    void cancelTimeout() {
        Future<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }
}
