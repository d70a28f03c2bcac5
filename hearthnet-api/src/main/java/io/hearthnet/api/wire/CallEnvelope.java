package io.hearthnet.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.Signatures;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.token.CapabilityToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A capability call as it travels between nodes, whatever the transport: the fields the contract
 * signs ({@code capability, version, request_id, from, community, timestamp, body}), the signature,
 * and the unsigned hop metadata (trace id, session, remaining time, token). The body is
 * {@code {"params": {...}, "input": {...}}}. Every transport signs with {@link #sign} and checks
 * with {@link #verify}, so the checks are the same on every link.
 *
 * @param capability  capability name
 * @param version     requested version
 * @param requestId   unique per sender and hop (replay protection)
 * @param from        the sending node
 * @param community   the sender's community
 * @param timestamp   when it was signed (RFC 3339 UTC)
 * @param body        {@code {"params", "input"}}
 * @param signature   {@code ed25519:...} over the canonical signed fields
 * @param traceId     end-to-end trace id
 * @param sessionId   sticky session, if any
 * @param timeoutMillis time left until the caller's deadline when sent
 * @param token       encoded capability token, if any
 */
public record CallEnvelope(String capability, Version version, String requestId, NodeId from, String community,
                           String timestamp, ObjectNode body, String signature, String traceId,
                           Optional<String> sessionId, long timeoutMillis, Optional<String> token) {
    /** Timestamps further than this from the receiver's clock are refused. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    /** Longest accepted request id. */
    public static final int MAX_REQUEST_ID = 128;

    /** Checks every component is present. */
    public CallEnvelope {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(token, "token");
    }

    /** Signs {@code call} as sent by {@code keys}' node, with a fresh request id. */
    public static CallEnvelope sign(NodeKeyPair keys, String community, Call call, String requestId, Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = Json.object();
        body.set("params", call.params());
        body.set("input", call.input());
        String timestamp = now.toString();
        String signature = keys.signToString(CanonicalJson.bytes(
                signedFields(call.capability(), call.version(), requestId, keys.nodeId(), community, timestamp, body)));
        long remaining = Math.max(1, Duration.between(now, call.deadline()).toMillis());
        return new CallEnvelope(call.capability(), call.version(), requestId, keys.nodeId(), community, timestamp, body,
                signature, call.traceId(), call.sessionId(), remaining, call.token().map(CapabilityToken::encoded));
    }

    /** The canonical object the signature covers. */
    public static ObjectNode signedFields(String capability, Version version, String requestId, NodeId from,
                                          String community, String timestamp, ObjectNode body) {
        ObjectNode o = Json.object();
        o.put("capability", capability);
        o.put("version", version.toString());
        o.put("request_id", requestId);
        o.put("from", from.value());
        o.put("community", community);
        o.put("timestamp", timestamp);
        o.set("body", body);
        return o;
    }

    /**
     * Checks the signature, then that the timestamp lies within {@code window} of {@code clock}.
     *
     * @throws HearthNetException {@code invalid_signature}, or {@code expired} for a stale or
     *         future timestamp
     */
    public CallEnvelope verify(Clock clock, Duration window) {
        if (requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "request id must be 1 to " + MAX_REQUEST_ID + " characters");
        }
        Signatures.verifyOrThrow(from, CanonicalJson.bytes(
                signedFields(capability, version, requestId, from, community, timestamp, body)), signature);
        TimestampWindow.check(timestamp, clock, window);
        return this;
    }

    /** The input object of the body. */
    public ObjectNode input() {
        return Json.requireObject(body.path("input").isMissingNode() ? Json.object() : body.get("input"), "body.input");
    }

    /** The params object of the body. */
    public ObjectNode params() {
        return Json.requireObject(body.path("params").isMissingNode() ? Json.object() : body.get("params"), "body.params");
    }

    /**
     * The call this envelope asks for, as the receiving node serves it: deadline from the remaining
     * time (capped at {@code maxTimeout}), token decoded (verified later by the bus).
     */
    public Call toCall(Clock clock, Duration maxTimeout) {
        long millis = Math.min(timeoutMillis <= 0 ? maxTimeout.toMillis() : timeoutMillis, maxTimeout.toMillis());
        return new Call(capability, version, params(), input(), from, traceId, sessionId,
                clock.instant().plusMillis(millis), token.map(CapabilityToken::decode));
    }

    /** The whole envelope as one JSON object (for transports that carry it as a message). */
    public ObjectNode toJson() {
        ObjectNode o = signedFields(capability, version, requestId, from, community, timestamp, body);
        o.put("signature", signature);
        o.put("trace_id", traceId);
        sessionId.ifPresent(s -> o.put("session_id", s));
        o.put("timeout_ms", timeoutMillis);
        token.ifPresent(t -> o.put("token", t));
        return o;
    }

    /** Reads an envelope written by {@link #toJson()}; malformed fields are {@code bad_request}. */
    public static CallEnvelope fromJson(JsonNode json) {
        ObjectNode o = Json.requireObject(json, "call envelope");
        return new CallEnvelope(text(o, "capability"), Version.parse(text(o, "version")), text(o, "request_id"),
                NodeId.parse(text(o, "from")), text(o, "community"), text(o, "timestamp"),
                Json.requireObject(o.get("body"), "body"), text(o, "signature"),
                o.path("trace_id").isTextual() ? o.get("trace_id").asText() : text(o, "request_id"),
                o.path("session_id").isTextual() ? Optional.of(o.get("session_id").asText()) : Optional.empty(),
                o.path("timeout_ms").asLong(0),
                o.path("token").isTextual() ? Optional.of(o.get("token").asText()) : Optional.empty());
    }

    private static String text(ObjectNode o, String field) {
        if (!o.path(field).isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "call envelope field '" + field + "' must be a string");
        }
        return o.get(field).asText();
    }
}
