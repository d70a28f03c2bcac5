package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.TestKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay transport's sending side against a real hub: grouping, per-envelope refusals, limits, deadlines. */
class OutboxTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private HubFixture fx;
    private Outbox outbox;
    private TestMember alice;
    private TestMember bob;
    private TestMember carol;

    private void hub(UnaryOperator<RelayHub.Builder> tune) {
        fx = new HubFixture(dir, Clock.systemUTC(), tune);
        List<TestMember> members = fx.quietMembers(TestKeys.ALICE, TestKeys.BOB, TestKeys.CAROL);
        alice = members.get(0);
        bob = members.get(1);
        carol = members.get(2);
        outbox = new Outbox(alice.client, Clock.systemUTC(), WAIT);
        outbox.limits(alice.join());
    }

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close(new HearthNetException(ErrorCode.PARTITION, "test over"));
        }
        if (fx != null) {
            fx.close();
        }
    }

    private Instant later() {
        return Instant.now().plus(WAIT);
    }

    private long sendRequests() {
        for (String line : fx.hub.metricsText().split("\n")) {
            if (line.startsWith("hearthnet_relay_send_requests_total ")) {
                return Long.parseLong(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new AssertionError("no send request counter in the hub's metrics");
    }

    private static void stored(CompletableFuture<Void> f) throws Exception {
        f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static HearthNetException refusal(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HearthNetException h) {
                return h;
            }
            throw new AssertionError("failed with something other than a HearthNetException", e.getCause());
        }
        throw new AssertionError("the envelope was stored, but a refusal was expected");
    }

    @Test
    void a_lone_envelope_leaves_at_once_in_a_request_of_its_own() throws Exception {
        hub(b -> b);
        outbox.start(Workers.daemonThreads("outbox-test"), 2);

        stored(outbox.submit(alice.envelope("m-1", bob.id()), later()));

        assertThat(sendRequests()).isEqualTo(1);
        assertThat(bob.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("m-1");
    }

    @Test
    void envelopes_that_wait_together_share_one_request_and_keep_their_order() throws Exception {
        hub(b -> b);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(outbox.submit(alice.envelope("m-" + i, i % 2 == 0 ? bob.id() : carol.id()), later()));
        }

        outbox.start(Workers.daemonThreads("outbox-test"), 1);
        for (CompletableFuture<Void> f : sent) {
            stored(f);
        }

        assertThat(sendRequests()).isEqualTo(1);
        List<String> atBob = new ArrayList<>();
        for (List<ObjectNode> got = bob.pollNow(); !got.isEmpty(); got = bob.pollNow()) {
            got.forEach(e -> atBob.add(e.get("id").asText()));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i += 2) {
            expected.add("m-" + i);
        }
        assertThat(atBob).containsExactlyElementsOf(expected);
    }

    @Test
    void a_hub_that_announces_no_batches_gets_one_plain_send_per_envelope() throws Exception {
        hub(b -> b);
        outbox.limits(Json.object().put("max_request_bytes", 256 * 1024));
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(outbox.submit(alice.envelope("m-" + i, bob.id()), later()));
        }

        outbox.start(Workers.daemonThreads("outbox-test"), 1);
        for (CompletableFuture<Void> f : sent) {
            stored(f);
        }

        assertThat(sendRequests()).isEqualTo(3);
        assertThat(bob.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("m-0", "m-1", "m-2");
    }

    @Test
    void a_full_mailbox_refuses_only_the_envelopes_addressed_to_it() throws Exception {
        hub(b -> b.mailboxCapacity(2));
        CompletableFuture<Void> b1 = outbox.submit(alice.envelope("b-1", bob.id()), later());
        CompletableFuture<Void> b2 = outbox.submit(alice.envelope("b-2", bob.id()), later());
        CompletableFuture<Void> b3 = outbox.submit(alice.envelope("b-3", bob.id()), later());
        CompletableFuture<Void> stranger = outbox.submit(alice.envelope("x-1", TestKeys.seeded(77).nodeId()), later());
        CompletableFuture<Void> c1 = outbox.submit(alice.envelope("c-1", carol.id()), later());

        outbox.start(Workers.daemonThreads("outbox-test"), 1);

        stored(b1);
        stored(b2);
        stored(c1);
        HearthNetException full = refusal(b3);
        assertThat(full.code()).isEqualTo(ErrorCode.CAPACITY_EXCEEDED);
        assertThat(full.retryAfter()).contains(Duration.ofMillis(500));
        assertThat(refusal(stranger).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(sendRequests()).isEqualTo(1);
        assertThat(carol.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("c-1");
    }

    @Test
    void requests_stay_within_the_hub_size_limit_it_announced() throws Exception {
        hub(b -> b.maxRequestBytes(4_096));
        outbox.limits(alice.join());
        byte[] tooBig = Json.writeBytes(Json.object().put("id", "big").put("from", alice.id().value()).put("to", bob.id().value())
                .put("kind", "test").put("pad", "x".repeat(5_000)));
        HearthNetException refused = refusal(outbox.submit(tooBig, later()));
        assertThat(refused.code()).isEqualTo(ErrorCode.CAPACITY_EXCEEDED);
        assertThat(refused.retryAfter()).as("it will never fit, so no retry").isEmpty();

        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(outbox.submit(Json.writeBytes(Json.object().put("id", "m-" + i).put("from", alice.id().value())
                    .put("to", bob.id().value()).put("kind", "test").put("pad", "x".repeat(1_500))), later()));
        }
        outbox.start(Workers.daemonThreads("outbox-test"), 1);
        for (CompletableFuture<Void> f : sent) {
            stored(f);
        }

        assertThat(sendRequests()).as("two envelopes of ~1.7 KB per 4 KB request").isEqualTo(2);
    }

    @Test
    void an_envelope_whose_deadline_passed_before_it_could_leave_is_not_sent() throws Exception {
        hub(b -> b);
        CompletableFuture<Void> late = outbox.submit(alice.envelope("late", bob.id()), Instant.now().minusMillis(1));
        CompletableFuture<Void> withdrawn = outbox.submit(alice.envelope("withdrawn", bob.id()), later());
        withdrawn.cancel(false);
        CompletableFuture<Void> onTime = outbox.submit(alice.envelope("on-time", bob.id()), later());

        outbox.start(Workers.daemonThreads("outbox-test"), 1);

        stored(onTime);
        assertThat(refusal(late).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(bob.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("on-time");
    }

    @Test
    void closing_fails_what_was_not_sent_and_refuses_more() throws Exception {
        hub(b -> b);
        CompletableFuture<Void> queued = outbox.submit(alice.envelope("m-1", bob.id()), later());

        outbox.close(new HearthNetException(ErrorCode.PARTITION, "closing"));

        assertThat(refusal(queued).getMessage()).isEqualTo("closing");
        assertThat(refusal(queued).neverDelivered()).as("it never left the queue").isTrue();
        assertThat(refusal(outbox.submit(alice.envelope("m-2", bob.id()), later())).code()).isEqualTo(ErrorCode.PARTITION);
        assertThatThrownBy(() -> outbox.start(Workers.daemonThreads("outbox-test"), 1)).isInstanceOf(IllegalStateException.class);
        assertThat(fx.hub.queuedEnvelopes()).isZero();
    }
}
