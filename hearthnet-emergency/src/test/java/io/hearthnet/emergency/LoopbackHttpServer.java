package io.hearthnet.emergency;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK HTTP server on 127.0.0.1 for tests: answers every request with a status (204 unless told
 * otherwise), or, when told to hang, not at all until stopped. Can be stopped and started again on
 * the same port. (The JDK server always writes its own {@code Date} header from the real clock.)
 */
final class LoopbackHttpServer implements AutoCloseable {
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 204;
    private volatile boolean hang;
    private int port;
    private HttpServer server;
    private ExecutorService executor;
    private CountDownLatch release;

    LoopbackHttpServer start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        port = server.getAddress().getPort();
        release = new CountDownLatch(1);
        CountDownLatch gate = release;
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try {
                if (hang) {
                    gate.await();
                }
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-http-" + port);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return this;
    }

    LoopbackHttpServer status(int status) {
        this.status = status;
        return this;
    }

    LoopbackHttpServer hang(boolean hang) {
        this.hang = hang;
        return this;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    int requests() {
        return requests.get();
    }

    void stop() {
        if (server != null) {
            release.countDown();
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
