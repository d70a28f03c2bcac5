package io.hearthnet.emergency;

import java.io.IOException;

/** "The internet" for tests: a DNS responder, an HTTP server and a TCP listener on 127.0.0.1. */
final class LoopbackInternet implements AutoCloseable {
    final LoopbackDnsServer dns = new LoopbackDnsServer();
    final LoopbackHttpServer http = new LoopbackHttpServer();
    final LoopbackTcpServer tcp = new LoopbackTcpServer();

    /** Starts all three (on the same ports as before, after a {@link #stop()}). */
    LoopbackInternet start() throws IOException {
        dns.start();
        http.start();
        tcp.start();
        return this;
    }

    void stop() throws IOException {
        dns.stop();
        http.stop();
        tcp.stop();
    }

    /** The three targets, as a {@code HEARTHNET_PROBE_TARGETS} list. */
    String targets() {
        return "dns://127.0.0.1:" + dns.port() + "," + http.url() + ",tcp://127.0.0.1:" + tcp.port();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
