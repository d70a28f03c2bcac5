package io.hearthnet.api.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Reply;

/**
 * The node as a transport's server sees it: where verified inbound calls go, and what the node
 * publishes about itself.
 */
public interface InboundDispatcher {
    /**
     * Serves a call that the transport has authenticated (signature, timestamp, replay). The node
     * checks trust, schema and capacity and runs a local handler only; it never forwards.
     *
     * @throws io.hearthnet.api.HearthNetException with the contract's code
     */
    Reply dispatch(Call call);

    /** The node's current signed manifest as JSON. */
    ObjectNode manifest();
}
