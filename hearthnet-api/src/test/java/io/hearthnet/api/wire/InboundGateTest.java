package io.hearthnet.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.Call;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InboundGateTest {
    private final ManualClock clock = new ManualClock();
    private final NodeKeyPair caller = NodeKeyPair.generate();
    private final InboundGate gate = new InboundGate(clock, Duration.ofSeconds(60), "elm");

    private CallEnvelope envelope(String community, String requestId) {
        Call call = Call.builder("experimental.echo", Version.of(1, 0), caller.nodeId())
                .input(Json.object().put("text", "hi")).deadline(clock.instant().plusSeconds(5)).build();
        return CallEnvelope.sign(caller, community, call, requestId, clock);
    }

    private static ErrorCode code(Throwable t) {
        return ((HearthNetException) t).code();
    }

    @Test
    void lets_a_good_envelope_through_once() {
        CallEnvelope e = envelope("elm", "r1");
        assertThat(gate.check(e)).isSameAs(e);
        assertThatThrownBy(() -> gate.check(e)).extracting(InboundGateTest::code).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void refuses_another_community_a_stale_timestamp_and_a_changed_body() {
        assertThatThrownBy(() -> gate.check(envelope("oak", "r2"))).extracting(InboundGateTest::code)
                .isEqualTo(ErrorCode.UNAUTHORIZED);
        CallEnvelope stale = envelope("elm", "r3");
        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> gate.check(stale)).extracting(InboundGateTest::code).isEqualTo(ErrorCode.EXPIRED);
        CallEnvelope good = envelope("elm", "r4");
        CallEnvelope changed = new CallEnvelope(good.capability(), good.version(), good.requestId(), good.from(),
                good.community(), good.timestamp(), Json.parseObject("{\"params\":{},\"input\":{\"text\":\"ho\"}}"),
                good.signature(), good.traceId(), good.sessionId(), good.timeoutMillis(), good.token());
        assertThatThrownBy(() -> gate.check(changed)).extracting(InboundGateTest::code).isEqualTo(ErrorCode.INVALID_SIGNATURE);
    }
    private CallEnvelope signedFor(String capability, String requestId, String traceId) {
        Call call = Call.builder(capability, Version.of(1, 0), caller.nodeId()).traceId(traceId)
                .input(Json.object()).deadline(clock.instant().plusSeconds(5)).build();
        return CallEnvelope.sign(caller, "elm", call, requestId, clock);
    }

    @Test
    void names_and_ids_a_sender_makes_up_are_bounded_before_anything_else() {
        for (CallEnvelope e : java.util.List.of(
                signedFor("experimental." + "x".repeat(200), "r5", "t"),
                signedFor("Not A Name", "r6", "t"),
                signedFor("experimental.echo", "r".repeat(129), "t"),
                signedFor("experimental.echo", "r7", "t".repeat(129)))) {
            assertThatThrownBy(() -> gate.check(e)).extracting(InboundGateTest::code).isEqualTo(ErrorCode.BAD_REQUEST);
        }
        CallEnvelope fine = signedFor("experimental.echo", "r".repeat(128), "t".repeat(128));
        assertThat(gate.check(fine)).isSameAs(fine);
    }

    @Test
    void a_call_for_another_community_is_not_remembered_as_seen() {
        CallEnvelope foreign = envelope("oak", "r8");
        assertThatThrownBy(() -> gate.check(foreign)).extracting(InboundGateTest::code).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThatThrownBy(() -> gate.check(foreign)).as("refused for its community again, not as a replay")
                .extracting(InboundGateTest::code).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
}
