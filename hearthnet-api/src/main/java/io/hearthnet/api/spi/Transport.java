package io.hearthnet.api.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.identity.NodeId;
import java.util.List;

/**
 * Moves calls between nodes over one kind of link (HTTP, in-memory, relay). A transport serves
 * inbound calls through its context's {@link InboundDispatcher} and makes outbound calls to
 * {@link Endpoint}s of its {@link #scheme()}. Made by a {@link TransportProvider}.
 */
public interface Transport extends AutoCloseable {
    /** The transport's scheme, e.g. {@code http}; also the key under which a node keeps it. */
    String scheme();

    /** Whether this transport can reach {@code endpoint} (by default: same scheme). */
    default boolean handles(Endpoint endpoint) {
        return endpoint.scheme().equals(scheme());
    }

    /** Starts serving inbound calls; idempotent. Returns where this node can now be reached. */
    List<Endpoint> start() throws Exception;

    /** Where this node can be reached through this transport; empty before start. */
    List<Endpoint> endpoints();

    /**
     * Sends a unary call to {@code node} at {@code target} and waits for its reply, at most until
     * the call's deadline.
     *
     * @throws io.hearthnet.api.HearthNetException with the contract's code: {@code partition}
     *         when the peer cannot be reached, {@code timeout} at the deadline, or the peer's error.
     *         A failure before the request left this node (connection refused, no route) should be
     *         {@link io.hearthnet.api.HearthNetException#neverDelivered neverDelivered}: the bus
     *         then tries the next path or provider even for a non-idempotent call.
     */
    ObjectNode call(Endpoint target, NodeId node, Call call);

    /** Sends a streaming call to {@code node} at {@code target}; closing the returned stream cancels it at the peer. */
    FrameStream stream(Endpoint target, NodeId node, Call call);

    /** Fetches the peer's signed manifest as JSON (verification is the caller's job). */
    ObjectNode fetchManifest(Endpoint target);

    /** Stops serving and releases every thread and socket; idempotent. */
    @Override
    void close();
}
