package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.SignedJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.api.testing.Threads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayHubTest {
    private static final NodeKeyPair MALLORY = TestKeys.seeded(66);

    @TempDir
    Path dir;
    private HubFixture fx;

    private HubFixture hub(java.util.function.UnaryOperator<RelayHub.Builder> tune) {
        fx = new HubFixture(dir, Clock.systemUTC(), tune);
        return fx;
    }

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void join_returns_the_roster_and_the_member_ttl() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        ObjectNode answer = h.member(TestKeys.BOB).join();

        assertThat(answer.get("member_ttl_ms").asLong()).isEqualTo(120_000);
        assertThat(answer.get("poll_timeout_ms").asLong()).isEqualTo(25_000);
        assertThat(answer.get("mailbox_capacity").asInt()).isEqualTo(256);
        assertThat(answer.get("max_request_bytes").asInt()).isEqualTo(256 * 1024);
        assertThat(answer.get("max_batch").asInt()).isEqualTo(SendRequest.MAX_BATCH);
        assertThat(answer.get("hub").asText()).isEqualTo(h.hub.nodeId().value());
        assertThat(answer.get("roster").findValuesAsText("node_id"))
                .containsExactlyInAnyOrder(alice.id().value(), TestKeys.BOB.nodeId().value());
    }

    @Test
    void a_join_with_a_manifest_puts_the_verified_manifest_on_the_roster() {
        HubFixture h = hub(b -> b);
        NodeManifest manifest = NodeManifest.builder().communityId("test").displayName("alice").issue(TestKeys.ALICE, Clock.systemUTC());
        h.member(TestKeys.ALICE).client.join("test", manifest.toJson(), TestMember.TIMEOUT);

        ObjectNode roster = h.joined(TestKeys.BOB).client.roster(TestMember.TIMEOUT);
        ObjectNode entry = (ObjectNode) roster.get("roster").findParents("node_id").stream()
                .filter(n -> n.get("node_id").asText().equals(TestKeys.ALICE.nodeId().value())).findFirst().orElseThrow();
        assertThat(RosterEntry.fromJson(entry).manifest()).contains(manifest.toJson());
    }

    @Test
    void the_hub_delivers_an_envelope_byte_for_byte_and_drains_the_mailbox() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        alice.pollNow();
        byte[] sent = ("{ \"to\":\"" + bob.id().value() + "\", \"from\":\"" + alice.id().value()
                + "\",\"id\":\"e-1\",\"kind\":\"test\",\"x\":1.50 }").getBytes(StandardCharsets.UTF_8);

        assertThat(alice.client.send(sent, TestMember.TIMEOUT).get("queued").asText()).isEqualTo("new");

        var answer = RawHub.request(h.hub.url(), "GET", RelayWire.POLL + "?timeout_ms=0", new byte[0], pollHeaders(bob, "timeout_ms=0"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(Json.write(answer.body().get("envelopes").get(0))).isEqualTo(Json.write(Json.parse(sent)));
        assertThat(bob.pollNow()).isEmpty();
        Threads.awaitTrue("the delivered envelope to be acknowledged", () -> h.hub.queuedEnvelopes() == 0);
    }

    @Test
    void the_stored_bytes_are_the_sent_bytes() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        byte[] sent = ("{\"id\":\"e-1\",\"from\":\"" + alice.id().value() + "\",\"to\":\"" + bob.id().value()
                + "\",\"kind\":\"test\",\"n\":1.50,  \"s\":\"\\u00e9\"}").getBytes(StandardCharsets.UTF_8);
        alice.client.send(sent, TestMember.TIMEOUT);

        byte[] polled = pollRaw(h, bob);
        String text = new String(polled, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"envelopes\":[" + new String(sent, StandardCharsets.UTF_8) + "]}");
    }

    @Test
    void a_parked_poll_is_answered_as_soon_as_mail_arrives() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        alice.pollNow();
        CompletableFuture<List<ObjectNode>> poll = bob.pollInBackground(Duration.ofSeconds(20));
        Threads.awaitTrue("bob's poll to park", () -> h.hub.state().parkedPolls() == 1);

        alice.send(bob, "wake-up");

        List<ObjectNode> got = TestMember.await(poll);
        assertThat(got).extracting(e -> e.get("id").asText()).containsExactly("wake-up");
        assertThat(h.hub.state().parkedPolls()).isZero();
    }

    @Test
    void a_full_mailbox_refuses_with_capacity_exceeded_and_retry_after_then_accepts_once_drained() {
        HubFixture h = hub(b -> b.mailboxCapacity(3).retryAfter(Duration.ofMillis(750)));
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        for (int i = 0; i < 3; i++) {
            alice.send(bob, "m-" + i);
        }

        HearthNetException full = Expect.fails(ErrorCode.CAPACITY_EXCEEDED, () -> alice.send(bob, "m-3"));
        assertThat(full.retryAfter()).contains(Duration.ofMillis(750));
        assertThat(h.hub.state().mailboxSize(bob.id())).isEqualTo(3);

        assertThat(bob.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("m-0", "m-1", "m-2");
        h.awaitAcknowledged(bob);
        alice.send(bob, "m-3");
        assertThat(bob.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("m-3");
    }

    @Test
    void a_batch_is_queued_all_or_none_and_each_envelope_keeps_its_bytes() {
        HubFixture h = hub(b -> b.mailboxCapacity(3));
        List<TestMember> members = h.quietMembers(TestKeys.ALICE, TestKeys.BOB, TestKeys.CAROL);
        TestMember alice = members.get(0);
        TestMember bob = members.get(1);
        TestMember carol = members.get(2);
        byte[] spaced = ("{ \"id\" : \"b-1\", \"from\":\"" + alice.id().value() + "\",\"to\":\"" + bob.id().value()
                + "\",\"kind\":\"test\", \"n\": 1.0 }").getBytes(StandardCharsets.UTF_8);

        ObjectNode answer = alice.client.sendBatch(List.of(spaced, alice.envelope("c-1", carol.id()),
                alice.envelope("c-1", carol.id())), TestMember.TIMEOUT);

        assertThat(answer.get("results").findValuesAsText("queued")).containsExactly("new", "new", "duplicate");
        assertThat(new String(pollRaw(h, bob), StandardCharsets.UTF_8))
                .isEqualTo("{\"envelopes\":[" + new String(spaced, StandardCharsets.UTF_8) + "]}");
        h.awaitAcknowledged(bob);

        alice.send(carol, "c-2");
        Expect.fails(ErrorCode.CAPACITY_EXCEEDED, () -> alice.client.sendBatch(List.of(alice.envelope("b-2", bob.id()),
                alice.envelope("c-3", carol.id()), alice.envelope("c-4", carol.id())), TestMember.TIMEOUT));
        assertThat(h.hub.state().mailboxSize(bob.id())).as("nothing of a refused batch is queued").isZero();
        Expect.fails(ErrorCode.UNAUTHORIZED, () -> alice.client.sendBatch(List.of(alice.envelope("b-3", bob.id()),
                bob.envelope("x", carol.id())), TestMember.TIMEOUT));
        assertThat(h.hub.state().mailboxSize(bob.id())).isZero();
        assertThat(carol.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("c-1", "c-2");
    }

    @Test
    void a_batch_that_is_not_all_or_none_queues_each_envelope_on_its_own() {
        HubFixture h = hub(b -> b.mailboxCapacity(1));
        List<TestMember> members = h.quietMembers(TestKeys.ALICE, TestKeys.BOB, TestKeys.CAROL);
        TestMember alice = members.get(0);
        TestMember bob = members.get(1);
        TestMember carol = members.get(2);

        ObjectNode answer = alice.client.sendEach(List.of(alice.envelope("b-1", bob.id()), alice.envelope("b-2", bob.id()),
                alice.envelope("x-1", MALLORY.nodeId()), alice.envelope("c-1", carol.id()), alice.envelope("b-1", bob.id())),
                TestMember.TIMEOUT);

        List<ObjectNode> results = new java.util.ArrayList<>();
        answer.get("results").forEach(r -> results.add((ObjectNode) r));
        assertThat(results).extracting(r -> r.get("id").asText()).containsExactly("b-1", "b-2", "x-1", "c-1", "b-1");
        assertThat(results.get(0).get("queued").asText()).isEqualTo("new");
        assertThat(results.get(1).get("error").asText()).isEqualTo("capacity_exceeded");
        assertThat(results.get(1).get("retry_after_ms").asLong()).isEqualTo(500);
        assertThat(results.get(2).get("error").asText()).isEqualTo("not_found");
        assertThat(results.get(2).has("queued")).isFalse();
        assertThat(results.get(3).get("queued").asText()).isEqualTo("new");
        assertThat(results.get(4).get("queued").asText()).isEqualTo("duplicate");
        assertThat(bob.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("b-1");
        assertThat(carol.pollNow()).extracting(e -> e.get("id").asText()).containsExactly("c-1");
        h.awaitAcknowledged(bob);
        Expect.fails(ErrorCode.UNAUTHORIZED, () -> alice.client.sendEach(List.of(alice.envelope("b-3", bob.id()),
                bob.envelope("x", carol.id())), TestMember.TIMEOUT));
        assertThat(h.hub.state().mailboxSize(bob.id())).as("a forged sender still refuses the whole request").isZero();
    }

    @Test
    void a_batch_mode_that_is_not_a_boolean_is_refused() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        byte[] body = ("{\"all_or_none\":\"no\",\"envelopes\":[" + new String(alice.envelope("b-1", bob.id()), StandardCharsets.UTF_8)
                + "]}").getBytes(StandardCharsets.UTF_8);

        HearthNetException e = Expect.fails(ErrorCode.BAD_REQUEST, () -> alice.client.send(body, TestMember.TIMEOUT));

        assertThat(e.getMessage()).contains("all_or_none");
        assertThat(h.hub.state().mailboxSize(bob.id())).isZero();
    }

    @Test
    void a_resent_envelope_still_queued_is_not_queued_twice() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        alice.send(bob, "once");
        assertThat(alice.send(bob, "once").get("queued").asText()).isEqualTo("duplicate");
        assertThat(bob.pollNow()).hasSize(1);
    }

    @Test
    void joining_with_a_key_one_does_not_hold_is_invalid_signature() {
        HubFixture h = hub(b -> b);
        byte[] body = Json.writeBytes(Json.object().put("community", "test"));
        HubAuth forged = HubAuth.sign(MALLORY, "POST", RelayWire.JOIN, null, body, Clock.systemUTC());

        var answer = RawHub.request(h.hub.url(), "POST", RelayWire.JOIN, body, RawHub.headers(forged, TestKeys.ALICE.nodeId().value()));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.error()).isEqualTo("invalid_signature");
        assertThat(h.hub.memberCount()).isZero();
    }

    @Test
    void joining_with_another_nodes_manifest_is_unauthorized() {
        HubFixture h = hub(b -> b);
        NodeManifest alices = NodeManifest.builder().communityId("test").issue(TestKeys.ALICE, Clock.systemUTC());
        Expect.fails(ErrorCode.UNAUTHORIZED, () -> h.member(MALLORY).client.join("test", alices.toJson(), TestMember.TIMEOUT));
        assertThat(h.hub.memberCount()).isZero();
    }

    @Test
    void polling_another_members_mailbox_is_refused() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        alice.pollNow();
        bob.send(alice, "for-alice");

        HubAuth forged = HubAuth.sign(MALLORY, "GET", RelayWire.POLL, "timeout_ms=0", new byte[0], Clock.systemUTC());
        var asAlice = RawHub.request(h.hub.url(), "GET", RelayWire.POLL + "?timeout_ms=0", new byte[0],
                RawHub.headers(forged, alice.id().value()));
        assertThat(asAlice.status()).isEqualTo(401);
        assertThat(asAlice.error()).isEqualTo("invalid_signature");

        TestMember mallory = h.member(MALLORY);
        Expect.fails(ErrorCode.UNAUTHORIZED, mallory::pollNow);
        mallory.join();
        assertThat(mallory.pollNow()).extracting(e -> e.get("id").asText()).noneMatch(id -> id.equals("for-alice"));

        assertThat(alice.pollNow()).extracting(e -> e.get("id").asText()).contains("for-alice");
    }

    @Test
    void sending_as_someone_else_is_unauthorized_and_queues_nothing() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        TestMember mallory = h.joined(MALLORY);
        bob.pollNow();
        h.awaitAcknowledged(bob);
        byte[] claimsAlice = alice.envelope("forged", bob.id());

        HearthNetException e = Expect.fails(ErrorCode.UNAUTHORIZED, () -> mallory.client.send(claimsAlice, TestMember.TIMEOUT));
        assertThat(e.getMessage()).contains("signed by");

        HubAuth forged = HubAuth.sign(MALLORY, "POST", RelayWire.SEND, null, claimsAlice, Clock.systemUTC());
        var answer = RawHub.request(h.hub.url(), "POST", RelayWire.SEND, claimsAlice, RawHub.headers(forged, alice.id().value()));
        assertThat(answer.error()).isEqualTo("invalid_signature");
        assertThat(h.hub.state().mailboxSize(bob.id())).isZero();
    }

    @Test
    void a_send_to_a_hub_that_is_not_there_was_never_delivered_and_one_it_refuses_neither() {
        TestMember nowhere = new TestMember(java.net.URI.create("http://127.0.0.1:" + io.hearthnet.api.testing.Ports
                .freeBelowEphemeralRange()), TestKeys.ALICE, Clock.systemUTC(), "test");
        HearthNetException refused = Expect.fails(ErrorCode.PARTITION,
                () -> nowhere.client.send(nowhere.envelope("e-1", TestKeys.BOB.nodeId()), TestMember.TIMEOUT));
        assertThat(refused.neverDelivered()).as("the connection was refused: nothing was sent").isTrue();

        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        HearthNetException unknown = Expect.fails(ErrorCode.NOT_FOUND, () -> alice.send(h.member(TestKeys.BOB), "e-2"));
        assertThat(unknown.neverDelivered()).as("the hub's answer came over the wire; the transport decides what it means")
                .isFalse();
    }

    @Test
    void only_members_send_only_to_members_of_their_community_and_never_roster_envelopes() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        TestMember outsider = h.member(MALLORY);
        Expect.fails(ErrorCode.UNAUTHORIZED, () -> outsider.send(bob, "x"));

        TestMember stranger = new TestMember(h.hub.url(), TestKeys.CAROL, Clock.systemUTC(), "elsewhere");
        stranger.join();
        Expect.fails(ErrorCode.NOT_FOUND, () -> alice.send(stranger, "x"));
        Expect.fails(ErrorCode.NOT_FOUND, () -> alice.client.send(alice.envelope("x", MALLORY.nodeId()), TestMember.TIMEOUT));

        byte[] roster = Json.writeBytes(Json.object().put("id", "r").put("from", alice.id().value())
                .put("to", bob.id().value()).put("kind", "roster"));
        Expect.fails(ErrorCode.BAD_REQUEST, () -> alice.client.send(roster, TestMember.TIMEOUT));
        assertThat(stranger.client.roster(TestMember.TIMEOUT).get("roster").findValuesAsText("node_id"))
                .containsExactly(TestKeys.CAROL.nodeId().value());
    }

    @Test
    void a_replayed_request_is_refused() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        byte[] envelope = alice.envelope("once", bob.id());
        HubAuth auth = HubAuth.sign(TestKeys.ALICE, "POST", RelayWire.SEND, null, envelope, Clock.systemUTC());
        Map<String, String> headers = RawHub.headers(auth, alice.id().value());

        assertThat(RawHub.request(h.hub.url(), "POST", RelayWire.SEND, envelope, headers).status()).isEqualTo(200);
        var replay = RawHub.request(h.hub.url(), "POST", RelayWire.SEND, envelope, headers);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body().get("message").asText()).contains("replay");
    }

    @Test
    void a_request_signed_two_minutes_ago_is_expired() {
        HubFixture h = hub(b -> b);
        Clock late = Clock.fixed(Instant.now().minus(Duration.ofMinutes(2)), ZoneOffset.UTC);
        TestMember alice = new TestMember(h.hub.url(), TestKeys.ALICE, late, "test");
        Expect.fails(ErrorCode.EXPIRED, alice::join);
    }

    @Test
    void a_tampered_body_is_invalid_signature() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        byte[] envelope = alice.envelope("a", bob.id());
        HubAuth auth = HubAuth.sign(TestKeys.ALICE, "POST", RelayWire.SEND, null, envelope, Clock.systemUTC());
        byte[] other = alice.envelope("b", bob.id());
        var answer = RawHub.request(h.hub.url(), "POST", RelayWire.SEND, other, RawHub.headers(auth, alice.id().value()));
        assertThat(answer.error()).isEqualTo("invalid_signature");
    }

    @Test
    void an_oversized_request_is_capacity_exceeded() {
        HubFixture h = hub(b -> b.maxRequestBytes(1024));
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        byte[] big = Json.writeBytes(Json.object().put("id", "big").put("from", alice.id().value())
                .put("to", bob.id().value()).put("kind", "test").put("pad", "x".repeat(2000)));
        HearthNetException e = Expect.fails(ErrorCode.CAPACITY_EXCEEDED, () -> alice.client.send(big, TestMember.TIMEOUT));
        assertThat(e.getMessage()).contains("1024");
    }

    @Test
    void parked_polls_are_bounded() {
        HubFixture h = hub(b -> b.maxParkedPolls(1));
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.joined(TestKeys.BOB);
        alice.pollNow();
        bob.pollNow();
        CompletableFuture<List<ObjectNode>> parked = alice.pollInBackground(Duration.ofSeconds(20));
        Threads.awaitTrue("alice's poll to park", () -> h.hub.state().parkedPolls() == 1);

        HearthNetException e = Expect.fails(ErrorCode.CAPACITY_EXCEEDED, () -> bob.client.poll(Duration.ofSeconds(20)));
        assertThat(e.retryAfter()).isPresent();

        bob.send(alice, "release");
        assertThat(TestMember.await(parked)).hasSize(1);
    }

    @Test
    void a_second_poll_answers_the_first_one_empty() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        alice.pollNow();
        CompletableFuture<List<ObjectNode>> first = alice.pollInBackground(Duration.ofSeconds(20));
        Threads.awaitTrue("the first poll to park", () -> h.hub.state().parkedPolls() == 1);
        CompletableFuture<List<ObjectNode>> second = alice.pollInBackground(Duration.ofSeconds(20));

        assertThat(TestMember.await(first)).isEmpty();
        Threads.awaitTrue("the second poll to park", () -> h.hub.state().parkedPolls() == 1);
        h.joined(TestKeys.BOB);
        assertThat(TestMember.await(second)).extracting(e -> e.get("kind").asText()).containsExactly("roster");
    }

    @Test
    void roster_gossip_reaches_existing_members_signed_by_the_hub() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        CompletableFuture<List<ObjectNode>> poll = alice.pollInBackground(Duration.ofSeconds(20));
        Threads.awaitTrue("alice's poll to park", () -> h.hub.state().parkedPolls() == 1);

        TestMember bob = h.joined(TestKeys.BOB);

        ObjectNode joined = TestMember.await(poll).get(0);
        assertThat(joined.get("kind").asText()).isEqualTo("roster");
        assertThat(joined.get("event").asText()).isEqualTo("join");
        assertThat(joined.get("member").get("node_id").asText()).isEqualTo(bob.id().value());
        SignedJson.verify(NodeId.parse(joined.get("from").asText()), joined);
        assertThat(joined.get("from").asText()).isEqualTo(h.hub.nodeId().value());

        bob.client.leave(TestMember.TIMEOUT);
        ObjectNode left = alice.pollNow().get(0);
        assertThat(left.get("event").asText()).isEqualTo("leave");
        assertThat(left.get("member").get("node_id").asText()).isEqualTo(bob.id().value());
        assertThat(h.hub.memberCount()).isEqualTo(1);
    }

    @Test
    void a_manifest_change_is_gossiped_but_a_mere_reissue_is_not() {
        HubFixture h = hub(b -> b);
        TestMember alice = h.joined(TestKeys.ALICE);
        TestMember bob = h.member(TestKeys.BOB);
        NodeManifest.Builder m = NodeManifest.builder().communityId("test").displayName("bob");
        bob.client.join("test", m.issue(TestKeys.BOB, Clock.systemUTC()).toJson(), TestMember.TIMEOUT);
        assertThat(alice.pollNow()).extracting(e -> e.get("event").asText()).containsExactly("join");

        bob.client.join("test", m.load(0.5).issue(TestKeys.BOB, Clock.systemUTC()).toJson(), TestMember.TIMEOUT);
        assertThat(alice.pollNow()).isEmpty();

        bob.client.join("test", m.displayName("bobby").issue(TestKeys.BOB, Clock.systemUTC()).toJson(), TestMember.TIMEOUT);
        assertThat(alice.pollNow()).extracting(e -> e.get("event").asText()).containsExactly("update");
    }

    @Test
    void health_is_public_and_everything_else_needs_a_signature() {
        HubFixture h = hub(b -> b);
        ObjectNode health = h.member(MALLORY).client.health(TestMember.TIMEOUT);
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("hub").asText()).isEqualTo(h.hub.nodeId().value());
        assertThat(health.get("member_ttl_ms").asLong()).isEqualTo(120_000);

        for (String path : List.of(RelayWire.ROSTER, RelayWire.POLL)) {
            assertThat(RawHub.request(h.hub.url(), "GET", path, new byte[0], Map.of()).error()).isEqualTo("invalid_signature");
        }
        assertThat(RawHub.request(h.hub.url(), "GET", "/relay/v1/nothing", new byte[0], Map.of()).status()).isEqualTo(404);
    }

    private static Map<String, String> pollHeaders(TestMember m, String query) {
        HubAuth auth = HubAuth.sign(m.keys, "GET", RelayWire.POLL, query, new byte[0], Clock.systemUTC());
        return RawHub.headers(auth, m.id().value());
    }

    private static byte[] pollRaw(HubFixture h, TestMember m) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(h.hub.url().resolve(RelayWire.POLL + "?timeout_ms=0"));
            pollHeaders(m, "timeout_ms=0").forEach(request::header);
            return TestMember.http().send(request.GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
