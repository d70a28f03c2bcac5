package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.concurrent.AdmissionExecutor;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.wire.ReplayGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's HTTP endpoints. Every request except health runs: capacity → size → body → signature,
 * timestamp and replay → membership → the operation. Each refusal is the contract's error body
 * with its status; a poll with no mail is parked without holding a thread.
 */
final class HubHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HubHandler.class);
    private static final byte[] ENVELOPES_OPEN = "{\"envelopes\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENVELOPES_CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_COMMUNITY = 128;
    /** Requests that may wait for a handler thread, per thread; more are refused with {@code capacity_exceeded}. */
    static final int QUEUED_PER_THREAD = 4;

    private final HubState state;
    private final HubConfig config;
    private final Clock clock;
    private final ReplayGuard replays;
    private final Instant startedAt;
    final LongAdder refusedAuth = new LongAdder();
    final LongAdder refusedOverload = new LongAdder();
    final LongAdder sendRequests = new LongAdder();
    final LongAdder pollRequests = new LongAdder();

    HubHandler(HubState state, HubConfig config, Clock clock) {
        this.state = state;
        this.config = config;
        this.clock = clock;
        this.replays = new ReplayGuard(clock, config.timestampWindow(), ReplayGuard.DEFAULT_CAPACITY);
        this.startedAt = clock.instant();
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            if (AdmissionExecutor.refusing()) {
                refusedOverload.increment();
                throw HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "the hub is handling its maximum of "
                        + config.handlerThreads() * (1 + QUEUED_PER_THREAD) + " requests", config.retryAfter());
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case RelayWire.HEALTH -> {
                    requireMethod(method, "GET", path);
                    sendJson(exchange, 200, health());
                }
                case RelayWire.JOIN -> join(exchange, authenticate(exchange, "POST"));
                case RelayWire.SEND -> send(exchange, authenticate(exchange, "POST"));
                case RelayWire.POLL -> poll(exchange, authenticate(exchange, "GET"));
                case RelayWire.ROSTER -> roster(exchange, authenticate(exchange, "GET"));
                case RelayWire.LEAVE -> leave(exchange, authenticate(exchange, "POST"));
                default -> throw new HearthNetException(ErrorCode.NOT_FOUND, "no relay endpoint at " + path);
            }
        } catch (HearthNetException e) {
            if (e.code() == ErrorCode.INVALID_SIGNATURE || e.code() == ErrorCode.UNAUTHORIZED || e.code() == ErrorCode.EXPIRED) {
                refusedAuth.increment();
            }
            sendError(exchange, e, e.getCause() instanceof TooLarge ? 413 : e.code().httpStatus());
        } catch (IOException e) {
            LOG.debug("connection problem on {}: {}", exchange.getRequestURI(), e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            LOG.error("unexpected failure serving {}", exchange.getRequestURI(), e);
            sendError(exchange, new HearthNetException(ErrorCode.INTERNAL_ERROR, "the hub failed: " + e), 500);
        }
    }

    /** The authenticated request: who signed it and the exact body it signed. */
    private record Signed(NodeId member, byte[] body) {}

    private Signed authenticate(HttpExchange exchange, String expectedMethod) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requireMethod(exchange.getRequestMethod(), expectedMethod, path);
        byte[] body = readBody(exchange);
        NodeId member = HubAuth.verify(exchange.getRequestHeaders()::getFirst, exchange.getRequestMethod(), path,
                exchange.getRequestURI().getRawQuery(), body, clock, config.timestampWindow(), replays);
        return new Signed(member, body);
    }

    private void join(HttpExchange exchange, Signed request) throws IOException {
        ObjectNode body = Json.parseObject(request.body());
        JsonNode communityNode = body.get("community");
        if (communityNode == null || !communityNode.isTextual() || communityNode.asText().isEmpty()
                || communityNode.asText().length() > MAX_COMMUNITY) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "join needs a 'community' of 1 to " + MAX_COMMUNITY + " characters");
        }
        String community = communityNode.asText();
        Optional<ObjectNode> manifest = Optional.empty();
        JsonNode m = body.get("manifest");
        if (m != null && !m.isNull()) {
            NodeManifest verified = NodeManifest.fromJson(m).verify(clock);
            if (!verified.nodeId().equals(request.member())) {
                throw new HearthNetException(ErrorCode.UNAUTHORIZED, "the manifest is " + verified.nodeId().shortForm()
                        + "'s, but the join is signed by " + request.member().shortForm());
            }
            if (!verified.communityId().equals(community)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "the manifest is for community '"
                        + verified.communityId() + "', the join for '" + community + "'");
            }
            manifest = Optional.of(verified.toJson());
        }
        ArrayNode roster = state.join(request.member(), community, manifest);
        ObjectNode out = Json.object();
        out.put("hub", state.hubId().value());
        out.put("member_ttl_ms", config.memberTtl().toMillis());
        out.put("poll_timeout_ms", config.maxPollWait().toMillis());
        out.put("mailbox_capacity", config.mailboxCapacity());
        out.put("max_request_bytes", config.maxRequestBytes());
        out.put("max_batch", SendRequest.MAX_BATCH);
        out.set("roster", roster);
        sendJson(exchange, 200, out);
    }

    private void send(HttpExchange exchange, Signed request) throws IOException {
        SendRequest send = SendRequest.parse(request.body());
        List<SendOutcome> outcomes = state.send(request.member(), send.envelopes(), send.allOrNone());
        sendRequests.increment();
        if (!send.batch()) {
            RelayEnvelope only = send.envelopes().get(0);
            if (outcomes.get(0).status() == SendOutcome.Status.GONE) {
                throw left(only);
            }
            sendJson(exchange, 200, result(only, outcomes.get(0)));
            return;
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("results");
        for (int i = 0; i < outcomes.size(); i++) {
            list.add(result(send.envelopes().get(i), outcomes.get(i)));
        }
        sendJson(exchange, 200, out);
    }

    /** {@code {"id", "to", "queued": "new"|"duplicate"}}, or {@code {"id", "to", "error", "message", "retry_after_ms"?}}. */
    private static ObjectNode result(RelayEnvelope envelope, SendOutcome outcome) {
        ObjectNode o = Json.object();
        o.put("id", envelope.id());
        o.put("to", envelope.to().value());
        switch (outcome.status()) {
            case QUEUED -> o.put("queued", "new");
            case DUPLICATE -> o.put("queued", "duplicate");
            case GONE -> o.setAll(left(envelope).toJson());
            case REFUSED -> o.setAll(outcome.refusal().toJson());
        }
        return o;
    }

    private static HearthNetException left(RelayEnvelope envelope) {
        return new HearthNetException(ErrorCode.NOT_FOUND, "node " + envelope.to().shortForm() + " has left this hub");
    }

    private void poll(HttpExchange exchange, Signed request) {
        long wait = config.maxPollWait().toMillis();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("timeout_ms=")) {
                    try {
                        wait = Math.min(Math.max(0, Long.parseLong(part.substring("timeout_ms=".length()))), wait);
                    } catch (NumberFormatException e) {
                        throw new HearthNetException(ErrorCode.BAD_REQUEST, "timeout_ms must be whole milliseconds");
                    }
                }
            }
        }
        pollRequests.increment();
        state.poll(request.member(), wait, batch -> writeEnvelopes(exchange, batch));
    }

    private void roster(HttpExchange exchange, Signed request) throws IOException {
        HubMember m = state.requireMember(request.member());
        ObjectNode out = Json.object();
        out.put("hub", state.hubId().value());
        out.put("community", m.community);
        out.set("roster", state.roster(m.community));
        sendJson(exchange, 200, out);
    }

    private void leave(HttpExchange exchange, Signed request) throws IOException {
        state.leave(request.member());
        sendJson(exchange, 200, Json.object().put("left", true));
    }

    private ObjectNode health() {
        ObjectNode o = Json.object();
        o.put("status", "ok");
        o.put("hub", state.hubId().value());
        o.put("uptime_s", Duration.between(startedAt, clock.instant()).toSeconds());
        o.put("members", state.memberCount());
        o.put("queued", state.queued());
        o.put("parked_polls", state.parkedPolls());
        o.put("member_ttl_ms", config.memberTtl().toMillis());
        o.put("mailbox_capacity", config.mailboxCapacity());
        return o;
    }

    /** Writes a poll response from the stored bytes, without re-encoding any envelope. */
    private static boolean writeEnvelopes(HttpExchange exchange, List<QueuedEnvelope> batch) {
        int size = ENVELOPES_OPEN.length + ENVELOPES_CLOSE.length + batch.size();
        for (QueuedEnvelope e : batch) {
            size += e.bytes().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(ENVELOPES_OPEN);
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.get(i).bytes());
        }
        out.writeBytes(ENVELOPES_CLOSE);
        try {
            send(exchange, 200, out.toByteArray());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("poll response of {} envelope(s) not written: {}", batch.size(), e.toString());
            exchange.close();
            return false;
        }
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        int max = config.maxRequestBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > max) {
                    throw tooLarge(declared.trim());
                }
            } catch (NumberFormatException e) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "Content-Length is not a number");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw tooLarge("more than " + max);
            }
            return body;
        }
    }

    private HearthNetException tooLarge(String size) {
        return new HearthNetException(ErrorCode.CAPACITY_EXCEEDED, "request body of " + size + " bytes is over the hub's limit of "
                + config.maxRequestBytes() + " bytes", new TooLarge());
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!expected.equals(method)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "use " + expected + " for " + path);
        }
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, Json.writeBytes(body));
    }

    private static void sendError(HttpExchange exchange, HearthNetException error, int status) {
        try {
            send(exchange, status, Json.writeBytes(error.toJson()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send error {} to {}: {}", error.code(), exchange.getRemoteAddress(), e.toString());
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", RelayWire.JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Marks a size refusal, answered with 413. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }
}
