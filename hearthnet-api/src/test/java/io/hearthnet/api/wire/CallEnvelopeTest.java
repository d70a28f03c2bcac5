package io.hearthnet.api.wire;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.api.token.CapabilityToken;
import io.hearthnet.api.token.TokenScope;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CallEnvelopeTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.250Z");
    private static final Duration WINDOW = CallEnvelope.DEFAULT_WINDOW;

    private final ManualClock clock = new ManualClock(NOW);

    private Call call(Duration timeout) {
        return Call.builder("chat.send", Version.of(1, 2), TestKeys.ALICE.nodeId())
                .params(Json.object().put("room", "kitchen")).input(Json.object().put("text", "hello"))
                .traceId("trace-1").sessionId("s-1").deadline(NOW.plus(timeout)).build();
    }

    private CallEnvelope signed() {
        return CallEnvelope.sign(TestKeys.ALICE, "home", call(Duration.ofSeconds(20)), "req-1", clock);
    }

    /** The envelope as the receiver sees it: written, sent, parsed. */
    private static CallEnvelope overTheWire(CallEnvelope e) {
        return CallEnvelope.fromJson(Json.parse(Json.write(e.toJson())));
    }

    @Test
    void signWriteReadVerifyRoundTrips() {
        CallEnvelope sent = signed();
        CallEnvelope received = overTheWire(sent);
        assertThat(received).isEqualTo(sent);
        assertThat(received.verify(clock, WINDOW)).isSameAs(received);
        assertThat(received.capability()).isEqualTo("chat.send");
        assertThat(received.version()).isEqualTo(Version.of(1, 2));
        assertThat(received.requestId()).isEqualTo("req-1");
        assertThat(received.from()).isEqualTo(TestKeys.ALICE.nodeId());
        assertThat(received.community()).isEqualTo("home");
        assertThat(received.timestamp()).isEqualTo("2026-01-01T00:00:00.250Z");
        assertThat(received.body()).isEqualTo(Json.parseObject("{\"params\":{\"room\":\"kitchen\"},\"input\":{\"text\":\"hello\"}}"));
        assertThat(received.traceId()).isEqualTo("trace-1");
        assertThat(received.sessionId()).contains("s-1");
        assertThat(received.timeoutMillis()).isEqualTo(20_000);
        assertThat(received.token()).isEmpty();
        assertThat(received.params()).isEqualTo(Json.object().put("room", "kitchen"));
        assertThat(received.input()).isEqualTo(Json.object().put("text", "hello"));
    }

    @Test
    void theSignatureCoversTheContractFields() {
        CallEnvelope e = signed();
        ObjectNode covered = Json.parseObject("{\"capability\":\"chat.send\",\"version\":\"1.2\",\"request_id\":\"req-1\","
                + "\"from\":\"" + TestKeys.ALICE.nodeId().value() + "\",\"community\":\"home\","
                + "\"timestamp\":\"2026-01-01T00:00:00.250Z\","
                + "\"body\":{\"params\":{\"room\":\"kitchen\"},\"input\":{\"text\":\"hello\"}}}");
        assertThat(CallEnvelope.signedFields(e.capability(), e.version(), e.requestId(), e.from(), e.community(),
                e.timestamp(), e.body())).isEqualTo(covered);
        assertThat(e.signature()).isEqualTo(TestKeys.ALICE.signToString(CanonicalJson.bytes(covered)));
    }

    @Test
    void theTimestampIsCutToMillis() {
        clock.set(Instant.parse("2026-01-01T00:00:00.250999999Z"));
        assertThat(signed().timestamp()).isEqualTo("2026-01-01T00:00:00.250Z");
    }

    @Test
    void aTokenTravelsAndIsDecodedByToCall() {
        CapabilityToken token = CapabilityToken.builder(TestKeys.BOB, TestKeys.ALICE.nodeId()).audienceCommunity("home")
                .scope(TokenScope.of("chat.*")).issue(clock);
        Call withToken = Call.builder("chat.send", Version.of(1, 0), TestKeys.ALICE.nodeId()).token(token)
                .deadline(NOW.plusSeconds(5)).build();
        CallEnvelope received = overTheWire(CallEnvelope.sign(TestKeys.ALICE, "home", withToken, "r", clock));
        assertThat(received.token()).contains(token.encoded());
        assertThat(received.sessionId()).isEmpty();
        assertThat(received.verify(clock, WINDOW).toCall(clock, Duration.ofMinutes(1)).token()).contains(token);
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("input", (Consumer<ObjectNode>) j -> ((ObjectNode) j.get("body").get("input")).put("text", "bye")),
                Arguments.of("params", (Consumer<ObjectNode>) j -> ((ObjectNode) j.get("body").get("params")).put("room", "hall")),
                Arguments.of("body field", (Consumer<ObjectNode>) j -> ((ObjectNode) j.get("body")).put("extra", 1)),
                Arguments.of("capability", (Consumer<ObjectNode>) j -> j.put("capability", "chat.delete")),
                Arguments.of("version", (Consumer<ObjectNode>) j -> j.put("version", "1.3")),
                Arguments.of("request id", (Consumer<ObjectNode>) j -> j.put("request_id", "req-2")),
                Arguments.of("sender", (Consumer<ObjectNode>) j -> j.put("from", TestKeys.BOB.nodeId().value())),
                Arguments.of("community", (Consumer<ObjectNode>) j -> j.put("community", "work")),
                Arguments.of("timestamp", (Consumer<ObjectNode>) j -> j.put("timestamp", "2026-01-01T00:00:01.250Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void aSignedFieldChangedAfterSigningIsAnInvalidSignature(String what, Consumer<ObjectNode> edit) {
        ObjectNode json = signed().toJson();
        edit.accept(json);
        CallEnvelope e = CallEnvelope.fromJson(json);
        fails(ErrorCode.INVALID_SIGNATURE, "signature does not match", () -> e.verify(clock, WINDOW));
    }

    @Test
    void hopMetadataIsNotSigned() {
        ObjectNode json = signed().toJson();
        json.put("trace_id", "other").put("timeout_ms", 5).put("session_id", "s-2");
        CallEnvelope e = CallEnvelope.fromJson(json).verify(clock, WINDOW);
        assertThat(e.traceId()).isEqualTo("other");
        assertThat(e.timeoutMillis()).isEqualTo(5);
    }

    @Test
    void aSignatureByAnotherKeyIsInvalid() {
        CallEnvelope e = signed();
        String bobs = TestKeys.BOB.signToString(CanonicalJson.bytes(CallEnvelope.signedFields(e.capability(), e.version(),
                e.requestId(), e.from(), e.community(), e.timestamp(), e.body())));
        ObjectNode json = e.toJson().put("signature", bobs);
        fails(ErrorCode.INVALID_SIGNATURE, "for signer " + TestKeys.ALICE.nodeId().value(),
                () -> CallEnvelope.fromJson(json).verify(clock, WINDOW));
        ObjectNode junk = e.toJson().put("signature", "ed25519:");
        fails(ErrorCode.INVALID_SIGNATURE, "signature", () -> CallEnvelope.fromJson(junk).verify(clock, WINDOW));
    }

    @Test
    void aTimestampOutsideTheWindowIsExpired() {
        CallEnvelope e = signed();
        clock.set(NOW.plus(Duration.ofMinutes(5)));
        fails(ErrorCode.EXPIRED, "request timestamp 2026-01-01T00:00:00.250Z is 300 s away from the receiver's clock (window ±60 s)",
                () -> e.verify(clock, WINDOW));
        clock.set(NOW.minus(Duration.ofMinutes(5)));
        fails(ErrorCode.EXPIRED, "is 300 s away", () -> e.verify(clock, WINDOW));
        clock.set(NOW.plus(WINDOW));
        assertThat(e.verify(clock, WINDOW)).isSameAs(e);
        clock.set(NOW.minus(WINDOW));
        assertThat(e.verify(clock, WINDOW)).isSameAs(e);
        clock.set(NOW.plus(WINDOW).plusMillis(1));
        fails(ErrorCode.EXPIRED, "window", () -> e.verify(clock, WINDOW));
        clock.set(NOW.minus(WINDOW).minusMillis(1));
        fails(ErrorCode.EXPIRED, "window", () -> e.verify(clock, WINDOW));
        assertThat(e.verify(clock, Duration.ofMinutes(2))).isSameAs(e);
    }

    @Test
    void requestIdsAreBounded() {
        Call c = call(Duration.ofSeconds(5));
        String longest = "r".repeat(CallEnvelope.MAX_REQUEST_ID);
        assertThat(CallEnvelope.sign(TestKeys.ALICE, "home", c, longest, clock).verify(clock, WINDOW).requestId()).isEqualTo(longest);
        CallEnvelope tooLong = CallEnvelope.sign(TestKeys.ALICE, "home", c, longest + "r", clock);
        fails(ErrorCode.BAD_REQUEST, "request id must be 1 to 128 characters", () -> tooLong.verify(clock, WINDOW));
        CallEnvelope empty = CallEnvelope.sign(TestKeys.ALICE, "home", c, "", clock);
        fails(ErrorCode.BAD_REQUEST, "request id must be 1 to 128 characters", () -> empty.verify(clock, WINDOW));
    }

    @Test
    void aMalformedButSignedTimestampIsABadRequest() {
        CallEnvelope e = signed();
        String stamp = "yesterday";
        String sig = TestKeys.ALICE.signToString(CanonicalJson.bytes(CallEnvelope.signedFields(e.capability(), e.version(),
                e.requestId(), e.from(), e.community(), stamp, e.body())));
        CallEnvelope odd = CallEnvelope.fromJson(e.toJson().put("timestamp", stamp).put("signature", sig));
        fails(ErrorCode.BAD_REQUEST, "timestamp must be RFC 3339 UTC, got 'yesterday'", () -> odd.verify(clock, WINDOW));
    }

    @Test
    void toCallCapsTheTimeout() {
        CallEnvelope e = overTheWire(CallEnvelope.sign(TestKeys.ALICE, "home", call(Duration.ofMinutes(10)), "r", clock));
        assertThat(e.timeoutMillis()).isEqualTo(600_000);
        clock.advance(Duration.ofSeconds(1));
        Call capped = e.toCall(clock, Duration.ofSeconds(30));
        assertThat(capped.deadline()).isEqualTo(clock.instant().plusSeconds(30));
        Call uncapped = e.toCall(clock, Duration.ofHours(1));
        assertThat(uncapped.deadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(capped.capability()).isEqualTo("chat.send");
        assertThat(capped.version()).isEqualTo(Version.of(1, 2));
        assertThat(capped.caller()).isEqualTo(TestKeys.ALICE.nodeId());
        assertThat(capped.params()).isEqualTo(Json.object().put("room", "kitchen"));
        assertThat(capped.input()).isEqualTo(Json.object().put("text", "hello"));
        assertThat(capped.traceId()).isEqualTo("trace-1");
        assertThat(capped.sessionId()).contains("s-1");
        assertThat(capped.token()).isEmpty();
    }

    @Test
    void aMissingOrPastTimeoutMeansTheCap() {
        ObjectNode json = signed().toJson();
        json.remove("timeout_ms");
        assertThat(CallEnvelope.fromJson(json).toCall(clock, Duration.ofSeconds(7)).deadline()).isEqualTo(NOW.plusSeconds(7));
        json.put("timeout_ms", -5);
        assertThat(CallEnvelope.fromJson(json).toCall(clock, Duration.ofSeconds(7)).deadline()).isEqualTo(NOW.plusSeconds(7));
        CallEnvelope late = CallEnvelope.sign(TestKeys.ALICE, "home", call(Duration.ofSeconds(-3)), "r", clock);
        assertThat(late.timeoutMillis()).as("a passed deadline still leaves 1 ms").isEqualTo(1);
    }

    @Test
    void aMissingTraceIdFallsBackToTheRequestId() {
        ObjectNode json = signed().toJson();
        json.remove("trace_id");
        json.remove("session_id");
        CallEnvelope e = CallEnvelope.fromJson(json);
        assertThat(e.traceId()).isEqualTo("req-1");
        assertThat(e.sessionId()).isEmpty();
        assertThat(e.verify(clock, WINDOW)).isSameAs(e);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("capability", "call envelope field 'capability' must be a string"),
                Arguments.of("version", "call envelope field 'version' must be a string"),
                Arguments.of("request_id", "call envelope field 'request_id' must be a string"),
                Arguments.of("from", "call envelope field 'from' must be a string"),
                Arguments.of("community", "call envelope field 'community' must be a string"),
                Arguments.of("timestamp", "call envelope field 'timestamp' must be a string"),
                Arguments.of("signature", "call envelope field 'signature' must be a string"),
                Arguments.of("body", "body must be a JSON object, got nothing"));
    }

    @ParameterizedTest(name = "{0} missing")
    @MethodSource("malformed")
    void missingFieldsAreBadRequests(String field, String message) {
        ObjectNode json = signed().toJson();
        json.remove(field);
        fails(ErrorCode.BAD_REQUEST, message, () -> CallEnvelope.fromJson(json));
    }

    @Test
    void wrongValuesAreBadRequests() {
        fails(ErrorCode.BAD_REQUEST, "call envelope must be a JSON object, got array", () -> CallEnvelope.fromJson(Json.array()));
        fails(ErrorCode.BAD_REQUEST, "version must look like", () -> CallEnvelope.fromJson(signed().toJson().put("version", "1")));
        fails(ErrorCode.BAD_REQUEST, "node id", () -> CallEnvelope.fromJson(signed().toJson().put("from", "alice")));
        ObjectNode body = signed().toJson();
        body.putArray("body");
        fails(ErrorCode.BAD_REQUEST, "body must be a JSON object, got array", () -> CallEnvelope.fromJson(body));
        ObjectNode input = signed().toJson();
        ((ObjectNode) input.get("body")).put("input", "text");
        fails(ErrorCode.BAD_REQUEST, "body.input must be a JSON object, got string", () -> CallEnvelope.fromJson(input).input());
        ObjectNode params = signed().toJson();
        ((ObjectNode) params.get("body")).putNull("params");
        fails(ErrorCode.BAD_REQUEST, "body.params must be a JSON object, got null",
                () -> CallEnvelope.fromJson(params).toCall(clock, Duration.ofSeconds(1)));
        ObjectNode token = signed().toJson().put("token", "not a token");
        fails(ErrorCode.BAD_REQUEST, "hntoken://v1/", () -> CallEnvelope.fromJson(token).toCall(clock, Duration.ofSeconds(1)));
    }

    @Test
    void anEmptyBodyMeansEmptyParamsAndInput() {
        ObjectNode json = signed().toJson();
        json.putObject("body");
        CallEnvelope e = CallEnvelope.fromJson(json);
        assertThat(e.params()).isEqualTo(Json.object());
        assertThat(e.input()).isEqualTo(Json.object());
        assertThat(e.toCall(clock, Duration.ofSeconds(1)).sessionId()).isEqualTo(Optional.of("s-1"));
    }
}
