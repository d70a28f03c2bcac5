package io.hearthnet.services.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.support.Inputs;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a message says: the sender's idempotency key, the recipient and the text. The same fields
 * make a {@code chat.send} input and a {@code chat.message} event's data.
 *
 * @param clientId the sender's idempotency key
 * @param to       the recipient node
 * @param text     1 to 4 000 characters
 */
record MessageData(String clientId, NodeId to, String text) {
    static final String TYPE = "chat.message";
    private static final Pattern CLIENT_ID = Pattern.compile(ChatSchemas.CLIENT_ID);
    private static final Set<String> FIELDS = Set.of("client_id", "to", "text");

    /** Reads an input or event data; any problem is {@code bad_request}. */
    static MessageData read(ObjectNode in) {
        Inputs.onlyFields(in, FIELDS);
        return new MessageData(
                Inputs.matching(in, "client_id", CLIENT_ID, "1 to 128 letters, digits, '.', '_', ':' or '-'"),
                Inputs.nodeId(in, "to"),
                Inputs.text(in, "text", 1, ChatSchemas.MAX_TEXT));
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("client_id", clientId);
        o.put("to", to.value());
        o.put("text", text);
        return o;
    }
}
