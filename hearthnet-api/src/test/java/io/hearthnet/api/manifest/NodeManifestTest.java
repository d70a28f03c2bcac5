package io.hearthnet.api.manifest;

import static io.hearthnet.api.manifest.Manifests.KEYS;
import static io.hearthnet.api.manifest.Manifests.capability;
import static io.hearthnet.api.manifest.Manifests.received;
import static io.hearthnet.api.manifest.Manifests.resigned;
import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Profile;
import io.hearthnet.api.Stability;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.SignedJson;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeManifestTest {
    private static final Instant ISSUED = Instant.parse("2026-03-01T12:00:00.123Z");

    private final ManualClock clock = new ManualClock(ISSUED);

    private static Arguments edit(String what, Consumer<ObjectNode> edit) {
        return Arguments.of(what, edit);
    }

    @Test
    void issueWriteReadVerifyRoundTrips() {
        NodeManifest issued = Manifests.issue(clock);
        NodeManifest read = NodeManifest.fromJson(received(issued)).verify(clock);

        assertThat(read).isEqualTo(issued).hasSameHashCodeAs(issued);
        assertThat(read.nodeId()).isEqualTo(KEYS.nodeId());
        assertThat(read.displayName()).isEqualTo("Alice's laptop");
        assertThat(read.communityId()).isEqualTo("home");
        assertThat(read.profile()).isEqualTo(Profile.FULL);
        assertThat(read.endpoints()).containsExactly(Endpoint.parse("http://127.0.0.1:7080"), Endpoint.parse("mem://alice"));
        assertThat(read.capabilities()).containsExactly(ManifestCapability.of(Manifests.CHAT), ManifestCapability.of(Manifests.LLM));
        assertThat(read.load()).isEqualTo(0.25);
        assertThat(read.issuedAt()).isEqualTo(ISSUED);
        assertThat(read.expiresAt()).isEqualTo(ISSUED.plusSeconds(30));
        assertThat(read.signature()).startsWith("ed25519:").isEqualTo(issued.signature());
        assertThat(read.toString()).contains(KEYS.nodeId().shortForm(), "Alice's laptop", "2 capabilities");
    }

    @Test
    void theJsonHasTheContractFields() {
        ObjectNode json = Manifests.issue(clock).toJson();
        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyInAnyOrder("node_id",
                "display_name", "community_id", "profile", "endpoints", "capabilities", "load", "issued_at",
                "expires_at", "signature");
        assertThat(json.get("node_id").asText()).isEqualTo(KEYS.nodeId().value());
        assertThat(json.get("profile").asText()).isEqualTo("full");
        assertThat(json.get("issued_at").asText()).isEqualTo("2026-03-01T12:00:00.123Z");
        assertThat(json.get("expires_at").asText()).isEqualTo("2026-03-01T12:00:30.123Z");
        assertThat(json.get("endpoints")).hasSize(2);
        assertThat(capability(json, 0).get("name").asText()).isEqualTo("chat.send");
        assertThat(capability(json, 0).get("schema_hash").asText()).isEqualTo(Manifests.CHAT.schemaHash());
        ObjectNode unsigned = json.deepCopy();
        unsigned.remove("signature");
        assertThat(KEYS.signToString(CanonicalJson.bytes(unsigned))).isEqualTo(json.get("signature").asText());
    }

    @Test
    void issueTimeIsCutToMillis() {
        clock.set(Instant.parse("2026-03-01T12:00:00.123456789Z"));
        NodeManifest m = Manifests.issue(clock);
        assertThat(m.issuedAt()).isEqualTo(ISSUED);
        assertThat(m.toJson().get("issued_at").asText()).isEqualTo("2026-03-01T12:00:00.123Z");
        assertThat(NodeManifest.fromJson(m.toJson()).verify(clock)).isEqualTo(m);
    }

    @Test
    void defaultsOfTheBuilder() {
        NodeManifest m = NodeManifest.builder().communityId("home").issue(KEYS, clock).verify(clock);
        assertThat(m.displayName()).isEmpty();
        assertThat(m.profile()).isEqualTo(Profile.STANDARD);
        assertThat(m.endpoints()).isEmpty();
        assertThat(m.capabilities()).isEmpty();
        assertThat(m.load()).isZero();
        assertThat(Duration.between(m.issuedAt(), m.expiresAt())).isEqualTo(NodeManifest.DEFAULT_TTL).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void builderValidation() {
        fails(ErrorCode.BAD_REQUEST, "a manifest needs a community id", () -> NodeManifest.builder().issue(KEYS, clock));
        for (double load : new double[] {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            fails(ErrorCode.BAD_REQUEST, "load must be between 0 and 1, got " + load, () -> NodeManifest.builder().load(load));
        }
        assertThat(Manifests.builder().load(1).issue(KEYS, clock).load()).isEqualTo(1);
        fails(ErrorCode.BAD_REQUEST, "ttl must be positive", () -> NodeManifest.builder().ttl(Duration.ZERO));
        fails(ErrorCode.BAD_REQUEST, "ttl must be positive", () -> NodeManifest.builder().ttl(Duration.ofSeconds(-1)));
        fails(ErrorCode.BAD_REQUEST, "ttl must be positive", () -> NodeManifest.builder().ttl(null));
    }

    @Test
    void expiresExactlyThirtySecondsAfterIssue() {
        NodeManifest m = Manifests.issue(clock);
        clock.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(m.verify(clock)).isSameAs(m);
        assertThat(m.isExpired(clock.instant())).isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(m.isExpired(clock.instant())).isTrue();
        fails(ErrorCode.EXPIRED, "manifest of " + KEYS.nodeId().shortForm() + " expired at 2026-03-01T12:00:30.123Z",
                () -> m.verify(clock));
        clock.advance(Duration.ofHours(1));
        fails(ErrorCode.EXPIRED, "expired at", () -> NodeManifest.fromJson(m.toJson()).verify(clock));
    }

    @Test
    void aLongerTtlIsHonoured() {
        NodeManifest m = Manifests.builder().ttl(Duration.ofMinutes(5)).issue(KEYS, clock);
        clock.advance(Duration.ofMinutes(4));
        assertThat(NodeManifest.fromJson(received(m)).verify(clock).expiresAt()).isEqualTo(ISSUED.plusSeconds(300));
        clock.advance(Duration.ofMinutes(1));
        fails(ErrorCode.EXPIRED, "expired", () -> m.verify(clock));
    }

    @Test
    void aManifestFromTooFarInTheFutureIsRefused() {
        NodeManifest m = Manifests.issue(clock);
        clock.set(ISSUED.minus(NodeManifest.MAX_CLOCK_SKEW));
        assertThat(m.verify(clock)).isSameAs(m);
        clock.set(ISSUED.minus(NodeManifest.MAX_CLOCK_SKEW).minusMillis(1));
        fails(ErrorCode.EXPIRED, "is issued at 2026-03-01T12:00:00.123Z, more than 60 s in the future", () -> m.verify(clock));
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                edit("display name", j -> j.put("display_name", "Mallory")),
                edit("community", j -> j.put("community_id", "elsewhere")),
                edit("profile", j -> j.put("profile", "light")),
                edit("load", j -> j.put("load", 0.0)),
                edit("expiry extended", j -> j.put("expires_at", "2026-03-01T13:00:00.123Z")),
                edit("endpoint added", j -> j.withArray("endpoints").add("http://10.0.0.66:7080")),
                edit("endpoint removed", j -> j.withArray("endpoints").remove(1)),
                edit("capability removed", j -> j.withArray("capabilities").remove(0)),
                edit("capability made bigger", j -> capability(j, 0).put("max_concurrent", 400)),
                edit("capability param changed", j -> ((ObjectNode) capability(j, 1).get("params")).put("model", "gpt")),
                edit("unsigned field added", j -> j.put("extra", true)),
                edit("node id replaced", j -> j.put("node_id", TestKeys.BOB.nodeId().value())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void aChangeAfterSigningIsAnInvalidSignature(String what, Consumer<ObjectNode> edit) {
        ObjectNode json = received(Manifests.issue(clock));
        edit.accept(json);
        NodeManifest read = NodeManifest.fromJson(json);
        fails(ErrorCode.INVALID_SIGNATURE, "signature does not match", () -> read.verify(clock));
    }

    @Test
    void aSignatureOfAnotherKeyIsInvalid() {
        ObjectNode json = resigned(received(Manifests.issue(clock)), TestKeys.BOB);
        NodeManifest read = NodeManifest.fromJson(json);
        assertThat(read.nodeId()).isEqualTo(KEYS.nodeId());
        fails(ErrorCode.INVALID_SIGNATURE, "for signer " + KEYS.nodeId().value(), () -> read.verify(clock));
        assertThat(NodeManifest.fromJson(resigned(json, KEYS)).verify(clock).nodeId()).isEqualTo(KEYS.nodeId());
    }

    @Test
    void signatureIsCheckedBeforeExpiry() {
        ObjectNode json = received(Manifests.issue(clock));
        json.put("display_name", "Mallory");
        clock.advance(Duration.ofMinutes(5));
        fails(ErrorCode.INVALID_SIGNATURE, "signature", () -> NodeManifest.fromJson(json).verify(clock));
    }

    @Test
    void unknownFieldsAreKeptAndStillVerify() {
        ObjectNode json = received(Manifests.issue(clock));
        json.putObject("future_field").put("x", 1);
        capability(json, 0).put("future_cap_field", "y");
        NodeManifest read = NodeManifest.fromJson(Json.parseObject(Json.write(resigned(json, KEYS)))).verify(clock);
        assertThat(read.toJson().get("future_field")).isEqualTo(Json.object().put("x", 1));
        assertThat(capability(read.toJson(), 0).get("future_cap_field").asText()).isEqualTo("y");
        assertThat(NodeManifest.fromJson(read.toJson()).verify(clock)).isEqualTo(read);
    }

    @Test
    void jsonOutIsACopy() {
        NodeManifest m = Manifests.issue(clock);
        m.toJson().put("display_name", "Mallory");
        ObjectNode in = received(m);
        NodeManifest read = NodeManifest.fromJson(in);
        in.put("display_name", "Mallory");
        assertThat(m.verify(clock).displayName()).isEqualTo("Alice's laptop");
        assertThat(read.verify(clock).toJson().get("display_name").asText()).isEqualTo("Alice's laptop");
        assertThatThrownBy(() -> read.endpoints().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> read.capabilities().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityFollowsTheSignedJson() {
        NodeManifest a = Manifests.issue(clock);
        assertThat(NodeManifest.fromJson(a.toJson())).isEqualTo(a);
        clock.advance(Duration.ofMillis(1));
        assertThat(Manifests.issue(clock)).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(null).isNotEqualTo(a.toJson());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                edit("node id missing", j -> j.remove("node_id")),
                edit("node id a number", j -> j.put("node_id", 5)),
                edit("node id not a key", j -> j.put("node_id", "ed25519:abc")),
                edit("node id short form", j -> j.put("node_id", KEYS.nodeId().shortForm())),
                edit("display name missing", j -> j.remove("display_name")),
                edit("display name null", j -> j.putNull("display_name")),
                edit("community missing", j -> j.remove("community_id")),
                edit("community an object", j -> j.putObject("community_id")),
                edit("profile missing", j -> j.remove("profile")),
                edit("profile unknown", j -> j.put("profile", "huge")),
                edit("profile upper case", j -> j.put("profile", "FULL")),
                edit("endpoints missing", j -> j.remove("endpoints")),
                edit("endpoints a string", j -> j.put("endpoints", "http://127.0.0.1:7080")),
                edit("endpoint a number", j -> j.withArray("endpoints").add(7080)),
                edit("endpoint relative", j -> j.withArray("endpoints").add("127.0.0.1")),
                edit("endpoint empty", j -> j.withArray("endpoints").add("")),
                edit("endpoint malformed", j -> j.withArray("endpoints").add("http://bad host")),
                edit("capabilities missing", j -> j.remove("capabilities")),
                edit("capabilities an object", j -> j.putObject("capabilities")),
                edit("capability a string", j -> j.withArray("capabilities").add("chat.send@1.0")),
                edit("capability null", j -> j.withArray("capabilities").addNull()),
                edit("capability without name", j -> capability(j, 0).remove("name")),
                edit("capability name bad", j -> capability(j, 0).put("name", "Chat")),
                edit("capability without version", j -> capability(j, 0).remove("version")),
                edit("capability version bad", j -> capability(j, 0).put("version", "1")),
                edit("capability version a number", j -> capability(j, 0).put("version", 1.2)),
                edit("capability stability unknown", j -> capability(j, 0).put("stability", "solid")),
                edit("capability without schema hash", j -> capability(j, 0).remove("schema_hash")),
                edit("capability schema hash bad", j -> capability(j, 0).put("schema_hash", "blake3:XYZ")),
                edit("capability params an array", j -> capability(j, 0).putArray("params")),
                edit("capability params null", j -> capability(j, 0).putNull("params")),
                edit("capability max concurrent zero", j -> capability(j, 0).put("max_concurrent", 0)),
                edit("capability max concurrent a string", j -> capability(j, 0).put("max_concurrent", "8")),
                edit("capability max concurrent a fraction", j -> capability(j, 0).put("max_concurrent", 2.5)),
                edit("capability max concurrent too big", j -> capability(j, 0).put("max_concurrent", 1L << 40)),
                edit("capability streaming a string", j -> capability(j, 0).put("streaming", "true")),
                edit("capability idempotent a number", j -> capability(j, 0).put("idempotent", 1)),
                edit("load missing", j -> j.remove("load")),
                edit("load a string", j -> j.put("load", "0.5")),
                edit("load negative", j -> j.put("load", -0.1)),
                edit("load above one", j -> j.put("load", 1.5)),
                edit("issued at missing", j -> j.remove("issued_at")),
                edit("issued at a number", j -> j.put("issued_at", 1772366400)),
                edit("issued at not a time", j -> j.put("issued_at", "yesterday")),
                edit("issued at without zone", j -> j.put("issued_at", "2026-03-01T12:00:00")),
                edit("expires at missing", j -> j.remove("expires_at")),
                edit("expires before issued", j -> j.put("expires_at", "2026-03-01T11:59:00Z")),
                edit("expires when issued", j -> j.put("expires_at", j.get("issued_at").asText())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedManifestsAreBadRequests(String what, Consumer<ObjectNode> edit) {
        ObjectNode json = received(Manifests.issue(clock));
        edit.accept(json);
        HearthNetException e = fails(ErrorCode.BAD_REQUEST, () -> NodeManifest.fromJson(json));
        assertThat(e.getMessage()).isNotBlank();
        HearthNetException evenSigned = fails(ErrorCode.BAD_REQUEST, () -> NodeManifest.fromJson(resigned(json, KEYS)));
        assertThat(evenSigned.getMessage()).isEqualTo(e.getMessage());
    }

    @Test
    void malformedMessagesNameTheField() {
        ObjectNode json = received(Manifests.issue(clock));
        json.remove("community_id");
        fails(ErrorCode.BAD_REQUEST, "manifest field 'community_id' must be a string", () -> NodeManifest.fromJson(json));
        ObjectNode time = received(Manifests.issue(clock));
        time.put("issued_at", "yesterday");
        fails(ErrorCode.BAD_REQUEST, "manifest field 'issued_at' must be an RFC 3339 UTC time, got 'yesterday'",
                () -> NodeManifest.fromJson(time));
        ObjectNode load = received(Manifests.issue(clock));
        load.put("load", 3);
        fails(ErrorCode.BAD_REQUEST, "manifest load must be between 0 and 1, got 3.0", () -> NodeManifest.fromJson(load));
        ObjectNode order = received(Manifests.issue(clock));
        order.put("expires_at", "2026-03-01T11:59:00Z");
        fails(ErrorCode.BAD_REQUEST, "manifest expires_at must be after issued_at", () -> NodeManifest.fromJson(order));
        ObjectNode endpoints = received(Manifests.issue(clock));
        endpoints.withArray("endpoints").add(1);
        fails(ErrorCode.BAD_REQUEST, "manifest endpoints must be URI strings", () -> NodeManifest.fromJson(endpoints));
    }

    @Test
    void aMissingSignatureIsAnInvalidSignature() {
        ObjectNode json = received(Manifests.issue(clock));
        json.remove(SignedJson.FIELD);
        fails(ErrorCode.INVALID_SIGNATURE, "manifest has no signature", () -> NodeManifest.fromJson(json));
        json.put(SignedJson.FIELD, 12);
        fails(ErrorCode.INVALID_SIGNATURE, "manifest has no signature", () -> NodeManifest.fromJson(json));
        json.put(SignedJson.FIELD, "ed25519:AAAA");
        fails(ErrorCode.INVALID_SIGNATURE, "signature", () -> NodeManifest.fromJson(json).verify(clock));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "\"manifest\"", "42"})
    void aManifestIsAnObject(String json) {
        fails(ErrorCode.BAD_REQUEST, "manifest must be a JSON object", () -> NodeManifest.fromJson(Json.parse(json)));
    }

    @Test
    void nothingIsNotAManifest() {
        fails(ErrorCode.BAD_REQUEST, "manifest must be a JSON object, got nothing", () -> NodeManifest.fromJson((JsonNode) null));
    }

    @Test
    void capabilitiesReadBackAsWritten() {
        ManifestCapability chat = NodeManifest.fromJson(received(Manifests.issue(clock))).capabilities().get(0);
        assertThat(chat.name()).isEqualTo("chat.send");
        assertThat(chat.version()).isEqualTo(Version.of(1, 2));
        assertThat(chat.stability()).isEqualTo(Stability.STABLE);
        assertThat(chat.maxConcurrent()).isEqualTo(4);
        assertThat(chat.idempotent()).isTrue();
        assertThat(chat.streaming()).isFalse();
        assertThat(List.of(chat.id())).containsExactly("chat.send@1.2");
    }
}
