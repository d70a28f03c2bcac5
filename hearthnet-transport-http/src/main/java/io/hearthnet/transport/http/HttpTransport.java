package io.hearthnet.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hearthnet.api.Call;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.concurrent.AdmissionExecutor;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TransportContext;
import java.time.Duration;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP transport of {@link HttpTransportProvider}: a JDK {@link HttpServer} and a JDK HTTP client. */
final class HttpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final int MAX_CLIENT_THREADS = 64;

    private final TransportContext context;
    private final HttpTransportConfig config;
    private final CallHandler calls;
    private final NodeEndpoints endpointsHandler;
    private HttpServer server;
    private ExecutorService serverWorkers;
    private AdmissionExecutor admission;
    private ExecutorService clientWorkers;
    private ExecutorService heartbeatWorkers;
    /** Most stream heartbeats written at once on platform threads (virtual threads have no limit). */
    private static final int HEARTBEAT_THREADS = 16;
    private volatile HttpCaller caller;
    private volatile List<Endpoint> endpoints = List.of();

    HttpTransport(TransportContext context, HttpTransportConfig config) {
        this.context = context;
        this.config = config;
        this.calls = new CallHandler(context, config);
        this.endpointsHandler = new NodeEndpoints(context, this::metricsText, config.diagnosticsFor());
    }

    @Override
    public String scheme() {
        return HttpTransportProvider.SCHEME;
    }

    @Override
    public boolean handles(Endpoint endpoint) {
        String s = endpoint.scheme();
        return s.equals("http") || (s.equals("https") && config.sslContext().isPresent());
    }

    @Override
    public synchronized List<Endpoint> start() throws IOException {
        if (caller != null) {
            return endpoints;
        }
        String prefix = "hearthnet-http-" + context.keys().nodeId().shortForm().substring(8, 12).toLowerCase();
        // Core = max with idle time-out: a ThreadPoolExecutor with a queue only adds threads beyond the
        // core size when the queue is full, so a core of 0 would run every client task on one thread.
        ThreadPoolExecutor client = new ThreadPoolExecutor(MAX_CLIENT_THREADS, MAX_CLIENT_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(10_000), Workers.daemonThreads(prefix + "-client"));
        client.allowCoreThreadTimeOut(true);
        clientWorkers = client;
        caller = new HttpCaller(context, config, clientWorkers);
        if (!config.serve()) {
            return endpoints;
        }
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port());
        if (config.sslContext().isPresent()) {
            HttpsServer https = HttpsServer.create(bind, 256);
            https.setHttpsConfigurator(new HttpsConfigurator(config.sslContext().get()));
            server = https;
        } else {
            server = HttpServer.create(bind, 256);
        }
        serverWorkers = Workers.newWorkerPool(prefix + "-server", config.maxConcurrentRequests());
        admission = new AdmissionExecutor(serverWorkers, config.maxConcurrentRequests());
        // Heartbeats get threads of their own: on the server's they would take threads admission
        // does not count, and one blocked on a reader that stopped reading would hold a request's.
        heartbeatWorkers = Workers.newWorkerPool(prefix + "-heartbeat", HEARTBEAT_THREADS);
        calls.heartbeatWriters(heartbeatWorkers);
        server.setExecutor(admission);
        server.createContext("/", this::route);
        server.start();
        int port = server.getAddress().getPort();
        String scheme = config.sslContext().isPresent() ? "https" : "http";
        endpoints = List.of(new Endpoint(URI.create(scheme + "://" + advertisedHost() + ":" + port)));
        LOG.info("HTTP transport of {} listening on {}:{} as {}", context.keys().nodeId().shortForm(),
                config.bindAddress(), port, endpoints.get(0));
        return endpoints;
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            if (exchange.getRequestURI().getPath().equals(WireHeaders.CALL_PATH)) {
                calls.handle(exchange);
            } else {
                endpointsHandler.handle(exchange);
            }
        } catch (IOException e) {
            LOG.debug("connection problem on {}: {}", exchange.getRequestURI(), e.toString());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("unexpected failure serving {}", exchange.getRequestURI(), e);
            try {
                Exchanges.sendJson(exchange, 500, new HearthNetException(ErrorCode.INTERNAL_ERROR, e.toString()).toJson());
            } catch (IOException | RuntimeException ignored) {
                exchange.close();
            }
        }
    }

    private String advertisedHost() throws SocketException {
        if (config.advertiseHost().isPresent()) {
            return config.advertiseHost().get();
        }
        InetAddress bound = server.getAddress().getAddress();
        if (!bound.isAnyLocalAddress()) {
            return bound.getHostAddress();
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return "127.0.0.1";
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public ObjectNode call(Endpoint target, NodeId node, Call call) {
        return caller().call(target, node, call);
    }

    @Override
    public FrameStream stream(Endpoint target, NodeId node, Call call) {
        return caller().stream(target, node, call);
    }

    @Override
    public ObjectNode fetchManifest(Endpoint target) {
        return caller().fetchManifest(target);
    }

    private HttpCaller caller() {
        HttpCaller c = caller;
        if (c == null) {
            throw HearthNetException.neverDelivered(ErrorCode.PARTITION, "the HTTP transport is not started", null);
        }
        return c;
    }

    String metricsText() {
        return "# HELP hearthnet_http_refused_total Inbound calls refused by the HTTP transport before the bus.\n"
                + "# TYPE hearthnet_http_refused_total counter\n"
                + "hearthnet_http_refused_total{reason=\"capacity_exceeded\"} " + calls.refusedCapacity.sum() + "\n"
                + "hearthnet_http_refused_total{reason=\"rate_limited\"} " + calls.refusedRate.sum() + "\n"
                + "hearthnet_http_refused_total{reason=\"unauthenticated\"} " + calls.refusedAuth.sum() + "\n"
                + "hearthnet_http_refused_total{reason=\"malformed\"} " + calls.refusedMalformed.sum() + "\n"
                + "# HELP hearthnet_http_requests_in_flight Requests being handled now.\n"
                + "# TYPE hearthnet_http_requests_in_flight gauge\n"
                + "hearthnet_http_requests_in_flight " + (admission == null ? 0 : admission.admitted()) + "\n";
    }

    @Override
    public synchronized void close() {
        if (caller == null) {
            return;
        }
        caller = null;
        endpoints = List.of();
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (admission != null) {
            admission.close();
        }
        shutdown(serverWorkers);
        shutdown(heartbeatWorkers);
        shutdown(clientWorkers);
        serverWorkers = null;
        heartbeatWorkers = null;
        clientWorkers = null;
    }

    private static void shutdown(ExecutorService pool) {
        if (pool == null) {
            return;
        }
        Workers.stop(pool, Duration.ofSeconds(5), "the HTTP transport's threads");
    }
}
