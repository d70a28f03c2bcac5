package io.hearthnet.services.market;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;

/** JSON Schemas of the marketplace capabilities. */
final class MarketSchemas {
    static final String CLIENT_ID = "^[A-Za-z0-9._:-]{1,128}$";
    static final String SLUG = "^[a-z0-9][a-z0-9_-]{0,31}$";
    static final String ULID = "^[0-7][0-9A-HJKMNP-TV-Z]{25}$";
    static final String NODE_ID = "^ed25519:[A-Za-z0-9_-]{43}$";

    private static final String TAGS = """
            {"type": "array", "maxItems": 16, "uniqueItems": true, "items": {"type": "string", "pattern": "%s"}}
            """.formatted(SLUG);
    private static final String POST = """
            {"type": "object", "additionalProperties": false,
             "required": ["post_id", "lamport", "author", "posted_by", "client_id", "title", "description",
                          "category", "tags", "created_at", "expires_at"],
             "properties": {
               "post_id": {"type": "string", "pattern": "%s"},
               "lamport": {"type": "integer", "minimum": 1},
               "author": {"type": "string", "pattern": "%s"},
               "posted_by": {"type": "string", "pattern": "%s"},
               "client_id": {"type": "string", "pattern": "%s"},
               "title": {"type": "string", "minLength": 1, "maxLength": 200},
               "description": {"type": "string", "maxLength": 4000},
               "category": {"type": "string", "pattern": "%s"},
               "tags": %s,
               "created_at": {"type": "string"},
               "expires_at": {"type": "string"},
               "score": {"type": "number", "minimum": 0}}}
            """.formatted(ULID, NODE_ID, NODE_ID, CLIENT_ID, SLUG, TAGS);

    static final ObjectNode POST_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["client_id", "title", "category"],
             "properties": {
               "client_id": {"type": "string", "pattern": "%s",
                             "description": "the poster's idempotency key: posting again with it returns the first post"},
               "title": {"type": "string", "minLength": 1, "maxLength": 200},
               "description": {"type": "string", "maxLength": 4000},
               "category": {"type": "string", "pattern": "%s"},
               "tags": %s,
               "ttl_seconds": {"type": "integer", "minimum": 1,
                               "description": "default 604800 (7 days); more than 2592000 (30 days) is bad_request"}}}
            """.formatted(CLIENT_ID, SLUG, TAGS));
    static final ObjectNode POST_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["post_id", "lamport", "created", "expires_at"],
             "properties": {
               "post_id": {"type": "string", "pattern": "%s"},
               "lamport": {"type": "integer", "minimum": 1},
               "created": {"type": "boolean", "description": "false when client_id had been used before"},
               "expires_at": {"type": "string"}}}
            """.formatted(ULID));
    static final ObjectNode LIST_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false,
             "properties": {
               "category": {"type": "string", "pattern": "%s"},
               "tags": %s,
               "since_lamport": {"type": "integer", "minimum": 0},
               "limit": {"type": "integer", "minimum": 1, "maximum": 500}}}
            """.formatted(SLUG, TAGS));
    static final ObjectNode LIST_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["posts", "lamport"],
             "properties": {
               "posts": {"type": "array", "maxItems": 500, "items": %s},
               "lamport": {"type": "integer", "minimum": 0}}}
            """.formatted(POST));
    static final ObjectNode EXPIRE_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["post_id"],
             "properties": {"post_id": {"type": "string", "pattern": "%s"}}}
            """.formatted(ULID));
    static final ObjectNode EXPIRE_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["post_id", "expired", "already"],
             "properties": {
               "post_id": {"type": "string", "pattern": "%s"},
               "expired": {"type": "boolean", "const": true},
               "already": {"type": "boolean", "description": "true when the post had already expired"}}}
            """.formatted(ULID));
    static final ObjectNode SEARCH_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["query"],
             "properties": {
               "query": {"type": "string", "minLength": 1, "maxLength": 256},
               "category": {"type": "string", "pattern": "%s"},
               "limit": {"type": "integer", "minimum": 1, "maximum": 100}}}
            """.formatted(SLUG));
    static final ObjectNode SEARCH_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["posts"],
             "properties": {"posts": {"type": "array", "maxItems": 100, "items": %s}}}
            """.formatted(POST));

    private MarketSchemas() {}
}
