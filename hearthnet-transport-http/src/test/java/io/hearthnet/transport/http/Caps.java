package io.hearthnet.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.json.Json;

/** Capabilities used by the transport tests. */
final class Caps {
    private Caps() {}

    static ObjectNode textSchema() {
        return Json.parseObject("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                + "\"required\":[\"text\"],\"additionalProperties\":false}");
    }

    static Capability echo(String name) {
        CapabilityDescriptor d = CapabilityDescriptor.builder(name, "1.0").requestSchema(textSchema())
                .responseSchema(textSchema()).maxConcurrent(64).build();
        return Capability.of(d, CapabilityHandler.unary(c -> Json.object().put("text", c.input().get("text").asText())));
    }

    static ObjectNode text(String text) {
        return Json.object().put("text", text);
    }
}
