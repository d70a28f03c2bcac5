package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.Signatures;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.wire.ReplayGuard;
import io.hearthnet.api.wire.TimestampWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * How a member signs its requests to the hub, and how the hub checks them: Ed25519 by the member's
 * node key over the canonical JSON of {@code {method, path, query, from, request_id, timestamp,
 * body_hash}}, where {@code body_hash} is the BLAKE3 of the exact body bytes. The hub then refuses a
 * timestamp outside its window and a request id seen before, exactly like a bus call.
 *
 * @param from      the signing member
 * @param requestId unique per request
 * @param timestamp RFC 3339 UTC, when it was signed
 * @param signature {@code ed25519:...}
 */
record HubAuth(NodeId from, String requestId, String timestamp, String signature) {
    static final int MAX_REQUEST_ID = 128;

    /** Signs one request. */
    static HubAuth sign(NodeKeyPair keys, String method, String path, String query, byte[] body, Clock clock) {
        String requestId = newId();
        String timestamp = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        String signature = keys.signToString(CanonicalJson.bytes(
                signed(method, path, query, keys.nodeId(), requestId, timestamp, body)));
        return new HubAuth(keys.nodeId(), requestId, timestamp, signature);
    }

    /**
     * Checks a request's headers against what arrived and returns the verified signer.
     *
     * @throws HearthNetException {@code invalid_signature} for a missing or wrong signature,
     *         {@code expired} for a timestamp outside {@code window}, {@code bad_request} for a
     *         malformed header or a replayed request id
     */
    static NodeId verify(UnaryOperator<String> headers, String method, String path, String query, byte[] body,
                         Clock clock, Duration window, ReplayGuard replays) {
        String fromText = headers.apply(RelayWire.FROM);
        String requestId = headers.apply(RelayWire.REQUEST_ID);
        String timestamp = headers.apply(RelayWire.TIMESTAMP);
        String signature = headers.apply(RelayWire.SIGNATURE);
        if (fromText == null || signature == null) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "the request is not signed: "
                    + RelayWire.FROM + " and " + RelayWire.SIGNATURE + " are required");
        }
        if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, RelayWire.REQUEST_ID + " must be 1 to " + MAX_REQUEST_ID + " characters");
        }
        if (timestamp == null) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, RelayWire.TIMESTAMP + " is missing");
        }
        NodeId from = NodeId.parse(fromText);
        Signatures.verifyOrThrow(from, CanonicalJson.bytes(signed(method, path, query, from, requestId, timestamp, body)),
                signature);
        Instant sent = TimestampWindow.check(timestamp, clock, window);
        replays.check(from, requestId, sent);
        return from;
    }

    static ObjectNode signed(String method, String path, String query, NodeId from, String requestId, String timestamp,
                             byte[] body) {
        ObjectNode o = Json.object();
        o.put("method", method);
        o.put("path", path);
        o.put("query", query == null ? "" : query);
        o.put("from", from.value());
        o.put("request_id", requestId);
        o.put("timestamp", timestamp);
        o.put("body_hash", Blake3.hash(body));
        return o;
    }

    /** A random 128-bit id in lower-case hex. */
    static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%016x%016x", r.nextLong(), r.nextLong());
    }
}
