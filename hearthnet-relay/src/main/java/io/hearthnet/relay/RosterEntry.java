package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * One member as the roster shows it: {@code {"node_id", "community", "joined_at", "manifest"?}}.
 * The manifest is the member's own signed manifest, passed on as it sent it; readers verify it.
 *
 * @param nodeId    the member
 * @param community its community
 * @param joinedAt  when it joined
 * @param manifest  its latest signed manifest, if it sent one
 */
record RosterEntry(NodeId nodeId, String community, Instant joinedAt, Optional<ObjectNode> manifest) {
    RosterEntry {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(manifest, "manifest");
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("node_id", nodeId.value());
        o.put("community", community);
        o.put("joined_at", joinedAt.toString());
        manifest.ifPresent(m -> o.set("manifest", m));
        return o;
    }

    /** Reads an entry; malformed fields are {@code bad_request}. */
    static RosterEntry fromJson(JsonNode json) {
        ObjectNode o = Json.requireObject(json, "roster entry");
        Instant joined;
        try {
            joined = Instant.parse(text(o, "joined_at"));
        } catch (DateTimeParseException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "roster entry joined_at must be RFC 3339 UTC", e);
        }
        JsonNode manifest = o.get("manifest");
        Optional<ObjectNode> m = manifest == null || manifest.isNull() ? Optional.empty()
                : Optional.of(Json.requireObject(manifest, "roster entry manifest"));
        return new RosterEntry(NodeId.parse(text(o, "node_id")), text(o, "community"), joined, m);
    }

    private static String text(ObjectNode o, String field) {
        JsonNode value = o.get(field);
        if (value == null || !value.isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "roster entry field '" + field + "' must be a string");
        }
        return value.asText();
    }
}
