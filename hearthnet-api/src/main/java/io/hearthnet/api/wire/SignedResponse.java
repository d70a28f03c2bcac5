package io.hearthnet.api.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.Signatures;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The signature a node puts on its reply: Ed25519 over the canonical JSON of
 * {@code {request_id, from, timestamp, status, body}}, so a caller can check who answered which
 * request with what (and nobody in between changed it).
 *
 * @param requestId the request answered
 * @param from      the answering node
 * @param timestamp when it answered (RFC 3339 UTC)
 * @param signature {@code ed25519:...}
 */
public record SignedResponse(String requestId, NodeId from, String timestamp, String signature) {

    /** Signs a reply with {@code status} and {@code body}. */
    public static SignedResponse sign(NodeKeyPair keys, String requestId, int status, ObjectNode body, Clock clock) {
        String timestamp = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        String signature = keys.signToString(CanonicalJson.bytes(signed(requestId, keys.nodeId(), timestamp, status, body)));
        return new SignedResponse(requestId, keys.nodeId(), timestamp, signature);
    }

    /**
     * Checks that {@code expected} signed this reply to {@code requestId}.
     *
     * @throws HearthNetException {@code invalid_signature} when another node answered, the request id
     *         differs, or the signature does not match
     */
    public void verify(NodeId expected, String expectedRequestId, int status, ObjectNode body) {
        if (!from.equals(expected)) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "reply came from " + from.shortForm()
                    + ", expected " + expected.shortForm());
        }
        if (!requestId.equals(expectedRequestId)) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "reply answers request " + requestId
                    + ", not " + expectedRequestId);
        }
        Signatures.verifyOrThrow(from, CanonicalJson.bytes(signed(requestId, from, timestamp, status, body)), signature);
    }

    private static ObjectNode signed(String requestId, NodeId from, String timestamp, int status, ObjectNode body) {
        ObjectNode o = Json.object();
        o.put("request_id", requestId);
        o.put("from", from.value());
        o.put("timestamp", timestamp);
        o.put("status", status);
        o.set("body", body);
        return o;
    }
}
