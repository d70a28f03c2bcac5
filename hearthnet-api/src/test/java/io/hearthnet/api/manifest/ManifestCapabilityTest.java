package io.hearthnet.api.manifest;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Stability;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Json;
import org.junit.jupiter.api.Test;

class ManifestCapabilityTest {
    private static final String HASH = "blake3:" + "0f".repeat(32);

    private static ManifestCapability chat(ObjectNode params, int maxConcurrent) {
        return new ManifestCapability("chat.send", Version.of(1, 0), Stability.BETA, HASH, params, maxConcurrent, true, false);
    }

    @Test
    void summarisesADescriptor() {
        CapabilityDescriptor d = Manifests.LLM.toBuilder().stability(Stability.EXPERIMENTAL).maxConcurrent(3)
                .idempotent(true).build();
        ManifestCapability c = ManifestCapability.of(d);
        assertThat(c.name()).isEqualTo("llm.chat");
        assertThat(c.version()).isEqualTo(Version.of(2, 0));
        assertThat(c.id()).isEqualTo("llm.chat@2.0").isEqualTo(d.id());
        assertThat(c.stability()).isEqualTo(Stability.EXPERIMENTAL);
        assertThat(c.schemaHash()).isEqualTo(d.schemaHash());
        assertThat(c.params()).isEqualTo(Json.object().put("model", "llama3"));
        assertThat(c.maxConcurrent()).isEqualTo(3);
        assertThat(c.streaming()).isTrue();
        assertThat(c.idempotent()).isTrue();
        assertThat(c.timeout()).isEqualTo(d.timeout());
        assertThat(ManifestCapability.of(d.toBuilder().timeout(java.time.Duration.ofMinutes(2)).build()).timeout())
                .isEqualTo(java.time.Duration.ofMinutes(2));
    }

    @Test
    void jsonRoundTrips() {
        ManifestCapability c = chat(Json.object().put("room", "r1"), 5);
        ObjectNode json = c.toJson();
        assertThat(Json.write(json)).isEqualTo("{\"name\":\"chat.send\",\"version\":\"1.0\",\"stability\":\"beta\","
                + "\"schema_hash\":\"" + HASH + "\",\"params\":{\"room\":\"r1\"},\"max_concurrent\":5,"
                + "\"streaming\":true,\"idempotent\":false,\"timeout_ms\":30000}");
        assertThat(ManifestCapability.fromJson(Json.parse(Json.write(json)))).isEqualTo(c);
    }

    @Test
    void optionalFieldsDefault() {
        ManifestCapability c = ManifestCapability.fromJson(Json.parseObject(
                "{\"name\":\"chat.send\",\"version\":\"1.0\",\"stability\":\"stable\",\"schema_hash\":\"" + HASH + "\"}"));
        assertThat(c.params()).isEqualTo(Json.object());
        assertThat(c.maxConcurrent()).isEqualTo(1);
        assertThat(c.streaming()).isFalse();
        assertThat(c.idempotent()).isFalse();
        assertThat(c.timeout()).as("a manifest without timeout_ms").isEqualTo(CapabilityDescriptor.DEFAULT_TIMEOUT);
    }

    @Test
    void theTimeoutIsWholePositiveMillisecondsUpToADay() {
        String base = "{\"name\":\"chat.send\",\"version\":\"1.0\",\"stability\":\"stable\",\"schema_hash\":\"" + HASH + "\"";
        assertThat(ManifestCapability.fromJson(Json.parseObject(base + ",\"timeout_ms\":120000}")).timeout())
                .isEqualTo(java.time.Duration.ofMinutes(2));
        fails(ErrorCode.BAD_REQUEST, "whole milliseconds", () -> ManifestCapability.fromJson(Json.parseObject(base + ",\"timeout_ms\":\"5s\"}")));
        fails(ErrorCode.BAD_REQUEST, "whole milliseconds", () -> ManifestCapability.fromJson(Json.parseObject(base + ",\"timeout_ms\":1.5}")));
        fails(ErrorCode.BAD_REQUEST, "1 ms to 24 h", () -> ManifestCapability.fromJson(Json.parseObject(base + ",\"timeout_ms\":0}")));
        fails(ErrorCode.BAD_REQUEST, "1 ms to 24 h", () -> ManifestCapability.fromJson(Json.parseObject(base + ",\"timeout_ms\":86400001}")));
    }

