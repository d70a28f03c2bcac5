package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** What a handler answers: one JSON object, or a stream of frames. */
public sealed interface Reply permits Reply.Unary, Reply.Stream {

    /** A reply with one JSON object. */
    static Reply of(ObjectNode body) {
        return new Unary(body);
    }

    /** A streamed reply; the producer runs once the caller is ready to read. */
    static Reply stream(StreamProducer producer) {
        return new Stream(producer);
    }

    /**
     * One JSON object.
     *
     * @param body the reply body
     */
    record Unary(ObjectNode body) implements Reply {
        /** Checks the body is present. */
        public Unary {
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A stream of frames.
     *
     * @param producer writes the frames
     */
    record Stream(StreamProducer producer) implements Reply {
        /** Checks the producer is present. */
        public Stream {
            Objects.requireNonNull(producer, "producer");
        }
    }
}
