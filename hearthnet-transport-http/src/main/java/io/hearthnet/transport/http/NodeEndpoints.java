package io.hearthnet.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.TransportContext;
import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The node's read-only endpoints: {@code GET /manifest}, {@code /health}, {@code /ready},
 * {@code /metrics} (Prometheus text), {@code /trace/recent?n=}, {@code /topology}, and every view an
 * extension published ({@code /emergency}, ...). All but the first three only to the clients
 * {@link HttpTransportConfig#diagnosticsFor()} admits (this machine by default).
 */
final class NodeEndpoints {
    static final int MAX_TRACES = 1_000;

    private final TransportContext context;
    private final Supplier<String> transportMetrics;
    private final Predicate<InetAddress> diagnosticsFor;

    NodeEndpoints(TransportContext context, Supplier<String> transportMetrics, Predicate<InetAddress> diagnosticsFor) {
        this.context = context;
        this.transportMetrics = transportMetrics;
        this.diagnosticsFor = diagnosticsFor;
    }

    void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            Exchanges.sendJson(exchange, 405, new HearthNetException(ErrorCode.BAD_REQUEST, "use GET").toJson());
            return;
        }
        var dispatcher = context.dispatcher();
        String path = exchange.getRequestURI().getPath();
        try {
            boolean open = path.equals("/manifest") || path.equals("/health") || path.equals("/ready");
            if (!open && !diagnosticsFor.test(exchange.getRemoteAddress().getAddress())) {
                throw new HearthNetException(ErrorCode.UNAUTHORIZED, path + " is served to this machine only"
                        + " (the node's http.open-diagnostics=true setting serves it to the network)");
            }
            switch (path) {
                case "/manifest" -> Exchanges.sendJson(exchange, 200, dispatcher.manifest());
                case "/health" -> Exchanges.sendJson(exchange, 200, dispatcher.health());
                case "/ready" -> {
                    ObjectNode ready = dispatcher.ready();
                    Exchanges.sendJson(exchange, ready.path("ready").asBoolean() ? 200 : 503, ready);
                }
                case "/metrics" -> Exchanges.sendText(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        dispatcher.metricsText() + transportMetrics.get());
                case "/trace/recent" -> {
                    ObjectNode o = Json.object();
                    o.set("traces", dispatcher.recentTraces(traceCount(exchange.getRequestURI().getRawQuery())));
                    Exchanges.sendJson(exchange, 200, o);
                }
                case "/topology" -> Exchanges.sendJson(exchange, 200, dispatcher.topology());
                default -> {
                    var view = path.length() > 1 && path.indexOf('/', 1) < 0 ? dispatcher.view(path.substring(1))
                            : java.util.Optional.<ObjectNode>empty();
                    if (view.isPresent()) {
                        Exchanges.sendJson(exchange, 200, view.get());
                    } else {
                        Exchanges.sendJson(exchange, 404,
                                new HearthNetException(ErrorCode.NOT_FOUND, "no endpoint " + path).toJson());
                    }
                }
            }
        } catch (HearthNetException e) {
            Exchanges.sendJson(exchange, e.code().httpStatus(), e.toJson());
        }
    }

    /** The {@code n} query parameter: 1 to {@value #MAX_TRACES}, default 50. */
    static int traceCount(String query) {
        if (query == null) {
            return 50;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("n=")) {
                try {
                    int n = Integer.parseInt(part.substring(2));
                    if (n >= 1 && n <= MAX_TRACES) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "n must be a whole number from 1 to " + MAX_TRACES);
            }
        }
        return 50;
    }
}
