package io.hearthnet.api;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.api.token.CapabilityToken;
import io.hearthnet.api.token.TokenScope;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallOptionsTest {
    @Test
    void defaultsAreEmpty() {
        CallOptions o = CallOptions.defaults();
        assertThat(o.timeout()).isEmpty();
        assertThat(o.params()).isEqualTo(Json.object());
        assertThat(o.sessionId()).isEmpty();
        assertThat(o.token()).isEmpty();
        assertThat(o.traceId()).isEmpty();
        assertThat(o.targetNode()).isEmpty();
        assertThat(CallOptions.defaults()).isSameAs(o);
        CallOptions built = CallOptions.builder().build();
        assertThat(built.timeout()).isEmpty();
        assertThat(built.params()).isEqualTo(Json.object());
    }

    @Test
    void everySetterIsKept() {
        CapabilityToken token = CapabilityToken.builder(TestKeys.ALICE, TestKeys.BOB.nodeId())
                .audienceCommunity("home").scope(TokenScope.of("chat.send")).issue(new ManualClock());
        CallOptions o = CallOptions.builder().timeout(Duration.ofSeconds(3)).params(Json.object().put("model", "llama3"))
                .sessionId("s-1").token(token).traceId("t-1").targetNode(TestKeys.CAROL.nodeId()).build();
        assertThat(o.timeout()).contains(Duration.ofSeconds(3));
        assertThat(o.params()).isEqualTo(Json.object().put("model", "llama3"));
        assertThat(o.sessionId()).contains("s-1");
        assertThat(o.token()).contains(token);
        assertThat(o.traceId()).contains("t-1");
        assertThat(o.targetNode()).contains(TestKeys.CAROL.nodeId());
    }

    @Test
    void timeoutMustBePositive() {
        fails(ErrorCode.BAD_REQUEST, "timeout must be positive, got PT0S", () -> CallOptions.builder().timeout(Duration.ZERO));
        fails(ErrorCode.BAD_REQUEST, "timeout must be positive, got PT-0.001S",
                () -> CallOptions.builder().timeout(Duration.ofMillis(-1)));
        fails(ErrorCode.BAD_REQUEST, "timeout must be positive, got null", () -> CallOptions.builder().timeout(null));
        assertThat(CallOptions.builder().timeout(Duration.ofNanos(1)).build().timeout()).contains(Duration.ofNanos(1));
    }

    @Test
    void nullsAreRefusedByName() {
        CallOptions.Builder b = CallOptions.builder();
        assertThatNullPointerException().isThrownBy(() -> b.params(null)).withMessage("params");
        assertThatNullPointerException().isThrownBy(() -> b.sessionId(null)).withMessage("sessionId");
        assertThatNullPointerException().isThrownBy(() -> b.token(null)).withMessage("token");
        assertThatNullPointerException().isThrownBy(() -> b.traceId(null)).withMessage("traceId");
        assertThatNullPointerException().isThrownBy(() -> b.targetNode(null)).withMessage("node");
    }

    @Test
    void paramsAreCopiedInAndOut() {
        ObjectNode params = Json.object().put("model", "llama3");
        CallOptions o = CallOptions.builder().params(params).build();
        params.put("model", "changed");
        o.params().put("model", "changed too");
        assertThat(o.params()).isEqualTo(Json.object().put("model", "llama3"));
        assertThat(CallOptions.defaults().params()).isEmpty();
        CallOptions.defaults().params().put("x", 1);
        assertThat(CallOptions.defaults().params()).isEmpty();
    }
    @org.junit.jupiter.api.Test
    void trace_and_session_ids_must_be_1_to_128_characters_as_other_nodes_accept() {
        io.hearthnet.api.testing.Expect.fails(ErrorCode.BAD_REQUEST, "session id",
                () -> CallOptions.builder().sessionId("s".repeat(129)));
        io.hearthnet.api.testing.Expect.fails(ErrorCode.BAD_REQUEST, "trace id", () -> CallOptions.builder().traceId(""));
        org.assertj.core.api.Assertions.assertThat(CallOptions.builder().sessionId("s".repeat(128)).traceId("t").build()
                .sessionId()).contains("s".repeat(128));
    }
}
