package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CancellationException;

/**
 * Where a streaming handler writes its frames. {@link #emit} blocks while the consumer is slower
 * than the producer, so memory does not grow with an unread stream; once the caller has gone
 * (closed the stream, timed out, disconnected) it throws {@link CancellationException} and
 * {@link #isCancelled()} turns true. The framework writes the closing {@code done} or
 * {@code error} frame itself when the producer returns or throws.
 */
public interface FrameSink {
    /**
     * Sends one frame. {@code done} and {@code error} are reserved event names.
     *
     * @throws CancellationException when the caller has gone
     */
    void emit(String event, ObjectNode data);

    /** Whether the caller has gone; a long-running producer checks this between steps. */
    boolean isCancelled();
}
