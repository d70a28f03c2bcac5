package io.hearthnet.services.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;

/** JSON Schemas of the chat capabilities. */
final class ChatSchemas {
    static final String CLIENT_ID = "^[A-Za-z0-9._:-]{1,128}$";
    static final String NODE_ID = "^ed25519:[A-Za-z0-9_-]{43}$";
    static final String ULID = "^[0-7][0-9A-HJKMNP-TV-Z]{25}$";
    static final int MAX_TEXT = 4000;

    private static final String EVENT = """
            {"type": "object", "additionalProperties": false,
             "required": ["schema_version", "event_id", "lamport", "wall_clock", "community_id", "author",
                          "event_type", "data", "signature"],
             "properties": {
               "schema_version": {"type": "integer", "const": 1},
               "event_id": {"type": "string", "pattern": "%s"},
               "lamport": {"type": "integer", "minimum": 1, "maximum": 9007199254740991},
               "wall_clock": {"type": "string", "maxLength": 40},
               "community_id": {"type": "string", "minLength": 1, "maxLength": 128},
               "author": {"type": "string", "pattern": "%s"},
               "event_type": {"type": "string", "enum": ["chat.message", "chat.receipt"]},
               "data": {"type": "object"},
               "signature": {"type": "string", "pattern": "^ed25519:[A-Za-z0-9_-]{86}$"}}}
            """.formatted(ULID, NODE_ID);
    private static final String DELIVERY = "{\"type\": \"string\", \"enum\": [\"direct\", \"forwarded\", \"queued\"]}";
    private static final String STATUS = "{\"type\": \"string\", \"enum\": [\"pending\", \"delivered\", \"read\"]}";

    static final ObjectNode SEND_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["client_id", "to", "text"],
             "properties": {
               "client_id": {"type": "string", "pattern": "%s",
                             "description": "the sender's idempotency key: sending again with it changes nothing"},
               "to": {"type": "string", "pattern": "%s"},
               "text": {"type": "string", "minLength": 1, "maxLength": %d}}}
            """.formatted(CLIENT_ID, NODE_ID, MAX_TEXT));
    static final ObjectNode SEND_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false,
             "required": ["message_id", "client_id", "delivered", "status", "lamport"],
             "properties": {
               "message_id": {"type": "string", "pattern": "%s"},
               "client_id": {"type": "string", "pattern": "%s"},
               "delivered": %s,
               "status": %s,
               "lamport": {"type": "integer", "minimum": 1}}}
            """.formatted(ULID, CLIENT_ID, DELIVERY, STATUS));
    static final ObjectNode HISTORY_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false,
             "properties": {
               "peer": {"type": "string", "pattern": "%s",
                        "description": "only the conversation with this node; callers other than this node must name themselves"},
               "since_lamport": {"type": "integer", "minimum": 0},
               "limit": {"type": "integer", "minimum": 1, "maximum": 500}}}
            """.formatted(NODE_ID));
    static final ObjectNode HISTORY_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["messages"],
             "properties": {"messages": {"type": "array", "maxItems": 500, "items":
               {"type": "object", "additionalProperties": false,
                "required": ["message_id", "client_id", "from", "to", "text", "sent_at", "lamport", "direction", "status"],
                "properties": {
                  "message_id": {"type": "string", "pattern": "%s"},
                  "client_id": {"type": "string", "pattern": "%s"},
                  "from": {"type": "string", "pattern": "%s"},
                  "to": {"type": "string", "pattern": "%s"},
                  "text": {"type": "string", "maxLength": %d},
                  "sent_at": {"type": "string"},
                  "lamport": {"type": "integer", "minimum": 1},
                  "direction": {"type": "string", "enum": ["in", "out"]},
                  "status": %s,
                  "delivered": %s}}}}}
            """.formatted(ULID, CLIENT_ID, NODE_ID, NODE_ID, MAX_TEXT, STATUS, DELIVERY));
    static final ObjectNode DELIVER_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["event"],
             "properties": {"event": %s}}
            """.formatted(EVENT));
    static final ObjectNode DELIVER_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["status"],
             "properties": {
               "status": {"type": "string", "enum": ["accepted", "duplicate", "held"]},
               "receipt": %s}}
            """.formatted(EVENT));
    static final ObjectNode READ_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["message_ids"],
             "properties": {"message_ids": {"type": "array", "minItems": 1, "maxItems": 100, "uniqueItems": true,
                                            "items": {"type": "string", "pattern": "%s"}}}}
            """.formatted(ULID));
    static final ObjectNode READ_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["read"],
             "properties": {"read": {"type": "integer", "minimum": 0, "maximum": 100}}}
            """);

    private ChatSchemas() {}
}
