package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the hub reads of an envelope a member sends: a JSON object with {@code id}, {@code from},
 * {@code to} and {@code kind}. Everything else (the signed call inside, a reply, a frame) is the
 * members' business; the hub stores and delivers {@link #bytes()} exactly as they arrived.
 *
 * @param id    the sender's id for it, unique per sender ({@code [A-Za-z0-9._:-]{1,128}})
 * @param from  the sending node
 * @param to    the addressee
 * @param kind  what it carries ({@code [a-z_]{1,32}})
 * @param bytes the envelope as sent
 *
 * <p>A send request carries one or many of them: {@link SendRequest}.
 */
record RelayEnvelope(String id, NodeId from, NodeId to, String kind, byte[] bytes) {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final Pattern KIND = Pattern.compile("[a-z_]{1,32}");

    RelayEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** Reads the routing fields of {@code bytes}; anything malformed is {@code bad_request} saying what. */
    static RelayEnvelope parse(byte[] bytes) {
        ObjectNode o = Json.requireObject(Json.parse(bytes), "envelope");
        String id = text(o, "id");
        if (!ID.matcher(id).matches()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "envelope id must match " + ID.pattern());
        }
        String kind = text(o, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "envelope kind must match " + KIND.pattern());
        }
        return new RelayEnvelope(id, NodeId.parse(text(o, "from")), NodeId.parse(text(o, "to")), kind, bytes);
    }

    private static String text(ObjectNode o, String field) {
        JsonNode value = o.get(field);
        if (value == null || !value.isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "envelope field '" + field + "' must be a string");
        }
        return value.asText();
    }
}
