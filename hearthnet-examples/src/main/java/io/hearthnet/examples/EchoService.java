package io.hearthnet.examples;

import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.Service;
import java.util.List;

/** The demo service of the example node: {@code experimental.echo@1.0} returns its input text. */
public final class EchoService implements Service {
    /** The demo capability's descriptor: {@code {"text": string}} in, the same out. */
    public static final CapabilityDescriptor ECHO = CapabilityDescriptor.builder("experimental.echo", "1.0")
            .description("Returns the text it is given.")
            .requestSchema(Json.parseObject("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                    + "\"required\":[\"text\"],\"additionalProperties\":false}"))
            .responseSchema(Json.parseObject("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                    + "\"required\":[\"text\"]}"))
            .idempotent(true)
            .maxConcurrent(64)
            .build();

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public Version version() {
        return Version.of(1, 0);
    }

    @Override
    public List<Capability> capabilities() {
        return List.of(Capability.of(ECHO, CapabilityHandler.unary(
                call -> Json.object().put("text", call.input().get("text").asText()))));
    }
}
