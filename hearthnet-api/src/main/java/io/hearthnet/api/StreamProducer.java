package io.hearthnet.api;

/**
 * The body of a streaming reply: writes frames to a sink and returns when the stream is complete.
 * Throwing ends the stream with an {@code error} frame.
 */
@FunctionalInterface
public interface StreamProducer {
    /** Produces the frames of one stream. */
    void produce(FrameSink sink) throws Exception;
}
