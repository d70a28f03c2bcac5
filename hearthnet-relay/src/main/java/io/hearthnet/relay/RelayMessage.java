package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import java.util.Objects;

/**
 * An envelope as a member reads it from its mailbox: routing fields checked, the rest in
 * {@link #json()}. Also writes the envelopes a member sends.
 *
 * @param id   the sender's envelope id
 * @param from the sender (authenticated by the hub; the hub itself for roster envelopes)
 * @param kind what it carries
 * @param json the whole envelope
 */
record RelayMessage(String id, NodeId from, String kind, ObjectNode json) {
    RelayMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(json, "json");
    }

    /** Reads a polled envelope; malformed ones are {@code bad_request}. */
    static RelayMessage of(ObjectNode json) {
        String id = text(json, "id");
        if (!RelayEnvelope.ID.matcher(id).matches()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "envelope id must match " + RelayEnvelope.ID.pattern());
        }
        return new RelayMessage(id, NodeId.parse(text(json, "from")), text(json, "kind"), json);
    }

    /** The id of the envelope this one answers ({@code re}). */
    String re() {
        return text(json, "re");
    }

    /** A new envelope of {@code kind} from {@code from} to {@code to}. */
    static ObjectNode create(String id, NodeId from, NodeId to, String kind) {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("from", from.value());
        o.put("to", to.value());
        o.put("kind", kind);
        return o;
    }

    static String text(ObjectNode o, String field) {
        JsonNode value = o.get(field);
        if (value == null || !value.isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "envelope field '" + field + "' must be a string");
        }
        return value.asText();
    }
}
