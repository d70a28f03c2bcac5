package io.hearthnet.services.chat;

import static io.hearthnet.services.testing.Calls.call;
import static io.hearthnet.services.testing.Calls.callOn;
import static io.hearthnet.services.testing.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.spi.TrustPolicy;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.bus.BusConfig;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.services.eventlog.Event;
import io.hearthnet.services.eventlog.UlidGenerator;
import io.hearthnet.services.testing.Calls;
import io.hearthnet.services.testing.Mesh;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chat's refusals (bad input, forged or foreign events) and its persistence across restarts. */
class ChatServiceTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static Event message(NodeKeyPair from, NodeId to, String community, String text) {
        ObjectNode data = new MessageData("k-" + text.length(), to, text).toJson();
        return Event.create(from, new UlidGenerator(new ManualClock()).next(), 1, Instant.parse("2026-01-01T00:00:00Z"),
                community, MessageData.TYPE, data);
    }

    private static ObjectNode deliverInput(ObjectNode event) {
        ObjectNode in = json("{}");
        in.set("event", event);
        return in;
    }

    @Test
    void forged_foreign_and_non_member_events_are_refused_and_stored_nowhere() {
        NodeKeyPair outsider = TestKeys.seeded(7);
        TrustPolicy noOutsiders = new TrustPolicy() {
            @Override
            public TrustLevel levelOf(NodeId node, String community) {
                return node.equals(outsider.nodeId()) ? TrustLevel.UNKNOWN : TrustLevel.MEMBER;
            }

            @Override
            public boolean isRevoked(NodeId node) {
                return false;
            }
        };
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            ChatService bobChat = ChatService.builder().membership(noOutsiders).build();
            HearthNode a = mesh.start("a", TestKeys.ALICE, new ChatService());
            HearthNode b = mesh.start("b", TestKeys.BOB, bobChat);
            mesh.introduceAll();

            ObjectNode forged = message(TestKeys.ALICE, b.nodeId(), "test", "genuine").toJson();
            ((ObjectNode) forged.get("data")).put("text", "tampered");
            Expect.fails(ErrorCode.INVALID_SIGNATURE, () -> callOn(a, b.nodeId(), "chat.deliver", deliverInput(forged)));
            ObjectNode impostor = message(TestKeys.CAROL, b.nodeId(), "test", "hi").toJson();
            impostor.put("author", TestKeys.ALICE.nodeId().value());
            Expect.fails(ErrorCode.INVALID_SIGNATURE, () -> callOn(a, b.nodeId(), "chat.deliver", deliverInput(impostor)));
            Calls.rejectsInput(() -> callOn(a, b.nodeId(), "chat.deliver",
                    deliverInput(message(TestKeys.ALICE, b.nodeId(), "elsewhere", "hi").toJson())));
            Expect.fails(ErrorCode.UNAUTHORIZED, () -> callOn(a, b.nodeId(), "chat.deliver",
                    deliverInput(message(outsider, b.nodeId(), "test", "let me in").toJson())));
            assertThat(bobChat.log().count()).isZero();
            assertThat(call(b, "chat.history", json("{}")).get("messages")).isEmpty();

            ObjectNode genuine = message(TestKeys.ALICE, b.nodeId(), "test", "genuine").toJson();
            assertThat(callOn(a, b.nodeId(), "chat.deliver", deliverInput(genuine)).get("status").asText()).isEqualTo("accepted");
            assertThat(callOn(a, b.nodeId(), "chat.deliver", deliverInput(genuine)).get("status").asText()).isEqualTo("duplicate");
            assertThat(call(b, "chat.history", json("{}")).get("messages")).hasSize(1);
        }
    }

    @Test
    void receipts_for_messages_others_delivered_cannot_fill_the_outbox_own_messages_wait_in() {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            ChatService bobChat = ChatService.builder().maxOutbox(2).build();
            HearthNode m = mesh.start("m", TestKeys.seeded(66));
            HearthNode b = mesh.start("b", TestKeys.BOB, bobChat);
            mesh.introduceAll();
            // m delivers messages signed by keys that are nowhere on the mesh: their receipts must wait.
            for (int i = 0; i < 4; i++) {
                ObjectNode relayed = message(TestKeys.seeded(70 + i), b.nodeId(), "test", "from afar " + i).toJson();
                assertThat(callOn(m, b.nodeId(), "chat.deliver", deliverInput(relayed)).get("status").asText()).isEqualTo("accepted");
            }
            int receipts = bobChat.log().read("sizing", c -> ChatStore.outboxSize(c, ReceiptData.TYPE));
            assertThat(receipts).as("receipts stop at their own budget").isEqualTo(2);

            for (int i = 0; i < 2; i++) {
                assertThat(call(b, "chat.send", json("{'client_id': 'own-" + i + "', 'to': '" + TestKeys.CAROL.nodeId().value()
                        + "', 'text': 'mine'}")).get("delivered").asText()).isEqualTo("queued");
            }
            Expect.fails(ErrorCode.CAPACITY_EXCEEDED, () -> call(b, "chat.send", json("{'client_id': 'own-2', 'to': '"
                    + TestKeys.CAROL.nodeId().value() + "', 'text': 'one too many'}")));
        }
    }

    @Test
    void queued_messages_and_conversations_survive_a_restart() {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            HearthNode a = mesh.start("a", TestKeys.ALICE, new ChatService());
            String id = call(a, "chat.send", json("{'client_id': 'q', 'to': '" + TestKeys.BOB.nodeId().value()
                    + "', 'text': 'wait for me'}")).get("message_id").asText();
            a.close();
            a.start();
            assertThat(call(a, "chat.history", json("{}")).get("messages").get(0).get("delivered").asText()).isEqualTo("queued");
            HearthNode b = mesh.start("b", TestKeys.BOB, new ChatService());
            mesh.introduceAll();
            Mesh.await("the queued message on b", () -> call(b, "chat.history", json("{}")).get("messages").size(), n -> n == 1);
            Mesh.await("the receipt on a", () -> call(a, "chat.history", json("{}")).get("messages").get(0).get("status").asText(),
                    "delivered"::equals);
            assertThat(call(a, "chat.history", json("{}")).get("messages").get(0).get("message_id").asText()).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bad_input_to_every_capability_is_refused_and_stores_nothing(boolean busValidates) {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            ChatService chat = new ChatService();
            HearthNode node = mesh.start("a", TestKeys.ALICE,
                    b -> b.busConfig(BusConfig.builder().validateSchemas(busValidates).build()), chat);
            String bob = TestKeys.BOB.nodeId().value();
            String[][] cases = {
                    {"chat.send", "{}"},
                    {"chat.send", "{'to': '" + bob + "', 'text': 'no client id'}"},
                    {"chat.send", "{'client_id': 'a', 'text': 'no recipient'}"},
                    {"chat.send", "{'client_id': 'a', 'to': '" + bob + "'}"},
                    {"chat.send", "{'client_id': 'a', 'to': 'ed25519:XXXX-XXXX-XXXX-XXXX', 'text': 'short form'}"},
                    {"chat.send", "{'client_id': 'a', 'to': 42, 'text': 'number'}"},
                    {"chat.send", "{'client_id': 'a', 'to': '" + bob + "', 'text': ''}"},
                    {"chat.send", "{'client_id': 'a', 'to': '" + bob + "', 'text': '" + "x".repeat(4001) + "'}"},
                    {"chat.send", "{'client_id': '" + "c".repeat(129) + "', 'to': '" + bob + "', 'text': 'hi'}"},
                    {"chat.send", "{'client_id': 'a', 'to': '" + bob + "', 'text': 'hi', 'cc': 'x'}"},
                    {"chat.send", "{'client_id': 'a', 'to': '" + node.nodeId().value() + "', 'text': 'to myself'}"},
                    {"chat.history", "{'peer': 'nobody'}"},
                    {"chat.history", "{'limit': 501}"},
                    {"chat.history", "{'since_lamport': 'x'}"},
                    {"chat.history", "{'x': 1}"},
                    {"chat.read", "{}"},
                    {"chat.read", "{'message_ids': []}"},
                    {"chat.read", "{'message_ids': ['nope']}"},
                    {"chat.read", "{'message_ids': 'one'}"},
                    {"chat.deliver", "{}"},
                    {"chat.deliver", "{'event': 'text'}"},
                    {"chat.deliver", "{'event': {'schema_version': 1}}"},
            };
            for (String[] c : cases) {
                Calls.rejectsInput(() -> call(node, c[0], json(c[1])));
            }
            assertThat(chat.log().count()).isZero();
            assertThat(call(node, "chat.history", json("{}")).get("messages")).isEmpty();
        }
    }
}
