package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Json;

/** Capabilities used by the relay transport tests. */
final class Caps {
    private Caps() {}

    /** Answers {@code {"text", "by"}}. */
    static Capability echo(String name, String by) {
        CapabilityDescriptor d = CapabilityDescriptor.builder(name, "1.0").maxConcurrent(64).build();
        return Capability.of(d, CapabilityHandler.unary(c -> Json.object().put("text", c.input().path("text").asText()).put("by", by)));
    }

    /** Streams {@code n} frames {@code tick} with {@code {"i": k}}. */
    static Capability counter(String name, int n) {
        CapabilityDescriptor d = CapabilityDescriptor.builder(name, "1.0").maxConcurrent(8).build();
        return Capability.of(d, CapabilityHandler.streaming((c, sink) -> {
            int count = c.input().path("n").asInt(n);
            for (int i = 0; i < count; i++) {
                sink.emit("tick", Json.object().put("i", i));
            }
        }));
    }

    /** Always fails with {@code code}. */
    static Capability failing(String name, ErrorCode code) {
        CapabilityDescriptor d = CapabilityDescriptor.builder(name, "1.0").build();
        return Capability.of(d, CapabilityHandler.unary(c -> {
            throw new HearthNetException(code, "refused on purpose");
        }));
    }

    static ObjectNode text(String text) {
        return Json.object().put("text", text);
    }
}
