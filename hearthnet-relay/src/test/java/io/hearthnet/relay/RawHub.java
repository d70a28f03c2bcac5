package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Hand-made requests to a hub, for what a well-behaved client never sends. */
final class RawHub {
    /** What the hub answered. */
    record Answer(int status, ObjectNode body) {
        String error() {
            return body.path("error").asText();
        }
    }

    private RawHub() {}

    static Answer request(URI hub, String method, String pathAndQuery, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        if (method.equals("GET")) {
            b.GET();
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            HttpResponse<byte[]> r = TestMember.http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), Json.parseObject(r.body()));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The four auth headers of {@code auth}, with {@code from} claimed instead of the signer. */
    static Map<String, String> headers(HubAuth auth, String from) {
        return Map.of(RelayWire.FROM, from, RelayWire.REQUEST_ID, auth.requestId(), RelayWire.TIMESTAMP, auth.timestamp(),
                RelayWire.SIGNATURE, auth.signature());
    }
}
