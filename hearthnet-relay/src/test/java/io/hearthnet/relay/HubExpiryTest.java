package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.api.testing.Threads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubExpiryTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.now());

    @Test
    void a_member_that_stops_polling_expires_after_120_s_and_the_others_hear_of_it() {
        try (HubFixture h = new HubFixture(dir, clock, b -> b.sweepInterval(Duration.ofHours(1)))) {
            TestMember alice = h.joined(TestKeys.ALICE);
            TestMember bob = h.joined(TestKeys.BOB);
            assertThat(alice.pollNow()).hasSize(1);

            clock.advance(Duration.ofSeconds(60));
            bob.pollNow();
            clock.advance(Duration.ofSeconds(60));
            assertThat(h.hub.expireIdleMembers()).as("exactly 120 s is not yet over the TTL").isZero();
            clock.advance(Duration.ofMillis(1));

            assertThat(h.hub.expireIdleMembers()).isEqualTo(1);

            Expect.fails(ErrorCode.UNAUTHORIZED, alice::pollNow);
            List<ObjectNode> news = bob.pollNow();
            assertThat(news).hasSize(1);
            assertThat(news.get(0).get("event").asText()).isEqualTo("expire");
            assertThat(news.get(0).get("member").get("node_id").asText()).isEqualTo(alice.id().value());
            assertThat(bob.client.roster(TestMember.TIMEOUT).get("roster").findValuesAsText("node_id"))
                    .containsExactly(bob.id().value());

            alice.join();
            assertThat(h.hub.memberCount()).isEqualTo(2);
        }
    }

    @Test
    void mail_for_an_expired_member_is_discarded_and_new_mail_to_it_is_not_found() {
        try (HubFixture h = new HubFixture(dir, clock, b -> b.sweepInterval(Duration.ofHours(1)))) {
            TestMember alice = h.joined(TestKeys.ALICE);
            TestMember bob = h.joined(TestKeys.BOB);
            alice.send(bob, "never-read");
            clock.advance(Duration.ofSeconds(100));
            alice.pollNow();
            clock.advance(Duration.ofSeconds(21));

            assertThat(h.hub.expireIdleMembers()).isEqualTo(1);
            // Delivered envelopes are deleted in batches off the request path: wait for alice's delivered join notice to go.
            Threads.awaitTrue("bob's mail gone and only alice's expire notice queued", () -> h.hub.queuedEnvelopes() == 1);
            Expect.fails(ErrorCode.NOT_FOUND, () -> alice.send(bob, "too-late"));
        }
    }

    @Test
    void a_member_waiting_in_a_long_poll_is_alive() {
        try (HubFixture h = new HubFixture(dir, clock, b -> b.sweepInterval(Duration.ofHours(1)))) {
            TestMember alice = h.joined(TestKeys.ALICE);
            CompletableFuture<List<ObjectNode>> poll = alice.pollInBackground(Duration.ofSeconds(20));
            Threads.awaitTrue("alice's poll to park", () -> h.hub.state().parkedPolls() == 1);

            clock.advance(Duration.ofSeconds(500));

            assertThat(h.hub.expireIdleMembers()).isZero();
            assertThat(h.hub.memberCount()).isEqualTo(1);
            h.hub.close();
            assertThat(TestMember.await(poll)).isEmpty();
        }
    }
}
