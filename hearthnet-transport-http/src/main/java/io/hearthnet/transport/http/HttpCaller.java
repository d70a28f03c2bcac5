package io.hearthnet.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.FramePipe;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.wire.CallEnvelope;
import io.hearthnet.api.wire.JdkHttpClientFailures;
import io.hearthnet.api.wire.SignedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The client half of the HTTP transport: signs every request, reuses connections (one JDK
 * {@link HttpClient}), turns the call's deadline into the request timeout, maps failures to the
 * contract's codes, and verifies reply signatures of mutating capabilities.
 */
final class HttpCaller {
    /** Capabilities whose replies must carry a valid signature of the node called. */
    static final Pattern MUTATING = Pattern.compile(".*\\.(post|invite|revoke|ingest|expire)$|^chat\\.send$");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Largest manifest fetched; real ones are a few KiB. */
    static final int MAX_MANIFEST_BYTES = 1 << 20;
    /** Longest a manifest fetch may take, body included. */
    static final Duration MANIFEST_TIMEOUT = Duration.ofSeconds(5);
    /** Largest unary reply read. */
    static final int MAX_REPLY_BYTES = 16 << 20;

    private final TransportContext context;
    private final HttpClient client;

    HttpCaller(TransportContext context, HttpTransportConfig config, ExecutorService executor) {
        this.context = context;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).executor(executor);
        config.sslContext().ifPresent(b::sslContext);
        this.client = b.build();
    }

    ObjectNode call(Endpoint target, NodeId node, Call call) {
        String requestId = newRequestId();
        HttpResponse<byte[]> response = send(request(target, call, requestId, false), call,
                CappedBody.handler(MAX_REPLY_BYTES, "the reply of " + target));
        ObjectNode body = parseBody(response.body(), response.statusCode());
        if (response.statusCode() != 200) {
            throw HearthNetException.fromJson(body);
        }
        if (MUTATING.matcher(call.capability()).matches()) {
            verify(response, node, requestId, body);
        }
        return body;
    }

    FrameStream stream(Endpoint target, NodeId node, Call call) {
        String requestId = newRequestId();
        HttpResponse<InputStream> response = send(request(target, call, requestId, true), call,
                HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() == 200 && type.startsWith(WireHeaders.EVENT_STREAM)) {
            return new SseFrameStream(response.body());
        }
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(16 * 1024 * 1024);
        } catch (IOException e) {
            throw new HearthNetException(ErrorCode.PARTITION, "reading the reply of " + target + " failed: " + e.getMessage(), e);
        }
        ObjectNode body = parseBody(bytes, response.statusCode());
        if (response.statusCode() != 200) {
            throw HearthNetException.fromJson(body);
        }
        FramePipe pipe = new FramePipe(1);
        pipe.complete(body);
        return pipe.stream();
    }

    /**
     * Fetches a manifest: at most {@link #MAX_MANIFEST_BYTES}, and all of it within
     * {@link #MANIFEST_TIMEOUT} — the address may come from an unsigned announcement, so whoever
     * answers there must not be able to make this node buffer or wait without end.
     */
    ObjectNode fetchManifest(Endpoint target) {
        HttpRequest request = HttpRequest.newBuilder(resolve(target, "/manifest")).timeout(MANIFEST_TIMEOUT).GET().build();
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request,
                CappedBody.handler(MAX_MANIFEST_BYTES, "the manifest at " + target));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(MANIFEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HearthNetException(ErrorCode.TIMEOUT, "the manifest at " + target + " did not arrive within "
                    + MANIFEST_TIMEOUT.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IOException io && io.getCause() instanceof HearthNetException h ? h
                    : e.getCause();
            if (cause instanceof HearthNetException h) {
                throw h;
            }
            throw cause instanceof IOException io ? mapFailure(io, target)
                    : new HearthNetException(ErrorCode.INTERNAL_ERROR, "fetching the manifest at " + target + " failed: " + cause,
                    cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new HearthNetException(ErrorCode.TIMEOUT, "interrupted while fetching the manifest of " + target, e);
        }
        ObjectNode body = parseBody(response.body(), response.statusCode());
        if (response.statusCode() != 200) {
            throw HearthNetException.fromJson(body);
        }
        return body;
    }

    private HttpRequest request(Endpoint target, Call call, String requestId, boolean stream) {
        CallEnvelope envelope = CallEnvelope.sign(context.keys(), context.communityId(), call, requestId, context.clock());
        Duration remaining = Duration.between(context.clock().instant(), call.deadline());
        if (remaining.isNegative() || remaining.isZero()) {
            throw new HearthNetException(ErrorCode.TIMEOUT, call.capability() + " reached its deadline before it was sent");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(target, WireHeaders.CALL_PATH))
                .timeout(remaining)
                .header("Content-Type", WireHeaders.JSON)
                .header("Accept", stream ? WireHeaders.EVENT_STREAM : WireHeaders.JSON)
                .header(WireHeaders.CAPABILITY, envelope.capability())
                .header(WireHeaders.VERSION, envelope.version().toString())
                .header(WireHeaders.REQUEST_ID, envelope.requestId())
                .header(WireHeaders.FROM, envelope.from().value())
                .header(WireHeaders.COMMUNITY, envelope.community())
                .header(WireHeaders.TIMESTAMP, envelope.timestamp())
                .header(WireHeaders.SIGNATURE, envelope.signature())
                .header(WireHeaders.TRACE_ID, envelope.traceId())
                .header(WireHeaders.TIMEOUT_MS, Long.toString(envelope.timeoutMillis()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(envelope.body())));
        envelope.sessionId().ifPresent(s -> b.header(WireHeaders.SESSION_ID, s));
        envelope.token().ifPresent(t -> b.header(WireHeaders.TOKEN, t));
        return b.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, Call call, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            if (e.getCause() instanceof HearthNetException h) {
                throw h; // the body handler's own refusal (a reply over the limit)
            }
            throw mapFailure(e, new Endpoint(request.uri()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HearthNetException(ErrorCode.TIMEOUT, "interrupted while calling " + call.capability(), e);
        }
    }

    private static HearthNetException mapFailure(IOException e, Endpoint target) {
        return JdkHttpClientFailures.map(e, target.toString());
    }

    private static ObjectNode parseBody(byte[] bytes, int status) {
        try {
            JsonNode node = Json.parse(bytes);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (HearthNetException e) {
            // not JSON: reported below with the status
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        throw new HearthNetException(status >= 500 || status == 200 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST,
                "peer answered HTTP " + status + " with a body that is not a JSON object: " + text);
    }

    private static void verify(HttpResponse<?> response, NodeId node, String requestId, ObjectNode body) {
        var h = response.headers();
        String from = h.firstValue(WireHeaders.FROM).orElse(null);
        String signature = h.firstValue(WireHeaders.SIGNATURE).orElse(null);
        String timestamp = h.firstValue(WireHeaders.TIMESTAMP).orElse(null);
        String echoed = h.firstValue(WireHeaders.REQUEST_ID).orElse(null);
        if (from == null || signature == null || timestamp == null || echoed == null) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "the reply of a mutating capability is not signed");
        }
        new SignedResponse(echoed, NodeId.parse(from), timestamp, signature).verify(node, requestId, response.statusCode(), body);
    }

    private static URI resolve(Endpoint target, String path) {
        String base = target.uri().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }
}
