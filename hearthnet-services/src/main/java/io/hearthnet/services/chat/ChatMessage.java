package io.hearthnet.services.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.eventlog.Ulid;
import java.util.Optional;

/**
 * One message of this node's conversations, as {@code chat.history} shows it.
 *
 * @param delivery how it was handed over; only for messages this node sent
 */
record ChatMessage(Ulid messageId, String clientId, NodeId from, NodeId to, String text, String sentAt, long lamport,
                   boolean outgoing, Status status, Optional<Delivery> delivery) {

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("message_id", messageId.value());
        o.put("client_id", clientId);
        o.put("from", from.value());
        o.put("to", to.value());
        o.put("text", text);
        o.put("sent_at", sentAt);
        o.put("lamport", lamport);
        o.put("direction", outgoing ? "out" : "in");
        o.put("status", status.wireName());
        delivery.ifPresent(d -> o.put("delivered", d.wireName()));
        return o;
    }
}
