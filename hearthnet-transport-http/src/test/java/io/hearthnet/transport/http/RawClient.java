package io.hearthnet.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.wire.CallEnvelope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Hand-made wire requests, for checking what the server does with good, bad and hostile input. */
final class RawClient {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Endpoint server;

    RawClient(Endpoint server) {
        this.server = server;
    }

    /** The headers and body of a correctly signed call. */
    static Request signed(NodeKeyPair keys, String community, String capability, ObjectNode input, Clock clock) {
        Call call = Call.builder(capability, Version.of(1, 0), keys.nodeId()).input(input)
                .deadline(clock.instant().plusSeconds(10)).build();
        CallEnvelope e = CallEnvelope.sign(keys, community, call, UUID.randomUUID().toString(), clock);
        Map<String, String> h = new LinkedHashMap<>();
        h.put(WireHeaders.CAPABILITY, e.capability());
        h.put(WireHeaders.VERSION, e.version().toString());
        h.put(WireHeaders.REQUEST_ID, e.requestId());
        h.put(WireHeaders.FROM, e.from().value());
        h.put(WireHeaders.COMMUNITY, e.community());
        h.put(WireHeaders.TIMESTAMP, e.timestamp());
        h.put(WireHeaders.SIGNATURE, e.signature());
        h.put(WireHeaders.TIMEOUT_MS, Long.toString(e.timeoutMillis()));
        return new Request(h, Json.writeBytes(e.body()));
    }

    /** Headers and body of one request. */
    record Request(Map<String, String> headers, byte[] body) {
        Request withBody(byte[] newBody) {
            return new Request(headers, newBody);
        }

        Request withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            if (value == null) {
                h.remove(name);
            } else {
                h.put(name, value);
            }
            return new Request(h, body);
        }
    }

    HttpResponse<String> post(Request r) throws Exception {
        return post(r, "application/json");
    }

    HttpResponse<String> post(Request r, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + WireHeaders.CALL_PATH))
                .timeout(Duration.ofSeconds(10)).header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        r.headers().forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static ObjectNode json(HttpResponse<String> response) {
        return Json.parseObject(response.body());
    }
}
