package io.hearthnet.services.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;

/** JSON Schemas of the files capabilities. */
final class FilesSchemas {
    static final String HASH = "^blake3:[0-9a-f]{64}$";
    static final String NODE_ID = "^ed25519:[A-Za-z0-9_-]{43}$";
    /** Base64 of a full chunk: 4 characters per 3 bytes, padded. */
    static final int MAX_CHUNK_BASE64 = (BlobManifest.CHUNK_SIZE + 2) / 3 * 4;
    static final int MAX_CHUNKS = (int) (BlobManifest.MAX_SIZE / BlobManifest.CHUNK_SIZE);

    private static final String NAME = "{\"type\": \"string\", \"minLength\": 1, \"maxLength\": 255, \"pattern\": \"^[^\\\\u0000-\\\\u001f\\\\u007f]+$\"}";
    private static final String MANIFEST = """
            {"type": "object", "additionalProperties": false, "required": ["blob_id", "name", "size", "chunk_size", "chunks"],
             "properties": {
               "blob_id": {"type": "string", "pattern": "%1$s"},
               "name": %2$s,
               "size": {"type": "integer", "minimum": 0, "maximum": %3$d},
               "chunk_size": {"type": "integer", "const": %4$d},
               "chunks": {"type": "array", "maxItems": %5$d, "items": {"type": "string", "pattern": "%1$s"}}}}
            """.formatted(HASH, NAME, BlobManifest.MAX_SIZE, BlobManifest.CHUNK_SIZE, MAX_CHUNKS);
    private static final String CHUNK_DATA = """
            {"type": "string", "maxLength": %d, "contentEncoding": "base64"}
            """.formatted(MAX_CHUNK_BASE64);

    static final ObjectNode PUT_REQUEST = Json.parseObject("""
            {"type": "object", "oneOf": [
              {"description": "store one chunk (checked against cid when given)",
               "additionalProperties": false, "required": ["chunk"],
               "properties": {"chunk": %1$s, "cid": {"type": "string", "pattern": "%2$s"}}},
              {"description": "offer a blob: this node fetches the chunks it lacks from 'from' (default: the caller), checks every hash, then keeps the manifest",
               "additionalProperties": false, "required": ["manifest"],
               "properties": {"manifest": %3$s, "from": {"type": "string", "pattern": "%4$s"}}}]}
            """.formatted(CHUNK_DATA, HASH, MANIFEST, NODE_ID));
    static final ObjectNode PUT_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["stored", "already", "complete"],
             "properties": {
               "cid": {"type": "string", "pattern": "%1$s"},
               "blob_id": {"type": "string", "pattern": "%1$s"},
               "stored": {"type": "integer", "minimum": 0, "description": "chunks newly written"},
               "already": {"type": "integer", "minimum": 0, "description": "chunks this node had before"},
               "complete": {"type": "boolean", "description": "the blob is whole here (false for a single chunk)"},
               "missing": {"type": "array", "maxItems": %2$d, "items": {"type": "string", "pattern": "%1$s"}}}}
            """.formatted(HASH, MAX_CHUNKS));
    static final ObjectNode READ_REQUEST = Json.parseObject("""
            {"type": "object", "oneOf": [
              {"description": "one chunk", "additionalProperties": false, "required": ["cid"],
               "properties": {"cid": {"type": "string", "pattern": "%1$s"}}},
              {"description": "a blob's manifest then its chunks in order (only those in 'cids' when given)",
               "additionalProperties": false, "required": ["blob_id"],
               "properties": {"blob_id": {"type": "string", "pattern": "%1$s"},
                              "cids": {"type": "array", "maxItems": %2$d, "items": {"type": "string", "pattern": "%1$s"}}}}]}
            """.formatted(HASH, MAX_CHUNKS));
    static final ObjectNode READ_FRAME = Json.parseObject("""
            {"type": "object", "oneOf": [
              {"description": "event 'manifest'", "additionalProperties": false, "required": ["manifest"],
               "properties": {"manifest": %1$s}},
              {"description": "event 'chunk'", "additionalProperties": false, "required": ["cid", "index", "data"],
               "properties": {"cid": {"type": "string", "pattern": "%2$s"},
                              "index": {"type": "integer", "minimum": 0},
                              "data": %3$s}}]}
            """.formatted(MANIFEST, HASH, CHUNK_DATA));
    static final ObjectNode LIST_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false,
             "properties": {
               "prefix": {"type": "string", "maxLength": 255, "description": "names starting with this"},
               "limit": {"type": "integer", "minimum": 1, "maximum": 500}}}
            """);
    static final ObjectNode LIST_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["files"],
             "properties": {"files": {"type": "array", "maxItems": 500, "items":
               {"type": "object", "additionalProperties": false, "required": ["blob_id", "name", "size", "local", "holders"],
                "properties": {
                  "blob_id": {"type": "string", "pattern": "%1$s"},
                  "name": {"type": "string"},
                  "size": {"type": "integer", "minimum": 0},
                  "local": {"type": "boolean", "description": "this node holds the whole blob"},
                  "holders": {"type": "array", "maxItems": 16, "items": {"type": "string", "pattern": "%2$s"}}}}}}}
            """.formatted(HASH, NODE_ID));
    static final ObjectNode ADVERTISE_REQUEST = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["blobs"],
             "properties": {"blobs": {"type": "array", "minItems": 1, "maxItems": 100, "items":
               {"type": "object", "additionalProperties": false, "required": ["blob_id", "name", "size"],
                "properties": {
                  "blob_id": {"type": "string", "pattern": "%1$s"},
                  "name": %2$s,
                  "size": {"type": "integer", "minimum": 0, "maximum": %3$d}}}}}}
            """.formatted(HASH, NAME, BlobManifest.MAX_SIZE));
    static final ObjectNode ADVERTISE_RESPONSE = Json.parseObject("""
            {"type": "object", "additionalProperties": false, "required": ["recorded"],
             "properties": {"recorded": {"type": "integer", "minimum": 0, "maximum": 100}}}
            """);

    private FilesSchemas() {}
}
