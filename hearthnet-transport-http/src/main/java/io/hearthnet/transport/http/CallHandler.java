package io.hearthnet.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.hearthnet.api.Call;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Reply;
import io.hearthnet.api.Version;
import io.hearthnet.api.concurrent.AdmissionExecutor;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.wire.CallEnvelope;
import io.hearthnet.api.wire.InboundGate;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /bus/v1/call}: the inbound pipeline. Capacity → body size → JSON → headers →
 * signature and timestamp → replay → community → rate limits → the node (which dispatches locally
 * only). Each refusal carries the contract's code and status; a streamed reply goes out as SSE.
 */
final class CallHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CallHandler.class);
    static final Duration CAPACITY_RETRY = Duration.ofMillis(100);

    private final TransportContext context;
    private final HttpTransportConfig config;
    private final InboundGate gate;
    private final RateLimiter limiter;
    private volatile Executor heartbeatWriters = Runnable::run;
    final LongAdder refusedCapacity = new LongAdder();
    final LongAdder refusedRate = new LongAdder();
    final LongAdder refusedAuth = new LongAdder();
    final LongAdder refusedMalformed = new LongAdder();

    /** Where stream heartbeats are written (the server's workers once it runs), never the node's timer. */
    void heartbeatWriters(Executor writers) {
        this.heartbeatWriters = writers;
    }

    CallHandler(TransportContext context, HttpTransportConfig config) {
        this.context = context;
        this.config = config;
        this.gate = new InboundGate(context.clock(), config.timestampWindow(), context.communityId());
        this.limiter = new RateLimiter(context.clock(), config);
    }

    void handle(HttpExchange exchange) throws IOException {
        String requestId = exchange.getRequestHeaders().getFirst(WireHeaders.REQUEST_ID);
        if (AdmissionExecutor.refusing()) {
            refusedCapacity.increment();
            drain(exchange);
            Exchanges.sendError(exchange, context, requestId, HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED,
                    "this node is handling its maximum of " + config.maxConcurrentRequests() + " requests", CAPACITY_RETRY), 0);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            Exchanges.sendError(exchange, context, requestId,
                    new HearthNetException(ErrorCode.BAD_REQUEST, "use POST for " + WireHeaders.CALL_PATH), 405);
            return;
        }
        Call call;
        try {
            call = admit(exchange, requestId);
        } catch (HearthNetException e) {
            count(e.code());
            Exchanges.sendError(exchange, context, requestId, e, e.getCause() instanceof BodyTooLarge ? 413 : 0);
            return;
        }
        Reply reply;
        try {
            reply = context.dispatcher().dispatch(call);
        } catch (HearthNetException e) {
            Exchanges.sendError(exchange, context, requestId, e, 0);
            return;
        } catch (RuntimeException e) {
            LOG.error("dispatching {} failed", call.capability(), e);
            Exchanges.sendError(exchange, context, requestId,
                    new HearthNetException(ErrorCode.INTERNAL_ERROR, "the node failed: " + e), 0);
            return;
        }
        if (reply instanceof Reply.Unary unary) {
            Exchanges.sendSigned(exchange, context, requestId, 200, unary.body());
            return;
        }
        stream(exchange, requestId, (Reply.Stream) reply);
    }

    private Call admit(HttpExchange exchange, String requestId) throws IOException {
        long declared = contentLength(exchange);
        if (declared > config.maxBodyBytes()) {
            drain(exchange);
            throw tooLarge(declared);
        }
        byte[] body = Exchanges.readBody(exchange, config.maxBodyBytes());
        if (body.length > config.maxBodyBytes()) {
            throw tooLarge(body.length);
        }
        ObjectNode json = Json.parseObject(body);
        var h = exchange.getRequestHeaders();
        String timeout = h.getFirst(WireHeaders.TIMEOUT_MS);
        long timeoutMillis;
        try {
            timeoutMillis = timeout == null ? 0 : Long.parseLong(timeout);
        } catch (NumberFormatException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, WireHeaders.TIMEOUT_MS + " must be whole milliseconds");
        }
        CallEnvelope envelope = new CallEnvelope(
                required(h.getFirst(WireHeaders.CAPABILITY), WireHeaders.CAPABILITY),
                Version.parse(required(h.getFirst(WireHeaders.VERSION), WireHeaders.VERSION)),
                required(requestId, WireHeaders.REQUEST_ID),
                NodeId.parse(required(h.getFirst(WireHeaders.FROM), WireHeaders.FROM)),
                required(h.getFirst(WireHeaders.COMMUNITY), WireHeaders.COMMUNITY),
                required(h.getFirst(WireHeaders.TIMESTAMP), WireHeaders.TIMESTAMP),
                json,
                required(h.getFirst(WireHeaders.SIGNATURE), WireHeaders.SIGNATURE),
                Optional.ofNullable(h.getFirst(WireHeaders.TRACE_ID)).orElse(requestId),
                Optional.ofNullable(h.getFirst(WireHeaders.SESSION_ID)),
                timeoutMillis,
                Optional.ofNullable(h.getFirst(WireHeaders.TOKEN)));
        gate.check(envelope);
        limiter.acquire(envelope.from(), envelope.capability());
        return envelope.toCall(context.clock(), config.maxCallTimeout());
    }

    private void stream(HttpExchange exchange, String requestId, Reply.Stream reply) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept == null || !accept.contains(WireHeaders.EVENT_STREAM)) {
            // The producer must still run once so the node frees the call's slot; it stops at its first frame.
            SseWriter refused = new SseWriter(OutputStream.nullOutputStream());
            refused.done(Json.object());
            runQuietly(reply, refused);
            Exchanges.sendError(exchange, context, requestId, new HearthNetException(ErrorCode.BAD_REQUEST,
                    "this capability streams; send Accept: " + WireHeaders.EVENT_STREAM), 406);
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", WireHeaders.EVENT_STREAM);
        headers.set("Cache-Control", "no-cache");
        headers.set(WireHeaders.REQUEST_ID, requestId);
        headers.set(WireHeaders.FROM, context.keys().nodeId().value());
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        SseWriter sse = new SseWriter(out);
        long idle = config.heartbeat().toNanos();
        Executor writers = heartbeatWriters;
        ScheduledFuture<?> heartbeat = context.scheduler().scheduleWithFixedDelay(() -> sse.heartbeat(idle, writers),
                config.heartbeat().toMillis(), config.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        try {
            reply.producer().produce(sse);
            sse.done(Json.object());
        } catch (CancellationException e) {
            LOG.debug("stream {} cancelled by its reader", requestId);
        } catch (HearthNetException e) {
            sse.error(e);
        } catch (Exception e) {
            LOG.error("stream {} failed", requestId, e);
            sse.error(new HearthNetException(ErrorCode.INTERNAL_ERROR, "the stream failed: " + e));
        } finally {
            heartbeat.cancel(false);
            sse.closeWith(() -> {
                try {
                    exchange.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing stream {}: {}", requestId, e.toString());
                }
            });
        }
    }

    private static void runQuietly(Reply.Stream reply, SseWriter sink) {
        try {
            reply.producer().produce(sink);
        } catch (Exception e) {
            LOG.debug("refused stream producer ended: {}", e.toString());
        }
    }

    private void count(ErrorCode code) {
        switch (code) {
            case RATE_LIMITED -> refusedRate.increment();
            case INVALID_SIGNATURE, UNAUTHORIZED, EXPIRED -> refusedAuth.increment();
            default -> refusedMalformed.increment();
        }
    }

    private static String required(String value, String header) {
        if (value == null || value.isEmpty()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "header " + header + " is missing");
        }
        return value;
    }

    private static long contentLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private HearthNetException tooLarge(long size) {
        return new HearthNetException(ErrorCode.BAD_REQUEST, "request body of " + size + " bytes is over the limit of "
                + config.maxBodyBytes() + " bytes", new BodyTooLarge());
    }

    /**
     * Reads and discards what the client sent (up to 16 MiB), so it sees the refusal instead of a
     * reset connection while it is still writing.
     */
    private static void drain(HttpExchange exchange) {
        byte[] buffer = new byte[64 * 1024];
        long left = 16L * 1024 * 1024;
        try (var in = exchange.getRequestBody()) {
            for (int n = in.read(buffer); n > 0 && left > 0; n = in.read(buffer)) {
                left -= n;
            }
        } catch (IOException e) {
            LOG.debug("draining a refused request: {}", e.toString());
        }
    }

    /** Marks a size refusal, answered with 413. */
    private static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super(null, null, false, false);
        }
    }
}
