package io.hearthnet.services.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.eventlog.Ulid;
import io.hearthnet.services.support.Inputs;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code chat.receipt} event's data: the recipient of a message says it was delivered or read,
 * addressed to the message's sender.
 *
 * @param messageId the message
 * @param kind      {@link Status#DELIVERED} or {@link Status#READ}
 * @param to        the message's sender, who should get the receipt
 */
record ReceiptData(Ulid messageId, Status kind, NodeId to) {
    static final String TYPE = "chat.receipt";
    private static final Pattern KIND = Pattern.compile("delivered|read");

    static ReceiptData read(ObjectNode in) {
        Inputs.onlyFields(in, Set.of("message_id", "kind", "to"));
        String id = Inputs.text(in, "message_id", 1, 64);
        if (!Ulid.isValid(id)) {
            throw Inputs.bad("'message_id' must be a ULID");
        }
        String kind = Inputs.matching(in, "kind", KIND, "'delivered' or 'read'");
        return new ReceiptData(Ulid.parse(id), kind.equals("read") ? Status.READ : Status.DELIVERED, Inputs.nodeId(in, "to"));
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("message_id", messageId.value());
        o.put("kind", kind.wireName());
        o.put("to", to.value());
        return o;
    }
}
