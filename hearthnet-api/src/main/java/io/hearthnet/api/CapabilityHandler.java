package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves calls of one capability. It may block: the node runs handlers on its executor (virtual
 * threads where the JVM has them). Throw {@link HearthNetException} for a contract error; any other
 * exception becomes {@code internal_error}.
 */
@FunctionalInterface
public interface CapabilityHandler {
    /** Answers one call. */
    Reply handle(Call call) throws Exception;

    /** A handler that answers every call with one JSON object. */
    static CapabilityHandler unary(UnaryHandler handler) {
        return call -> Reply.of(handler.handle(call));
    }

    /** A handler that streams frames for every call. */
    static CapabilityHandler streaming(StreamingHandler handler) {
        return call -> Reply.stream(sink -> handler.handle(call, sink));
    }

    /** The body of a unary handler. */
    @FunctionalInterface
    interface UnaryHandler {
        /** Answers one call with one JSON object. */
        ObjectNode handle(Call call) throws Exception;
    }

    /** The body of a streaming handler. */
    @FunctionalInterface
    interface StreamingHandler {
        /** Writes the frames answering one call. */
        void handle(Call call, FrameSink sink) throws Exception;
    }
}
