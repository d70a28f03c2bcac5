package io.hearthnet.emergency;

import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/** Sends one HTTP(S) HEAD request to the target; any HTTP status passes (the server answered). */
final class HttpHeadProbe implements Probe {
    private final ProbeTarget target;
    private final HttpClient client;

    HttpHeadProbe(ProbeTarget target, HttpClient client) {
        this.target = Objects.requireNonNull(target, "target");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String target() {
        return target.target();
    }

    @Override
    public ProbeResult run(Duration timeout) {
        long start = System.nanoTime();
        try {
            head(client, target, timeout);
            return Probes.success(target(), start);
        } catch (HttpTimeoutException e) {
            return Probes.failure(target(), start, "no HTTP response within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return Probes.failure(target(), start, "connection refused");
        } catch (IOException | IllegalArgumentException e) {
            return Probes.failure(target(), start, Probes.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probes.failure(target(), start, "interrupted");
        }
    }

    /** One HEAD request to {@code target}, waiting at most {@code timeout} for the response headers. */
    static HttpResponse<Void> head(HttpClient client, ProbeTarget target, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.uri())
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(timeout)
                .header("User-Agent", "hearthnet-emergency")
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public String toString() {
        return "HttpHeadProbe[" + target + "]";
    }
}
