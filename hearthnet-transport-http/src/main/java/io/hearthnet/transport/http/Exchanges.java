package io.hearthnet.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.wire.SignedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Writing replies on a JDK {@link HttpExchange}: signed JSON, errors, plain text. */
final class Exchanges {
    private Exchanges() {}

    /** Sends a JSON reply signed by this node, echoing the request id. */
    static void sendSigned(HttpExchange exchange, TransportContext context, String requestId, int status, ObjectNode body)
            throws IOException {
        SignedResponse signed = SignedResponse.sign(context.keys(), requestId, status, body, context.clock());
        var headers = exchange.getResponseHeaders();
        headers.set(WireHeaders.REQUEST_ID, signed.requestId());
        headers.set(WireHeaders.FROM, signed.from().value());
        headers.set(WireHeaders.TIMESTAMP, signed.timestamp());
        headers.set(WireHeaders.SIGNATURE, signed.signature());
        sendJson(exchange, status, body);
    }

    /** Sends an error body with the code's status (or {@code status} when given), signed. */
    static void sendError(HttpExchange exchange, TransportContext context, String requestId, HearthNetException error,
                          int status) throws IOException {
        sendSigned(exchange, context, requestId == null ? "" : requestId, status > 0 ? status : error.code().httpStatus(),
                error.toJson());
    }

    /** Sends unsigned JSON. */
    static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, WireHeaders.JSON, Json.writeBytes(body));
    }

    /** Sends bytes with a content type. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** Sends plain UTF-8 text. */
    static void sendText(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        send(exchange, status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads at most {@code max + 1} bytes of the body (so an oversized one is recognised without reading it all). */
    static byte[] readBody(HttpExchange exchange, int max) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(max + 1);
        }
    }
}
