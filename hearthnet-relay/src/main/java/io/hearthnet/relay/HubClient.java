package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.wire.JdkHttpClientFailures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's side of the hub's endpoints: signs every request with the member's key, maps
 * failures to the contract's codes ({@code partition} when the hub cannot be reached,
 * {@code timeout}, or the hub's own error).
 */
final class HubClient {
    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    private static final byte[] EMPTY = new byte[0];
    /** How much longer than the requested wait a poll may take before it counts as failed. */
    static final Duration POLL_GRACE = Duration.ofSeconds(10);

    private final URI base;
    private final NodeKeyPair keys;
    private final Clock clock;
    private final HttpClient http;

    HubClient(URI base, NodeKeyPair keys, Clock clock, HttpClient http) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.keys = keys;
        this.clock = clock;
        this.http = http;
    }

    URI base() {
        return base;
    }

    /** Joins (or refreshes the membership), returning the hub's answer with the roster. */
    ObjectNode join(String community, ObjectNode manifest, Duration timeout) {
        ObjectNode body = Json.object();
        body.put("community", community);
        if (manifest != null) {
            body.set("manifest", manifest);
        }
        return send(request("POST", RelayWire.JOIN, null, Json.writeBytes(body), timeout));
    }

    /** Drops one envelope into its addressee's mailbox; returns once the hub stored it. */
    ObjectNode send(byte[] envelope, Duration timeout) {
        return send(request("POST", RelayWire.SEND, null, envelope, timeout));
    }

    /** Drops up to {@link SendRequest#MAX_BATCH} envelopes at once, all or none; the answer has one result per envelope. */
    ObjectNode sendBatch(List<byte[]> envelopes, Duration timeout) {
        return send(request("POST", RelayWire.SEND, null, batchBody(envelopes, true), timeout));
    }

    /**
     * Drops up to {@link SendRequest#MAX_BATCH} envelopes at once, each queued or refused on its
     * own; the answer's {@code results} hold one result per envelope.
     */
    ObjectNode sendEach(List<byte[]> envelopes, Duration timeout) {
        return send(request("POST", RelayWire.SEND, null, batchBody(envelopes, false), timeout));
    }

    private static byte[] batchBody(List<byte[]> envelopes, boolean allOrNone) {
        int size = 48 + envelopes.size();
        for (byte[] e : envelopes) {
            size += e.length;
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(size);
        body.writeBytes((allOrNone ? "{\"envelopes\":[" : "{\"all_or_none\":false,\"envelopes\":[").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < envelopes.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(envelopes.get(i));
        }
        body.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    /** The member's community roster. */
    ObjectNode roster(Duration timeout) {
        return send(request("GET", RelayWire.ROSTER, null, EMPTY, timeout));
    }

    /** Leaves the hub. */
    void leave(Duration timeout) {
        send(request("POST", RelayWire.LEAVE, null, EMPTY, timeout));
    }

    /** The hub's public health. */
    ObjectNode health(Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(base + RelayWire.HEALTH)).timeout(timeout).GET().build());
    }

    /**
     * Long-polls the member's own mailbox, waiting up to {@code wait} for mail; interrupting the
     * thread abandons the poll.
     */
    List<ObjectNode> poll(Duration wait) {
        return envelopes(send(request("GET", RelayWire.POLL, "timeout_ms=" + wait.toMillis(), EMPTY, wait.plus(POLL_GRACE))));
    }

    private static List<ObjectNode> envelopes(ObjectNode body) {
        JsonNode list = body.get("envelopes");
        if (list == null || !list.isArray()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "the hub's poll answer has no 'envelopes' array");
        }
        List<ObjectNode> out = new ArrayList<>(list.size());
        for (JsonNode e : list) {
            if (e instanceof ObjectNode o) {
                out.add(o);
            } else {
                LOG.warn("ignoring a polled envelope that is not a JSON object");
            }
        }
        return out;
    }

    private HttpRequest request(String method, String path, String query, byte[] body, Duration timeout) {
        HubAuth auth = HubAuth.sign(keys, method, path, query, body, clock);
        URI uri = URI.create(base + (query == null ? path : path + "?" + query));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header(RelayWire.FROM, auth.from().value())
                .header(RelayWire.REQUEST_ID, auth.requestId())
                .header(RelayWire.TIMESTAMP, auth.timestamp())
                .header(RelayWire.SIGNATURE, auth.signature());
        if (method.equals("POST")) {
            b.header("Content-Type", RelayWire.JSON).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.GET();
        }
        return b.build();
    }

    private ObjectNode send(HttpRequest request) {
        try {
            return checked(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw mapFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HearthNetException(ErrorCode.TIMEOUT, "interrupted while talking to the hub at " + base, e);
        }
    }

    private static ObjectNode checked(HttpResponse<byte[]> response) {
        ObjectNode body;
        try {
            body = Json.parseObject(response.body());
        } catch (HearthNetException e) {
            String text = new String(response.body(), 0, Math.min(response.body().length, 200), StandardCharsets.UTF_8);
            throw new HearthNetException(response.statusCode() >= 500 ? ErrorCode.PARTITION : ErrorCode.BAD_REQUEST,
                    "the hub answered HTTP " + response.statusCode() + " with a body that is not a JSON object: " + text, e);
        }
        if (response.statusCode() != 200) {
            throw HearthNetException.fromJson(body);
        }
        return body;
    }

    private HearthNetException mapFailure(IOException e) {
        return JdkHttpClientFailures.map(e, "the hub at " + base);
    }
}
