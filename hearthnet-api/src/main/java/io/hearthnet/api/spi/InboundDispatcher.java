package io.hearthnet.api.spi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Reply;
import java.util.Optional;

/**
 * The node as a transport's server sees it: where verified inbound calls go, and what the node
 * publishes about itself (manifest, health, metrics, traces, topology, extension views).
 */
public interface InboundDispatcher {
    /**
     * Serves a call that the transport has authenticated (signature, timestamp, replay). The node
     * checks trust, schema and capacity and runs a local handler only; it never forwards. A streamed
     * reply's producer must be run by the transport exactly once.
     *
     * @throws io.hearthnet.api.HearthNetException with the contract's code
     */
    Reply dispatch(Call call);

    /** The node's current signed manifest as JSON. */
    ObjectNode manifest();

    /** Liveness: {@code {"status": "ok", "node_id", "uptime_s", "services": {...}}}. */
    ObjectNode health();

    /** Readiness: {@code {"ready": bool, "capabilities": n, "peers": n}}; ready once it offers a capability. */
    ObjectNode ready();

    /** Metrics in the Prometheus text exposition format. */
    String metricsText();

    /** Up to {@code n} most recent call traces, newest first. */
    ArrayNode recentTraces(int n);

    /** Our node, known peers and the capability matrix with health and quarantine state. */
    ObjectNode topology();

    /** A view an extension published under {@code name} (e.g. {@code emergency}), if any. */
    Optional<ObjectNode> view(String name);
}
