package io.hearthnet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.hearthnet.api.json.Json;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.api.token.CapabilityToken;
import io.hearthnet.api.token.TokenScope;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallTest {
    private static final NodeId CALLER = TestKeys.ALICE.nodeId();
    private static final Instant DEADLINE = Instant.parse("2026-01-01T00:00:30Z");

    private static Call.Builder chatSend() {
        return Call.builder("chat.send", Version.of(1, 0), CALLER).deadline(DEADLINE);
    }

    @Test
    void defaults() {
        Call call = chatSend().build();
        assertThat(call.capability()).isEqualTo("chat.send");
        assertThat(call.version()).isEqualTo(Version.of(1, 0));
        assertThat(call.caller()).isEqualTo(CALLER);
        assertThat(call.params()).isEqualTo(Json.object());
        assertThat(call.input()).isEqualTo(Json.object());
        assertThat(call.sessionId()).isEmpty();
        assertThat(call.token()).isEmpty();
        assertThat(call.deadline()).isEqualTo(DEADLINE);
        assertThat(UUID.fromString(call.traceId()).toString()).isEqualTo(call.traceId());
        assertThat(chatSend().build().traceId()).as("a fresh trace id per call").isNotEqualTo(call.traceId());
    }

    @Test
    void everySetterIsKept() {
        CapabilityToken token = CapabilityToken.builder(TestKeys.BOB, CALLER).audienceCommunity("home")
                .scope(TokenScope.of("chat.*")).issue(new ManualClock());
        Call call = chatSend().params(Json.object().put("room", "r1")).input(Json.object().put("text", "hi"))
                .traceId("trace-7").sessionId("s-1").token(token).build();
        assertThat(call.params()).isEqualTo(Json.object().put("room", "r1"));
        assertThat(call.input()).isEqualTo(Json.object().put("text", "hi"));
        assertThat(call.traceId()).isEqualTo("trace-7");
        assertThat(call.sessionId()).contains("s-1");
        assertThat(call.token()).contains(token);
    }

    @Test
    void nullOptionalsMeanAbsent() {
        Call call = chatSend().traceId(null).sessionId(null).token(null).build();
        assertThat(call.traceId()).isNotBlank();
        assertThat(call.sessionId()).isEmpty();
        assertThat(call.token()).isEmpty();
    }

    @Test
    void requiredPartsAreCheckedByName() {
        assertThatNullPointerException().isThrownBy(() -> Call.builder("chat.send", Version.of(1, 0), CALLER).build())
                .withMessage("deadline");
        assertThatNullPointerException().isThrownBy(() -> Call.builder(null, Version.of(1, 0), CALLER).deadline(DEADLINE).build())
                .withMessage("capability");
        assertThatNullPointerException().isThrownBy(() -> Call.builder("chat.send", null, CALLER).deadline(DEADLINE).build())
                .withMessage("version");
        assertThatNullPointerException().isThrownBy(() -> Call.builder("chat.send", Version.of(1, 0), null).deadline(DEADLINE).build())
                .withMessage("caller");
        assertThatNullPointerException().isThrownBy(() -> chatSend().params(null)).withMessage("params");
        assertThatNullPointerException().isThrownBy(() -> chatSend().input(null)).withMessage("input");
        assertThatNullPointerException().isThrownBy(() -> new Call("chat.send", Version.of(1, 0), Json.object(),
                Json.object(), CALLER, "t", null, DEADLINE, Optional.empty())).withMessage("sessionId");
    }

    @Test
    void withersCopyAndChangeOneThing() {
        Call call = chatSend().input(Json.object().put("text", "hi")).traceId("t").build();
        Instant later = DEADLINE.plusSeconds(5);
        Call moved = call.withDeadline(later);
        assertThat(moved.deadline()).isEqualTo(later);
        assertThat(moved.withDeadline(DEADLINE)).isEqualTo(call);
        Call other = call.withInput(Json.object().put("text", "bye"));
        assertThat(other.input()).isEqualTo(Json.object().put("text", "bye"));
        assertThat(other.withInput(Json.object().put("text", "hi"))).isEqualTo(call);
        assertThat(call.input()).isEqualTo(Json.object().put("text", "hi"));
        assertThat(call.deadline()).isEqualTo(DEADLINE);
    }
}
