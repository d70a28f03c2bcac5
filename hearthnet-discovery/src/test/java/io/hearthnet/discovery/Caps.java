package io.hearthnet.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.json.Json;

/** Capabilities the discovery tests offer. */
final class Caps {
    static final String WHO = "experimental.whoami";

    private Caps() {}

    /** {@code name@1.0} answering {@code {"node": who}}; idempotent so the bus may fail over. */
    static Capability whoami(String name, String who) {
        CapabilityDescriptor d = CapabilityDescriptor.builder(name, "1.0").idempotent(true).maxConcurrent(64).build();
        return Capability.of(d, CapabilityHandler.unary(c -> Json.object().put("node", who)));
    }

    static Capability whoami(String who) {
        return whoami(WHO, who);
    }

    static ObjectNode empty() {
        return Json.object();
    }
}
