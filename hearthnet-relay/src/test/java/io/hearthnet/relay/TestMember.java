package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A hub member driven by a test: its keys, its clock and a {@link HubClient}. */
final class TestMember {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private static final ExecutorService POLLERS = Executors.newCachedThreadPool(Workers.daemonThreads("test-member-poll"));

    final NodeKeyPair keys;
    final HubClient client;
    final String community;

    TestMember(URI hub, NodeKeyPair keys, Clock clock, String community) {
        this.keys = keys;
        this.community = community;
        this.client = new HubClient(hub, keys, clock, HTTP);
    }

    NodeId id() {
        return keys.nodeId();
    }

    ObjectNode join() {
        return client.join(community, null, TIMEOUT);
    }

    ObjectNode send(TestMember to, String id) {
        return client.send(envelope(id, to.id()), TIMEOUT);
    }

    byte[] envelope(String id, NodeId to) {
        return Json.writeBytes(Json.object().put("id", id).put("from", id().value()).put("to", to.value())
                .put("kind", "test").put("n", id));
    }

    /** Polls without waiting. */
    List<ObjectNode> pollNow() {
        return client.poll(Duration.ZERO);
    }

    /** Starts a long-poll on a thread of its own, so the test can act while it waits at the hub. */
    CompletableFuture<List<ObjectNode>> pollInBackground(Duration wait) {
        return CompletableFuture.supplyAsync(() -> client.poll(wait), POLLERS);
    }

    static <T> T await(java.util.concurrent.Future<T> future) {
        try {
            return future.get(TIMEOUT.toMillis() + HubClient.POLL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out", e);
        }
    }

    static HttpClient http() {
        return HTTP;
    }
}
