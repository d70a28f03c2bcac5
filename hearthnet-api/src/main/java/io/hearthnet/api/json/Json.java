package io.hearthnet.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one shared, configured Jackson {@link ObjectMapper} and small helpers for JSON bodies.
 *
 * <p>Duplicate keys are rejected (a signed body must mean one thing), nesting depth is bounded,
 * and every parse failure becomes a {@link HearthNetException} with {@link ErrorCode#BAD_REQUEST}.
 */
public final class Json {
    /** Maximum nesting depth accepted from the wire. */
    public static final int MAX_DEPTH = 64;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    private Json() {}

    /** The shared mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A new empty array node. */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Parses any JSON value; malformed text is {@code bad_request}. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** Parses any JSON value from UTF-8 bytes; malformed text is {@code bad_request}. */
    public static JsonNode parse(byte[] utf8) {
        try {
            JsonNode node = MAPPER.readTree(utf8);
            if (node == null || node.isMissingNode()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "empty JSON document");
            }
            return node;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Parses any JSON value from a stream; malformed text is {@code bad_request}. */
    public static JsonNode parse(InputStream in) {
        try {
            JsonNode node = MAPPER.readTree(in);
            if (node == null || node.isMissingNode()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "empty JSON document");
            }
            return node;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Parses text that must be a JSON object. */
    public static ObjectNode parseObject(String text) {
        return requireObject(parse(text), "document");
    }

    /** Parses UTF-8 bytes that must be a JSON object. */
    public static ObjectNode parseObject(byte[] utf8) {
        return requireObject(parse(utf8), "document");
    }

    /** Returns {@code node} as an object, or fails with {@code bad_request} naming {@code what}. */
    public static ObjectNode requireObject(JsonNode node, String what) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new HearthNetException(ErrorCode.BAD_REQUEST,
                what + " must be a JSON object, got " + describe(node));
    }

    /** Compact JSON text of a node (not canonical: use {@link CanonicalJson} for signing). */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "cannot serialise JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Compact JSON of a node as UTF-8 bytes. */
    public static byte[] writeBytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8);
    }

    static String describe(JsonNode node) {
        return node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase();
    }

    private static HearthNetException malformed(IOException e) {
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return new HearthNetException(ErrorCode.BAD_REQUEST, "malformed JSON: " + detail, e);
    }
}
