package io.hearthnet.api;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.JsonArbitraries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CapabilityDescriptorTest {
    private static final ObjectNode REQUEST = Json.parseObject(
            "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\"}}}");

    /** One schema slot of the builder, for tests that treat the three alike. */
    enum Slot {
        REQUEST("request_schema", CapabilityDescriptor.Builder::requestSchema),
        RESPONSE("response_schema", CapabilityDescriptor.Builder::responseSchema),
        STREAM("stream_schema", CapabilityDescriptor.Builder::streamSchema);

        final String field;
        final BiFunction<CapabilityDescriptor.Builder, JsonNode, CapabilityDescriptor.Builder> setter;

        Slot(String field, BiFunction<CapabilityDescriptor.Builder, JsonNode, CapabilityDescriptor.Builder> setter) {
            this.field = field;
            this.setter = setter;
        }
    }

    private static CapabilityDescriptor.Builder chatSend() {
        return CapabilityDescriptor.builder("chat.send", "1.2");
    }

    /** The contract's schema hash, computed here without the descriptor. */
    private static String expectedHash(String name, String version, JsonNode request, JsonNode response, JsonNode stream) {
        ObjectNode hashed = Json.object();
        hashed.put("name", name);
        hashed.put("version", version);
        hashed.set("request_schema", request == null ? NullNode.instance : request);
        hashed.set("response_schema", response == null ? NullNode.instance : response);
        hashed.set("stream_schema", stream == null ? NullNode.instance : stream);
        return Blake3.hashCanonical(hashed);
    }

    @Test
    void defaults() {
        CapabilityDescriptor d = chatSend().build();
        assertThat(d.name()).isEqualTo("chat.send");
        assertThat(d.version()).isEqualTo(Version.of(1, 2));
        assertThat(d.id()).isEqualTo("chat.send@1.2");
        assertThat(d.stability()).isEqualTo(Stability.STABLE);
        assertThat(d.description()).isEmpty();
        assertThat(d.requestSchema()).isEmpty();
        assertThat(d.responseSchema()).isEmpty();
        assertThat(d.streamSchema()).isEmpty();
        assertThat(d.streaming()).isFalse();
        assertThat(d.params()).isEqualTo(Json.object());
        assertThat(d.maxConcurrent()).isEqualTo(CapabilityDescriptor.DEFAULT_MAX_CONCURRENT).isEqualTo(8);
        assertThat(d.trustRequired()).isEqualTo(TrustLevel.MEMBER);
        assertThat(d.timeout()).isEqualTo(CapabilityDescriptor.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.idempotent()).isFalse();
        assertThat(d.requiresInternet()).isFalse();
        assertThat(d.toString()).contains("chat.send@1.2", d.schemaHash());
    }

    @Test
    void everySetterIsKept() {
        CapabilityDescriptor d = CapabilityDescriptor.builder("llm.chat", Version.of(2, 0))
                .stability(Stability.BETA).description("chat with a model")
                .requestSchema(REQUEST).responseSchema(Json.object().put("type", "object"))
                .streamSchema(Json.object().put("type", "object").put("title", "token"))
                .params(Json.object().put("model", "llama3")).maxConcurrent(2).trustRequired(TrustLevel.TRUSTED)
                .timeout(Duration.ofMinutes(2)).idempotent(true).requiresInternet(true).build();
        assertThat(d.stability()).isEqualTo(Stability.BETA);
        assertThat(d.description()).isEqualTo("chat with a model");
        assertThat(d.requestSchema()).contains(REQUEST);
        assertThat(d.responseSchema()).contains(Json.object().put("type", "object"));
        assertThat(d.streamSchema()).contains(Json.object().put("type", "object").put("title", "token"));
        assertThat(d.streaming()).isTrue();
        assertThat(d.params()).isEqualTo(Json.object().put("model", "llama3"));
        assertThat(d.maxConcurrent()).isEqualTo(2);
        assertThat(d.trustRequired()).isEqualTo(TrustLevel.TRUSTED);
        assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.idempotent()).isTrue();
        assertThat(d.requiresInternet()).isTrue();
        assertThat(d.toBuilder().build()).isEqualTo(d).hasSameHashCodeAs(d);
    }

    @Test
    void namesAndVersionsAreChecked() {
        fails(ErrorCode.NAMESPACE_VIOLATION, "reserved", () -> CapabilityDescriptor.builder("ocr.read", "1.0"));
        fails(ErrorCode.NAMESPACE_VIOLATION, "outside", () -> CapabilityDescriptor.builder("weather.today", "1.0"));
        fails(ErrorCode.BAD_REQUEST, "lower-case", () -> CapabilityDescriptor.builder("Chat.send", "1.0"));
        fails(ErrorCode.BAD_REQUEST, "capability name is missing", () -> CapabilityDescriptor.builder(null, "1.0"));
        fails(ErrorCode.BAD_REQUEST, "version must look like", () -> CapabilityDescriptor.builder("chat.send", "1"));
        fails(ErrorCode.BAD_REQUEST, "version is missing", () -> CapabilityDescriptor.builder("chat.send", (String) null));
        assertThat(CapabilityDescriptor.builder("experimental.weather", "0.1").build().id()).isEqualTo("experimental.weather@0.1");
    }

    @Test
    void limitsAreChecked() {
        fails(ErrorCode.BAD_REQUEST, "maxConcurrent must be at least 1, got 0", () -> chatSend().maxConcurrent(0));
        fails(ErrorCode.BAD_REQUEST, "maxConcurrent must be at least 1, got -5", () -> chatSend().maxConcurrent(-5));
        assertThat(chatSend().maxConcurrent(1).build().maxConcurrent()).isEqualTo(1);
        fails(ErrorCode.BAD_REQUEST, "timeout must be positive, got PT0S", () -> chatSend().timeout(Duration.ZERO));
        fails(ErrorCode.BAD_REQUEST, "timeout must be positive, got PT-1S", () -> chatSend().timeout(Duration.ofSeconds(-1)));
        fails(ErrorCode.BAD_REQUEST, "timeout must be positive, got null", () -> chatSend().timeout(null));
        assertThat(chatSend().timeout(Duration.ofNanos(1)).build().timeout()).isEqualTo(Duration.ofNanos(1));
    }

    static Stream<Arguments> nonObjects() {
        return Stream.of(
                Arguments.of(Json.parse("[{\"type\":\"object\"}]"), "array"),
                Arguments.of(TextNode.valueOf("{\"type\":\"object\"}"), "string"),
                Arguments.of(Json.parse("42"), "number"),
                Arguments.of(Json.parse("true"), "boolean"));
    }

    @ParameterizedTest
    @MethodSource("nonObjects")
    void nonObjectSchemasAreBadRequests(JsonNode schema, String type) {
        for (Slot slot : Slot.values()) {
            String what = slot.field.replace('_', ' ');
            fails(ErrorCode.BAD_REQUEST, what + " must be a JSON object, got " + type,
                    () -> slot.setter.apply(chatSend(), schema));
        }
        fails(ErrorCode.BAD_REQUEST, "params must be a JSON object, got " + type, () -> chatSend().params(schema));
    }

    @Test
    void nullSchemasMeanAbsentAndNullParamsAreBadRequests() {
        for (Slot slot : Slot.values()) {
            CapabilityDescriptor.Builder b = slot.setter.apply(chatSend(), REQUEST);
            assertThat(slot.setter.apply(b, null).build()).isEqualTo(chatSend().build());
            assertThat(slot.setter.apply(b, NullNode.instance).build().schemaHash()).isEqualTo(chatSend().build().schemaHash());
        }
        fails(ErrorCode.BAD_REQUEST, "params must be a JSON object, got nothing", () -> chatSend().params(null));
        fails(ErrorCode.BAD_REQUEST, "params must be a JSON object, got null", () -> chatSend().params(NullNode.instance));
    }

    @Test
    void schemaHashIsBlake3OfTheCanonicalContractObject() {
        CapabilityDescriptor d = chatSend().requestSchema(Json.parseObject("{\"type\":\"object\"}")).build();
        // Written out by hand: keys sorted, no whitespace, absent schemas as null.
        String canonical = "{\"name\":\"chat.send\",\"request_schema\":{\"type\":\"object\"},"
                + "\"response_schema\":null,\"stream_schema\":null,\"version\":\"1.2\"}";
        String expected = "blake3:" + HexFormat.of().formatHex(
                org.apache.commons.codec.digest.Blake3.hash(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.schemaHash()).isEqualTo(expected);
        assertThat(Blake3.isHash(d.schemaHash())).isTrue();
    }

    @Test
    void schemaHashCoversNameAndVersionButNotTheRest() {
        String base = chatSend().build().schemaHash();
        assertThat(base).isEqualTo(expectedHash("chat.send", "1.2", null, null, null));
        assertThat(CapabilityDescriptor.builder("chat.sent", "1.2").build().schemaHash()).isNotEqualTo(base);
        assertThat(CapabilityDescriptor.builder("chat.send", "1.3").build().schemaHash()).isNotEqualTo(base);
        assertThat(chatSend().description("x").params(Json.object().put("a", 1)).maxConcurrent(1)
                .trustRequired(TrustLevel.ANCHOR).stability(Stability.EXPERIMENTAL).timeout(Duration.ofSeconds(1))
                .idempotent(true).requiresInternet(true).build().schemaHash()).isEqualTo(base);
        assertThat(chatSend().requestSchema(Json.object()).build().schemaHash())
                .as("an empty schema is not an absent one").isNotEqualTo(base)
                .isEqualTo(expectedHash("chat.send", "1.2", Json.object(), null, null));
    }

    @Provide
    Arbitrary<ObjectNode> schemas() {
        return JsonArbitraries.objects(2);
    }

    @Property
    void schemaHashMatchesTheContractForAnySchemas(@ForAll("schemas") ObjectNode request,
                                                   @ForAll("schemas") ObjectNode response,
                                                   @ForAll("schemas") ObjectNode stream) {
        CapabilityDescriptor d = chatSend().requestSchema(request).responseSchema(response).streamSchema(stream).build();
        assertThat(d.schemaHash()).isEqualTo(expectedHash("chat.send", "1.2", request, response, stream));
    }

    @Property
    void schemaHashIgnoresKeyOrder(@ForAll("schemas") ObjectNode schema) {
        ObjectNode reversed = reverseKeys(schema);
        List<String> names = fieldNames(schema);
        Collections.reverse(names);
        assertThat(fieldNames(reversed)).isEqualTo(names);
        for (Slot slot : Slot.values()) {
            assertThat(slot.setter.apply(chatSend(), reversed).build().schemaHash())
                    .isEqualTo(slot.setter.apply(chatSend(), schema).build().schemaHash());
        }
    }

    @Property
    void schemaHashChangesWhenAnySchemaChanges(@ForAll("schemas") ObjectNode before, @ForAll("schemas") ObjectNode after,
                                               @ForAll Slot slot) {
        String hashBefore = slot.setter.apply(chatSend(), before).build().schemaHash();
        String hashAfter = slot.setter.apply(chatSend(), after).build().schemaHash();
        assertThat(hashAfter.equals(hashBefore)).isEqualTo(after.equals(before));
    }

    @Property
    void theSameSchemaInAnotherSlotHashesDifferently(@ForAll("schemas") ObjectNode schema) {
        assertThat(Stream.of(Slot.values()).map(s -> s.setter.apply(chatSend(), schema).build().schemaHash()).distinct())
                .hasSize(3);
    }

    @Test
    void mutatingWhatWentInOrCameOutChangesNothing() {
        ObjectNode schema = REQUEST.deepCopy();
        ObjectNode params = Json.object().put("model", "llama3");
        CapabilityDescriptor.Builder builder = chatSend().requestSchema(schema).responseSchema(schema)
                .streamSchema(schema).params(params);
        CapabilityDescriptor d = builder.build();
        String hash = d.schemaHash();

        schema.put("type", "array");
        ((ObjectNode) schema.get("properties")).removeAll();
        params.put("model", "gpt");
        d.requestSchema().orElseThrow().put("extra", 1);
        d.responseSchema().orElseThrow().removeAll();
        d.streamSchema().orElseThrow().put("type", "null");
        d.params().put("model", "other");

        assertThat(d.requestSchema()).contains(REQUEST);
        assertThat(d.responseSchema()).contains(REQUEST);
        assertThat(d.streamSchema()).contains(REQUEST);
        assertThat(d.params()).isEqualTo(Json.object().put("model", "llama3"));
        assertThat(d.schemaHash()).isEqualTo(hash).isEqualTo(expectedHash("chat.send", "1.2", REQUEST, REQUEST, REQUEST));
        assertThat(builder.build()).isEqualTo(d);
        assertThat(d.toBuilder().build().schemaHash()).isEqualTo(hash);
    }

    @Test
    void toBuilderLeavesTheOriginalAlone() {
        CapabilityDescriptor d = chatSend().requestSchema(REQUEST).build();
        CapabilityDescriptor changed = d.toBuilder().requestSchema(Json.object()).maxConcurrent(1).build();
        assertThat(d.requestSchema()).contains(REQUEST);
        assertThat(d.maxConcurrent()).isEqualTo(8);
        assertThat(changed).isNotEqualTo(d);
    }

    @Test
    void equalityCoversEveryProperty() {
        CapabilityDescriptor d = chatSend().requestSchema(REQUEST).build();
        CapabilityDescriptor same = chatSend().requestSchema(REQUEST.deepCopy()).build();
        assertThat(same).isEqualTo(d).hasSameHashCodeAs(d);
        assertThat(d).isNotEqualTo(null).isNotEqualTo("chat.send@1.2");
        List<CapabilityDescriptor> variants = new ArrayList<>(List.of(
                CapabilityDescriptor.builder("chat.sent", "1.2").requestSchema(REQUEST).build(),
                CapabilityDescriptor.builder("chat.send", "1.3").requestSchema(REQUEST).build(),
                d.toBuilder().requestSchema(null).build(),
                d.toBuilder().responseSchema(REQUEST).build(),
                d.toBuilder().stability(Stability.BETA).build(),
                d.toBuilder().description("other").build(),
                d.toBuilder().params(Json.object().put("model", "x")).build(),
                d.toBuilder().maxConcurrent(9).build(),
                d.toBuilder().trustRequired(TrustLevel.ANCHOR).build(),
                d.toBuilder().timeout(Duration.ofSeconds(31)).build(),
                d.toBuilder().idempotent(true).build(),
                d.toBuilder().requiresInternet(true).build()));
        for (CapabilityDescriptor v : variants) {
            assertThat(v).as("%s", v).isNotEqualTo(d);
            assertThat(d).isNotEqualTo(v);
        }
    }

    private static ObjectNode reverseKeys(ObjectNode o) {
        ObjectNode copy = Json.object();
        List<String> names = fieldNames(o);
        Collections.reverse(names);
        for (String name : names) {
            JsonNode value = o.get(name);
            copy.set(name, value instanceof ObjectNode inner ? reverseKeys(inner) : value.deepCopy());
        }
        return copy;
    }

    private static List<String> fieldNames(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
