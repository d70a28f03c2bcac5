package io.hearthnet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception type of HearthNet: an {@link ErrorCode}, a message, and the contract's optional
 * hints (when to retry, which other nodes offer the capability, which schema hash was expected).
 *
 * <p>{@link #toJson()} and {@link #fromJson(JsonNode)} map it to and from the wire error body
 * {@code {"error", "message", "retry_after_ms"?, "alt_nodes"?, "schema_hash_expected"?}}.
 */
public final class HearthNetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Duration retryAfter;
    private final List<String> altNodes;
    private final String schemaHashExpected;
    private final boolean neverDelivered;

    /** An error with a code and a message. */
    public HearthNetException(ErrorCode code, String message) {
        this(code, message, null, null, List.of(), null, false);
    }

    /** An error with a code, a message and its cause. */
    public HearthNetException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, null, List.of(), null, false);
    }

    private HearthNetException(ErrorCode code, String message, Throwable cause, Duration retryAfter,
                               List<String> altNodes, String schemaHashExpected, boolean neverDelivered) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfter = retryAfter;
        this.altNodes = List.copyOf(altNodes);
        this.schemaHashExpected = schemaHashExpected;
        this.neverDelivered = neverDelivered;
    }

    /** {@code capacity_exceeded} or {@code rate_limited} style error that tells the caller when to retry. */
    public static HearthNetException retryAfter(ErrorCode code, String message, Duration retryAfter) {
        return new HearthNetException(code, message, null, Objects.requireNonNull(retryAfter, "retryAfter"), List.of(), null,
                false);
    }

    /** {@code schema_mismatch} naming the schema hash the provider expected. */
    public static HearthNetException schemaMismatch(String message, String schemaHashExpected) {
        return new HearthNetException(ErrorCode.SCHEMA_MISMATCH, message, null, null, List.of(),
                Objects.requireNonNull(schemaHashExpected, "schemaHashExpected"), false);
    }

    /**
     * An error for a request that provably never reached the provider: no connection could be
     * made, or the transport had no way to send it. See {@link #neverDelivered()}.
     */
    public static HearthNetException neverDelivered(ErrorCode code, String message, Throwable cause) {
        return new HearthNetException(code, message, cause, null, List.of(), null, true);
    }

    /** A copy of this error that also names other nodes offering the capability. */
    public HearthNetException withAltNodes(List<String> nodes) {
        return new HearthNetException(code, getMessage(), getCause(), retryAfter, nodes, schemaHashExpected, neverDelivered);
    }

    /** The error code. */
    public ErrorCode code() {
        return code;
    }

    /** When the caller may retry, if the error says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Node ids (full form) of other providers the caller may try. */
    public List<String> altNodes() {
        return altNodes;
    }

    /** The schema hash the provider expected, for {@code schema_mismatch}. */
    public Optional<String> schemaHashExpected() {
        return Optional.ofNullable(schemaHashExpected);
    }

    /**
     * Whether the request provably never reached the provider, so it did not run there and may be
     * sent another way even when it is not idempotent (the bus does so). Set by transports for
     * failures before anything was sent, such as a refused connection; never carried on the wire,
     * so an error read with {@link #fromJson} always says {@code false}.
     */
    public boolean neverDelivered() {
        return neverDelivered;
    }

    /** Whether the same call may succeed later ({@link ErrorCode#retryable()}). */
    public boolean retryable() {
        return code.retryable();
    }

    /** The wire error body. */
    public ObjectNode toJson() {
        ObjectNode body = Json.object();
        body.put("error", code.wireName());
        body.put("message", getMessage() == null ? code.wireName() : getMessage());
        if (retryAfter != null) {
            body.put("retry_after_ms", retryAfter.toMillis());
        }
        if (!altNodes.isEmpty()) {
            ArrayNode nodes = body.putArray("alt_nodes");
            altNodes.forEach(nodes::add);
        }
        if (schemaHashExpected != null) {
            body.put("schema_hash_expected", schemaHashExpected);
        }
        return body;
    }

    /**
     * Reads a wire error body. A body that is not an error body, or names a code this contract
     * does not know, becomes {@code internal_error} that quotes what was received.
     */
    public static HearthNetException fromJson(JsonNode body) {
        if (!(body instanceof ObjectNode) || !body.path("error").isTextual()) {
            return new HearthNetException(ErrorCode.INTERNAL_ERROR, "peer sent a malformed error body: " + abbreviate(body));
        }
        String wire = body.get("error").asText();
        String message = body.path("message").isTextual() ? body.get("message").asText() : wire;
        Optional<ErrorCode> code = ErrorCode.fromWireName(wire);
        if (code.isEmpty()) {
            return new HearthNetException(ErrorCode.INTERNAL_ERROR, "peer sent unknown error code '" + wire + "': " + message);
        }
        Duration retry = body.path("retry_after_ms").canConvertToLong() && body.get("retry_after_ms").asLong() >= 0
                ? Duration.ofMillis(body.get("retry_after_ms").asLong()) : null;
        List<String> alts = List.of();
        if (body.path("alt_nodes").isArray()) {
            alts = new java.util.ArrayList<>();
            for (JsonNode n : body.get("alt_nodes")) {
                if (n.isTextual()) {
                    alts.add(n.asText());
                }
            }
        }
        String hash = body.path("schema_hash_expected").isTextual() ? body.get("schema_hash_expected").asText() : null;
        return new HearthNetException(code.get(), message, null, retry, alts, hash, false);
    }

    private static String abbreviate(JsonNode body) {
        String text = body == null ? "null" : Json.write(body);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    @Override
    public String toString() {
        return "HearthNetException[" + code.wireName() + "]: " + getMessage();
    }
}
