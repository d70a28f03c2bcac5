package io.hearthnet.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.everit.json.schema.Schema;
import org.everit.json.schema.SchemaException;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaClient;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Validates call inputs, replies and stream frames against their capability's JSON Schemas.
 * Schemas are checked against the JSON Schema meta-schema and compiled once, then cached by the
 * descriptor's schema hash (so a remote reply can be checked whenever a local descriptor shares
 * the hash). Remote {@code $ref}s are never fetched.
 */
final class SchemaValidator {
    private static final SchemaClient NO_REMOTE_REFS = url -> {
        throw new SchemaException("remote $ref '" + url + "' is not allowed; inline the schema");
    };
    private static final Schema META_SCHEMA = loadMetaSchema();

    private final Cache<String, Compiled> compiled = Caffeine.newBuilder().maximumSize(10_000).build();

    /** Compiled schemas of one descriptor; a null schema accepts anything. */
    record Compiled(String schemaHash, Schema request, Schema response, Schema stream) {}

    /**
     * Checks and compiles a descriptor's schemas.
     *
     * @throws HearthNetException {@code schema_invalid} naming the schema and the problem
     */
    Compiled compile(CapabilityDescriptor d) {
        Compiled known = compiled.getIfPresent(d.schemaHash());
        if (known != null) {
            return known;
        }
        Compiled c = new Compiled(d.schemaHash(),
                load(d.requestSchema().orElse(null), d, "request"),
                load(d.responseSchema().orElse(null), d, "response"),
                load(d.streamSchema().orElse(null), d, "stream"));
        compiled.put(d.schemaHash(), c);
        return c;
    }

    /** The compiled schemas for a hash, if a local descriptor with that hash was compiled. */
    Compiled lookup(String schemaHash) {
        return compiled.getIfPresent(schemaHash);
    }

    void validateRequest(Compiled c, ObjectNode input) {
        validate(c.request(), input, c.schemaHash(), "input");
    }

    void validateResponse(Compiled c, ObjectNode reply) {
        validate(c.response(), reply, c.schemaHash(), "reply");
    }

    void validateFrame(Compiled c, ObjectNode data) {
        validate(c.stream(), data, c.schemaHash(), "stream frame");
    }

    private static void validate(Schema schema, ObjectNode value, String hash, String what) {
        if (schema == null) {
            return;
        }
        try {
            schema.validate(toOrgJson(value));
        } catch (ValidationException e) {
            List<String> all = e.getAllMessages();
            String detail = all.size() > 3 ? String.join("; ", all.subList(0, 3)) + "; …" : String.join("; ", all);
            throw HearthNetException.schemaMismatch(what + " does not match the schema: " + detail, hash);
        }
    }

    private static Schema load(ObjectNode schema, CapabilityDescriptor d, String which) {
        if (schema == null) {
            return null;
        }
        JSONObject raw = (JSONObject) toOrgJson(schema);
        try {
            META_SCHEMA.validate(raw);
        } catch (ValidationException e) {
            throw new HearthNetException(ErrorCode.SCHEMA_INVALID, which + " schema of " + d.id()
                    + " is not a valid JSON Schema: " + String.join("; ", e.getAllMessages()));
        }
        try {
            return SchemaLoader.builder().schemaClient(NO_REMOTE_REFS).schemaJson(raw).draftV7Support().build().load().build();
        } catch (SchemaException | IllegalArgumentException | ClassCastException e) {
            throw new HearthNetException(ErrorCode.SCHEMA_INVALID, which + " schema of " + d.id()
                    + " is not a valid JSON Schema: " + e.getMessage(), e);
        }
    }

    private static Schema loadMetaSchema() {
        try (InputStream in = SchemaValidator.class.getResourceAsStream("json-schema-meta.json")) {
            if (in == null) {
                throw new IllegalStateException("json-schema-meta.json is missing from the classpath");
            }
            JSONObject meta = new JSONObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            return SchemaLoader.builder().schemaClient(NO_REMOTE_REFS).schemaJson(meta).draftV7Support().build().load().build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the JSON Schema meta-schema", e);
        }
    }

    /** Converts a Jackson tree to org.json values without going through text. */
    static Object toOrgJson(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                JSONObject o = new JSONObject();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    o.put(f.getKey(), toOrgJson(f.getValue()));
                }
                return o;
            }
            case ARRAY: {
                JSONArray a = new JSONArray();
                for (JsonNode item : node) {
                    a.put(toOrgJson(item));
                }
                return a;
            }
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.isIntegralNumber() ? (Object) node.numberValue() : (Object) node.decimalValue();
            case BOOLEAN:
                return node.booleanValue();
            default:
                return JSONObject.NULL;
        }
    }
}
