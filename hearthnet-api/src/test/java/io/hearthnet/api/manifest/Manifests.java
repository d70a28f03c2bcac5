package io.hearthnet.api.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.Profile;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.SignedJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.TestKeys;
import java.time.Clock;
import java.util.List;

/** A typical manifest of node "Alice" and ways to doctor its JSON. */
final class Manifests {
    static final NodeKeyPair KEYS = TestKeys.ALICE;
    static final CapabilityDescriptor CHAT = CapabilityDescriptor.builder("chat.send", "1.2")
            .requestSchema(Json.object().put("type", "object")).maxConcurrent(4).idempotent(true).build();
    static final CapabilityDescriptor LLM = CapabilityDescriptor.builder("llm.chat", "2.0")
            .streamSchema(Json.object().put("type", "object")).params(Json.object().put("model", "llama3")).build();

    private Manifests() {}

    static NodeManifest.Builder builder() {
        return NodeManifest.builder().displayName("Alice's laptop").communityId("home").profile(Profile.FULL)
                .endpoints(List.of(Endpoint.parse("http://127.0.0.1:7080"), Endpoint.parse("mem://alice")))
                .capabilities(List.of(ManifestCapability.of(CHAT), ManifestCapability.of(LLM))).load(0.25);
    }

    static NodeManifest issue(Clock clock) {
        return builder().issue(KEYS, clock);
    }

    /** The manifest's JSON as another node receives it (written and parsed again). */
    static ObjectNode received(NodeManifest m) {
        return Json.parseObject(Json.write(m.toJson()));
    }

    /** The JSON signed again by {@code keys}, as a node that means it would. */
    static ObjectNode resigned(ObjectNode json, NodeKeyPair keys) {
        return SignedJson.sign(keys, json);
    }

    /** Capability entry {@code i} of the JSON. */
    static ObjectNode capability(ObjectNode json, int i) {
        return (ObjectNode) json.get("capabilities").get(i);
    }
}