    @Test
    void componentsAreValidated() {
        fails(ErrorCode.NAMESPACE_VIOLATION, "reserved", () -> new ManifestCapability("ocr.read", Version.of(1, 0),
                Stability.STABLE, HASH, Json.object(), 1, false, false));
        fails(ErrorCode.BAD_REQUEST, "capability name is missing", () -> new ManifestCapability(null, Version.of(1, 0),
                Stability.STABLE, HASH, Json.object(), 1, false, false));
        fails(ErrorCode.BAD_REQUEST, "schema_hash of chat.send must be blake3:<64 hex>, got blake3:ABC",
                () -> new ManifestCapability("chat.send", Version.of(1, 0), Stability.STABLE, "blake3:ABC", Json.object(), 1, false, false));
        fails(ErrorCode.BAD_REQUEST, "got null", () -> new ManifestCapability("chat.send", Version.of(1, 0),
                Stability.STABLE, null, Json.object(), 1, false, false));
        fails(ErrorCode.BAD_REQUEST, "max_concurrent of chat.send must be at least 1", () -> chat(Json.object(), 0));
        assertThatNullPointerException().isThrownBy(() -> new ManifestCapability("chat.send", null,
                Stability.STABLE, HASH, Json.object(), 1, false, false)).withMessage("version");
        assertThatNullPointerException().isThrownBy(() -> chat(null, 1)).withMessage("params");
    }

    @Test
    void wrongTypesAreBadRequestsNotDefaults() {
        String base = "{\"name\":\"chat.send\",\"version\":\"1.0\",\"stability\":\"stable\",\"schema_hash\":\"" + HASH + "\",";
        fails(ErrorCode.BAD_REQUEST, "max_concurrent", () -> ManifestCapability.fromJson(Json.parse(base + "\"max_concurrent\":\"8\"}")));
        fails(ErrorCode.BAD_REQUEST, "max_concurrent", () -> ManifestCapability.fromJson(Json.parse(base + "\"max_concurrent\":8.5}")));
        fails(ErrorCode.BAD_REQUEST, "max_concurrent", () -> ManifestCapability.fromJson(Json.parse(base + "\"max_concurrent\":4294967296}")));
        fails(ErrorCode.BAD_REQUEST, "streaming", () -> ManifestCapability.fromJson(Json.parse(base + "\"streaming\":\"true\"}")));
        fails(ErrorCode.BAD_REQUEST, "idempotent", () -> ManifestCapability.fromJson(Json.parse(base + "\"idempotent\":1}")));
        fails(ErrorCode.BAD_REQUEST, "params must be a JSON object, got array",
                () -> ManifestCapability.fromJson(Json.parse(base + "\"params\":[]}")));
        fails(ErrorCode.BAD_REQUEST, "manifest capability must be a JSON object, got string",
                () -> ManifestCapability.fromJson(Json.parse("\"chat.send\"")));
    }

    @Test
    void paramsAreCopiedInAndOut() {
        ObjectNode params = Json.object().put("room", "r1");
        ManifestCapability c = chat(params, 1);
        params.put("room", "r2");
        c.params().put("room", "r3");
        assertThat(c.params()).isEqualTo(Json.object().put("room", "r1"));
        assertThat(c.toJson().get("params")).isEqualTo(Json.object().put("room", "r1"));
        ((ObjectNode) c.toJson().get("params")).put("room", "r4");
        assertThat(c.params()).isEqualTo(Json.object().put("room", "r1"));
        assertThat(c).isEqualTo(chat(Json.object().put("room", "r1"), 1));
    }
}
