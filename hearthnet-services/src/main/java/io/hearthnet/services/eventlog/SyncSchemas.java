package io.hearthnet.services.eventlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;

/** JSON Schemas of the log replication capabilities. */
final class SyncSchemas {
    static final String NODE_ID = "^ed25519:[A-Za-z0-9_-]{43}$";
    static final String HEADS = """
            {"type": "object", "maxProperties": 10000,
             "propertyNames": {"pattern": "%s"},
             "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 9007199254740991}}
            """.formatted(NODE_ID);
    static final String EVENT = """
            {"type": "object", "additionalProperties": false,
             "required": ["schema_version", "event_id", "lamport", "wall_clock", "community_id", "author",
                          "event_type", "data", "signature"],
             "properties": {
               "schema_version": {"type": "integer", "const": 1},
               "event_id": {"type": "string", "pattern": "^[0-7][0-9A-HJKMNP-TV-Z]{25}$"},
               "lamport": {"type": "integer", "minimum": 1, "maximum": 9007199254740991},
               "wall_clock": {"type": "string", "maxLength": 40},
               "community_id": {"type": "string", "minLength": 1, "maxLength": 128},
               "author": {"type": "string", "pattern": "%s"},
               "event_type": {"type": "string", "maxLength": 131},
               "data": {"type": "object"},
               "signature": {"type": "string", "pattern": "^ed25519:[A-Za-z0-9_-]{86}$"}}}
            """.formatted(NODE_ID);

    static final ObjectNode HEAD_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "properties": {}}
            """);
    static final ObjectNode HEAD_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false,
             "required": ["community_id", "lamport", "count", "heads"],
             "properties": {
               "community_id": {"type": "string"},
               "lamport": {"type": "integer", "minimum": 0},
               "count": {"type": "integer", "minimum": 0},
               "heads": %s}}
            """.formatted(HEADS));
    static final ObjectNode PULL_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["have"],
             "properties": {
               "have": %s,
               "limit": {"type": "integer", "minimum": 1, "maximum": 500}}}
            """.formatted(HEADS));
    static final ObjectNode PULL_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["events", "more"],
             "properties": {
               "events": {"type": "array", "maxItems": 500, "items": %s},
               "more": {"type": "boolean"}}}
            """.formatted(EVENT));
    static final ObjectNode ANNOUNCE_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["heads"],
             "properties": {"heads": %s}}
            """.formatted(HEADS));
    static final ObjectNode ANNOUNCE_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["pulling"],
             "properties": {"pulling": {"type": "boolean"}}}
            """);

    private SyncSchemas() {}
}
