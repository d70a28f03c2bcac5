package io.hearthnet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HearthNetExceptionTest {
    private static final String HASH = "blake3:" + "ab".repeat(32);
    private static final List<String> ALTS = List.of("ed25519:" + "A".repeat(43), "ed25519:" + "B".repeat(43));

    /** Writes the body as text and reads it back, as a peer would. */
    private static HearthNetException overTheWire(HearthNetException e) {
        return HearthNetException.fromJson(Json.parse(Json.write(e.toJson())));
    }

    static Stream<ErrorCode> wireCodes() {
        return Arrays.stream(ErrorCode.values()).filter(ErrorCode::isWireCode);
    }

    @ParameterizedTest
    @MethodSource("wireCodes")
    void plainErrorsRoundTrip(ErrorCode code) {
        HearthNetException back = overTheWire(new HearthNetException(code, "went wrong: " + code.name()));
        assertThat(back.code()).isEqualTo(code);
        assertThat(back.getMessage()).isEqualTo("went wrong: " + code.name());
        assertThat(back.retryAfter()).isEmpty();
        assertThat(back.altNodes()).isEmpty();
        assertThat(back.schemaHashExpected()).isEmpty();
        assertThat(back.retryable()).isEqualTo(code.retryable());
    }

    @Test
    void plainBodyHasOnlyErrorAndMessage() {
        ObjectNode body = new HearthNetException(ErrorCode.NOT_FOUND, "no such capability").toJson();
        assertThat(Json.write(body)).isEqualTo("{\"error\":\"not_found\",\"message\":\"no such capability\"}");
    }

    @Test
    void everyOptionalFieldRoundTrips() {
        HearthNetException e = HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "busy", Duration.ofMillis(1500))
                .withAltNodes(ALTS);
        ObjectNode body = e.toJson();
        assertThat(body.get("error").asText()).isEqualTo("capacity_exceeded");
        assertThat(body.get("message").asText()).isEqualTo("busy");
        assertThat(body.get("retry_after_ms").asLong()).isEqualTo(1500);
        assertThat(body.get("alt_nodes")).hasSize(2);
        HearthNetException back = overTheWire(e);
        assertThat(back.code()).isEqualTo(ErrorCode.CAPACITY_EXCEEDED);
        assertThat(back.getMessage()).isEqualTo("busy");
        assertThat(back.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(back.altNodes()).isEqualTo(ALTS);
        assertThat(back.retryable()).isTrue();
        assertThat(back.toJson()).isEqualTo(body);
    }

    @Test
    void schemaMismatchRoundTripsWithItsHash() {
        HearthNetException e = HearthNetException.schemaMismatch("schema differs", HASH).withAltNodes(ALTS);
        assertThat(e.toJson().get("schema_hash_expected").asText()).isEqualTo(HASH);
        HearthNetException back = overTheWire(e);
        assertThat(back.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        assertThat(back.schemaHashExpected()).contains(HASH);
        assertThat(back.altNodes()).isEqualTo(ALTS);
        assertThat(back.retryAfter()).isEmpty();
    }

    @Test
    void withAltNodesKeepsEverythingElse() {
        IOException cause = new IOException("socket closed");
        HearthNetException e = new HearthNetException(ErrorCode.PARTITION, "peer gone", cause);
        HearthNetException copy = e.withAltNodes(ALTS);
        assertThat(copy).isNotSameAs(e);
        assertThat(copy.code()).isEqualTo(ErrorCode.PARTITION);
        assertThat(copy.getMessage()).isEqualTo("peer gone");
        assertThat(copy.getCause()).isSameAs(cause);
        assertThat(copy.altNodes()).isEqualTo(ALTS);
        assertThat(e.altNodes()).isEmpty();
    }

    @Test
    void neverDeliveredIsKeptByCopiesButNeverTravels() {
        IOException cause = new IOException("connection refused");
        HearthNetException e = HearthNetException.neverDelivered(ErrorCode.PARTITION, "cannot connect", cause);
        assertThat(e.neverDelivered()).isTrue();
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.withAltNodes(ALTS).neverDelivered()).isTrue();
        assertThat(Json.write(e.toJson())).isEqualTo("{\"error\":\"partition\",\"message\":\"cannot connect\"}");
        assertThat(HearthNetException.fromJson(e.toJson()).neverDelivered())
                .as("a peer's word cannot prove that nothing ran").isFalse();
        assertThat(new HearthNetException(ErrorCode.PARTITION, "reset", cause).neverDelivered()).isFalse();
    }

    @Test
    void altNodesAreACopy() {
        List<String> nodes = new ArrayList<>(ALTS);
        HearthNetException e = new HearthNetException(ErrorCode.TIMEOUT, "slow").withAltNodes(nodes);
        nodes.clear();
        assertThat(e.altNodes()).isEqualTo(ALTS);
        assertThatThrownBy(() -> e.altNodes().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMissingMessageIsWrittenAsTheCode() {
        ObjectNode body = new HearthNetException(ErrorCode.TIMEOUT, null).toJson();
        assertThat(body.get("message").asText()).isEqualTo("timeout");
        HearthNetException read = HearthNetException.fromJson(Json.parseObject("{\"error\":\"revoked\"}"));
        assertThat(read.code()).isEqualTo(ErrorCode.REVOKED);
        assertThat(read.getMessage()).isEqualTo("revoked");
    }

    @Test
    void toStringNamesTheWireCode() {
        assertThat(new HearthNetException(ErrorCode.RATE_LIMITED, "slow down"))
                .hasToString("HearthNetException[rate_limited]: slow down");
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of(Json.parse("[1,2]"), "peer sent a malformed error body: [1,2]"),
                Arguments.of(Json.parse("\"boom\""), "peer sent a malformed error body: \"boom\""),
                Arguments.of(Json.parse("42"), "peer sent a malformed error body: 42"),
                Arguments.of(null, "peer sent a malformed error body: null"),
                Arguments.of(Json.parse("{\"message\":\"no code\"}"),
                        "peer sent a malformed error body: {\"message\":\"no code\"}"),
                Arguments.of(Json.parse("{\"error\":7,\"message\":\"m\"}"),
                        "peer sent a malformed error body: {\"error\":7,\"message\":\"m\"}"),
                Arguments.of(Json.parse("{\"error\":\"on_fire\",\"message\":\"smoke\"}"),
                        "peer sent unknown error code 'on_fire': smoke"),
                Arguments.of(Json.parse("{\"error\":\"TIMEOUT\",\"message\":\"late\"}"),
                        "peer sent unknown error code 'TIMEOUT': late"));
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void malformedBodiesBecomeInternalErrorsQuotingTheBody(JsonNode body, String message) {
        HearthNetException e = HearthNetException.fromJson(body);
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.altNodes()).isEmpty();
    }

    @Test
    void hugeMalformedBodiesAreCut() {
        ObjectNode body = Json.object().put("junk", "x".repeat(10_000));
        HearthNetException e = HearthNetException.fromJson(body);
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(e.getMessage()).endsWith("…").hasSizeLessThan(300);
    }

    @Test
    void malformedOptionalFieldsAreIgnored() {
        HearthNetException e = HearthNetException.fromJson(Json.parseObject(
                "{\"error\":\"rate_limited\",\"message\":5,\"retry_after_ms\":-3,"
                        + "\"alt_nodes\":[\"n1\",4,null,\"n2\"],\"schema_hash_expected\":[]}"));
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.getMessage()).isEqualTo("rate_limited");
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.altNodes()).containsExactly("n1", "n2");
        assertThat(e.schemaHashExpected()).isEmpty();
        assertThat(HearthNetException.fromJson(Json.parseObject(
                "{\"error\":\"rate_limited\",\"retry_after_ms\":\"100\",\"alt_nodes\":\"n1\"}")).retryAfter()).isEmpty();
    }

    @Property
    void anyMessageAndRetryRoundTrips(@ForAll String message, @ForAll @LongRange(max = 86_400_000) long millis) {
        HearthNetException back = overTheWire(
                HearthNetException.retryAfter(ErrorCode.RATE_LIMITED, message, Duration.ofMillis(millis)));
        assertThat(back.getMessage()).isEqualTo(message);
        assertThat(back.retryAfter()).contains(Duration.ofMillis(millis));
    }
}
