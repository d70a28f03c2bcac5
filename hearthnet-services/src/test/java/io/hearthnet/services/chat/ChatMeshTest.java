package io.hearthnet.services.chat;

import static io.hearthnet.services.testing.Calls.call;
import static io.hearthnet.services.testing.Calls.callOn;
import static io.hearthnet.services.testing.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.services.eventlog.EventQuery;
import io.hearthnet.services.testing.Mesh;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Chat across real nodes, over the in-memory transport and over HTTP. */
class ChatMeshTest {
    @TempDir
    Path dir;

    private static Clock clockFor(Mesh.Kind kind) {
        return kind == Mesh.Kind.MEMORY ? new ManualClock() : Clock.systemUTC();
    }

    private static ObjectNode send(HearthNode from, String clientId, NodeId to, String text) {
        return call(from, "chat.send", json("{'client_id': '" + clientId + "', 'to': '" + to.value() + "', 'text': '" + text + "'}"));
    }

    private static List<JsonNode> history(HearthNode node, String input) {
        List<JsonNode> out = new ArrayList<>();
        call(node, "chat.history", json(input)).get("messages").forEach(out::add);
        return out;
    }

    private static List<String> texts(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("text").asText()).toList();
    }

    /** A chat service whose retry pass (and its sweep of held events) runs every 50 ms. */
    private static ChatService fastRetrying() {
        return ChatService.builder().retryInterval(java.time.Duration.ofMillis(50)).build();
    }

        private static String statusOf(HearthNode node, String messageId) {
        return history(node, "{}").stream().filter(m -> m.get("message_id").asText().equals(messageId))
                .map(m -> m.get("status").asText()).findFirst().orElse("missing");
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void a_message_to_an_offline_node_is_queued_and_delivered_when_it_comes_up(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            HearthNode a = mesh.start("a", TestKeys.ALICE, new ChatService());
            ObjectNode sent = send(a, "m1", TestKeys.BOB.nodeId(), "are you there?");
            assertThat(sent.get("delivered").asText()).isEqualTo("queued");
            assertThat(sent.get("status").asText()).isEqualTo("pending");
            String id = sent.get("message_id").asText();

            HearthNode b = mesh.start("b", TestKeys.BOB, new ChatService());
            mesh.introduceAll();
            List<JsonNode> received = Mesh.await("the message on b", () -> history(b, "{}"), h -> !h.isEmpty());
            assertThat(texts(received)).containsExactly("are you there?");
            assertThat(received.get(0).get("from").asText()).isEqualTo(a.nodeId().value());
            assertThat(received.get(0).get("direction").asText()).isEqualTo("in");
            Mesh.await("the delivery receipt on a", () -> statusOf(a, id), "delivered"::equals);
            assertThat(history(a, "{}").get(0).get("delivered").asText()).isEqualTo("direct");
        }
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void a_forwarded_message_reaches_its_recipient_and_the_receipt_finds_its_way_back(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            ChatService aliceChat = new ChatService();
            HearthNode a = mesh.start("a", TestKeys.ALICE, aliceChat);
            HearthNode c = mesh.start("c", TestKeys.CAROL, new ChatService());
            mesh.introduceAll();
            ObjectNode sent = send(a, "fw", TestKeys.BOB.nodeId(), "via carol");
            assertThat(sent.get("delivered").asText()).isEqualTo("forwarded");
            String id = sent.get("message_id").asText();
            assertThat(history(c, "{}")).as("held, not part of carol's conversations").isEmpty();

            mesh.stop(a);
            HearthNode b = mesh.start("b", TestKeys.BOB, new ChatService());
            mesh.introduceAll();
            Mesh.await("the forwarded message on b", () -> texts(history(b, "{}")), t -> t.equals(List.of("via carol")));

            a.start();
            mesh.introduceAll();
            Mesh.await("the receipt back on a", () -> statusOf(a, id), "delivered"::equals);
            assertThat(aliceChat.log().query(EventQuery.ofType("chat.receipt", 0, 10))).hasSize(1)
                    .allSatisfy(r -> assertThat(r.author()).isEqualTo(b.nodeId()));
        }
    }

    @org.junit.jupiter.api.Test
    void a_held_event_its_recipient_refuses_does_not_hold_up_the_rest_and_old_ones_are_dropped() {
        ManualClock clock = new ManualClock();
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            ChatService carolChat = fastRetrying();
            HearthNode a = mesh.start("a", TestKeys.ALICE, new ChatService());
            HearthNode c = mesh.start("c", TestKeys.CAROL, carolChat);
            HearthNode m = mesh.start("m", TestKeys.seeded(66));
            mesh.introduceAll();
            // m hands carol a receipt for a message bob never sent: bob will answer not_found.
            io.hearthnet.services.eventlog.Event bogus = io.hearthnet.services.eventlog.Event.create(TestKeys.seeded(66),
                    new io.hearthnet.services.eventlog.UlidGenerator(clock).next(), 1, clock.instant(), "test", ReceiptData.TYPE,
                    new ReceiptData(new io.hearthnet.services.eventlog.UlidGenerator(clock).next(), Status.DELIVERED,
                            TestKeys.BOB.nodeId()).toJson());
            ObjectNode deliver = io.hearthnet.api.json.Json.object();
            deliver.set("event", bogus.toJson());
            assertThat(callOn(m, c.nodeId(), "chat.deliver", deliver).get("status").asText()).isEqualTo("held");
            clock.advance(java.time.Duration.ofSeconds(1));
            assertThat(send(a, "after", TestKeys.BOB.nodeId(), "still gets through").get("delivered").asText()).isEqualTo("forwarded");
            mesh.stop(a);

            HearthNode b = mesh.start("b", TestKeys.BOB, new ChatService());
            mesh.introduceAll();
            Mesh.await("the message held behind the refused one", () -> texts(history(b, "{}")),
                    t -> t.equals(List.of("still gets through")));
            // Released once bob answered; the refused one (not_found) is kept for a while.
            Mesh.await("carol to release what bob took", () -> carolChat.log().read("counting held",
                    conn -> ChatStore.heldFor(conn, TestKeys.BOB.nodeId())), n -> n == 1);
            List<ChatStore.Pending> stillHeld = carolChat.log().read("reading held",
                    conn -> ChatStore.heldFor(conn, TestKeys.BOB.nodeId(), 10));
            assertThat(stillHeld).extracting(p -> p.event().eventId()).containsExactly(bogus.eventId());

            clock.advance(ChatService.HELD_FOR.plusSeconds(1));
            Mesh.await("the old held event to be dropped", () -> carolChat.log().read("counting held", ChatStore::heldSize),
                    n -> n == 0);
        }
    }

    @org.junit.jupiter.api.Test
    void a_held_event_is_kept_while_the_recipient_fails_and_dropped_once_it_refuses_the_event() {
        ManualClock clock = new ManualClock();
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            ChatService carolChat = fastRetrying();
            HearthNode a = mesh.start("a", TestKeys.ALICE, new ChatService());
            mesh.start("c", TestKeys.CAROL, carolChat);
            mesh.introduceAll();
            assertThat(send(a, "k", TestKeys.BOB.nodeId(), "for bob").get("delivered").asText()).isEqualTo("forwarded");
            mesh.stop(a);

            // bob's node answers chat.deliver itself: first failing inside, then refusing the event.
            java.util.concurrent.atomic.AtomicReference<ErrorCode> answer = new java.util.concurrent.atomic.AtomicReference<>(
                    ErrorCode.INTERNAL_ERROR);
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            io.hearthnet.api.Capability deliver = io.hearthnet.api.Capability.of(
                    io.hearthnet.api.CapabilityDescriptor.builder("chat.deliver", "1.0").build(),
                    io.hearthnet.api.CapabilityHandler.unary(call -> {
                        asked.incrementAndGet();
                        throw new io.hearthnet.api.HearthNetException(answer.get(), "scripted answer");
                    }));
            mesh.start("b", TestKeys.BOB, builder -> builder.capability(deliver));
            mesh.introduceAll();

            Mesh.await("carol to try bob twice", asked::get, n -> n >= 2);
            int kept = carolChat.log().read("counting held", conn -> ChatStore.heldFor(conn, TestKeys.BOB.nodeId()));
            assertThat(kept).as("internal_error is not a refusal").isEqualTo(1);

            answer.set(ErrorCode.BAD_REQUEST);
            Mesh.await("the refused event to be dropped", () -> carolChat.log().read("counting held",
                    conn -> ChatStore.heldFor(conn, TestKeys.BOB.nodeId())), n -> n == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void resending_with_the_same_client_id_delivers_once(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            ChatService aliceChat = new ChatService();
            HearthNode a = mesh.start("a", TestKeys.ALICE, aliceChat);
            HearthNode b = mesh.start("b", TestKeys.BOB, new ChatService());
            mesh.introduceAll();
            ObjectNode first = send(a, "once", b.nodeId(), "hello");
            assertThat(first.get("delivered").asText()).isEqualTo("direct");
            assertThat(first.get("status").asText()).isEqualTo("delivered");
            long events = aliceChat.log().count();
            ObjectNode again = send(a, "once", b.nodeId(), "hello");
            assertThat(again.get("message_id")).isEqualTo(first.get("message_id"));
            assertThat(again.get("delivered").asText()).isEqualTo("direct");
            Expect.fails(ErrorCode.BAD_REQUEST, "already used", () -> send(a, "once", b.nodeId(), "something else"));
            assertThat(aliceChat.log().count()).isEqualTo(events);
            assertThat(texts(history(b, "{}"))).containsExactly("hello");
        }
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void history_shows_each_caller_only_its_own_conversations(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            HearthNode a = mesh.start("a", TestKeys.ALICE, new ChatService());
            HearthNode b = mesh.start("b", TestKeys.BOB, new ChatService());
            HearthNode c = mesh.start("c", TestKeys.CAROL, new ChatService());
            mesh.introduceAll();
            send(a, "1", b.nodeId(), "hi bob");
            send(a, "2", c.nodeId(), "hi carol");
            send(b, "3", a.nodeId(), "hi alice");
            Mesh.await("bob's message on a", () -> history(a, "{}").size(), n -> n == 3);

            assertThat(texts(history(a, "{'peer': '" + b.nodeId().value() + "'}"))).containsExactly("hi bob", "hi alice");
            assertThat(texts(history(a, "{}"))).as("in Lamport order, which the concurrent sends leave open")
                    .containsExactlyInAnyOrder("hi bob", "hi carol", "hi alice");
            List<String> carolsView = new ArrayList<>();
            callOn(c, a.nodeId(), "chat.history", json("{}")).get("messages").forEach(m -> carolsView.add(m.get("text").asText()));
            assertThat(carolsView).containsExactly("hi carol");
            Expect.fails(ErrorCode.UNAUTHORIZED, () -> callOn(c, a.nodeId(), "chat.history",
                    json("{'peer': '" + b.nodeId().value() + "'}")));
            Expect.fails(ErrorCode.UNAUTHORIZED, () -> callOn(c, a.nodeId(), "chat.send",
                    json("{'client_id': 'x', 'to': '" + b.nodeId().value() + "', 'text': 'as alice?'}")));
        }
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void a_read_receipt_reaches_the_sender(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            HearthNode a = mesh.start("a", TestKeys.ALICE, new ChatService());
            HearthNode b = mesh.start("b", TestKeys.BOB, new ChatService());
            mesh.introduceAll();
            String id = send(a, "r", b.nodeId(), "read me").get("message_id").asText();
            Expect.fails(ErrorCode.UNAUTHORIZED, () -> callOn(a, b.nodeId(), "chat.read", json("{'message_ids': ['" + id + "']}")));
            Expect.fails(ErrorCode.NOT_FOUND, () -> call(a, "chat.read", json("{'message_ids': ['" + id + "']}")));
            assertThat(call(b, "chat.read", json("{'message_ids': ['" + id + "']}")).get("read").asInt()).isEqualTo(1);
            assertThat(call(b, "chat.read", json("{'message_ids': ['" + id + "']}")).get("read").asInt()).isZero();
            assertThat(statusOf(b, id)).isEqualTo("read");
            Mesh.await("the read receipt on a", () -> statusOf(a, id), "read"::equals);
        }
    }
}
