package io.hearthnet.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.spi.ProbeResult;
import io.hearthnet.emergency.LoopbackDnsServer.Behaviour;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three built-in probes against real sockets on 127.0.0.1. */
class RealProbesTest {
    /** For the probes that must time out: their message names it. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** For the probes that must pass: generous, so a loaded machine does not fail them. */
    private static final Duration ANSWERS = Duration.ofSeconds(10);

    private final ExecutorService httpPool = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWERS).executor(httpPool).build();

    @AfterEach
    void close() {
        httpPool.shutdownNow();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    private static DnsProbe dns(int port) {
        return new DnsProbe(ProbeTargets.parse("dns://127.0.0.1:" + port));
    }

    @Test
    void dns_passes_when_the_resolver_answers() throws Exception {
        try (LoopbackDnsServer server = new LoopbackDnsServer().start()) {
            ProbeResult r = dns(server.port()).run(ANSWERS);
            assertThat(r.success()).as(r.detail()).isTrue();
            assertThat(r.target()).isEqualTo("dns://127.0.0.1:" + server.port());
            assertThat(r.detail()).isEmpty();
            assertThat(server.queries()).isEqualTo(1);
        }
    }

    @Test
    void dns_skips_answers_with_another_id() throws Exception {
        try (LoopbackDnsServer server = new LoopbackDnsServer().behaviour(Behaviour.WRONG_ID_FIRST).start()) {
            assertThat(dns(server.port()).run(ANSWERS).success()).isTrue();
        }
        try (LoopbackDnsServer server = new LoopbackDnsServer().behaviour(Behaviour.ONLY_WRONG_ID).start()) {
            ProbeResult r = dns(server.port()).run(TIMEOUT);
            assertThat(r.success()).isFalse();
            assertThat(r.detail()).isEqualTo("no DNS answer within 500 ms");
        }
    }

    @Test
    void dns_fails_on_silence_a_malformed_answer_or_a_closed_port() throws Exception {
        try (LoopbackDnsServer server = new LoopbackDnsServer().behaviour(Behaviour.SILENT).start()) {
            ProbeResult r = dns(server.port()).run(TIMEOUT);
            assertThat(r.success()).isFalse();
            assertThat(r.detail()).isEqualTo("no DNS answer within 500 ms");
            assertThat(r.latency()).isGreaterThanOrEqualTo(TIMEOUT);
        }
        try (LoopbackDnsServer server = new LoopbackDnsServer().behaviour(Behaviour.MALFORMED).start()) {
            ProbeResult r = dns(server.port()).run(ANSWERS);
            assertThat(r.success()).isFalse();
            assertThat(r.detail()).isEqualTo("DNS response of 8 bytes is shorter than its 12-byte header");
        }
        ProbeResult r = dns(freePort()).run(ANSWERS);
        assertThat(r.success()).isFalse();
        assertThat(r.detail()).isEqualTo("resolver port unreachable");
    }

    @Test
    void dns_answers_again_after_a_restart_on_the_same_port() throws Exception {
        LoopbackDnsServer server = new LoopbackDnsServer().start();
        try {
            DnsProbe probe = dns(server.port());
            server.stop();
            assertThat(probe.run(ANSWERS).success()).isFalse();
            server.start();
            assertThat(probe.run(ANSWERS).success()).isTrue();
        } finally {
            server.stop();
        }
    }

    @Test
    void tcp_passes_when_something_listens_and_fails_when_refused() throws Exception {
        try (LoopbackTcpServer server = new LoopbackTcpServer().start()) {
            ProbeResult r = new TcpProbe(ProbeTargets.parse("tcp://127.0.0.1:" + server.port())).run(ANSWERS);
            assertThat(r.success()).as(r.detail()).isTrue();
        }
        ProbeResult r = new TcpProbe(ProbeTargets.parse("tcp://127.0.0.1:" + freePort())).run(ANSWERS);
        assertThat(r.success()).isFalse();
        assertThat(r.detail()).isEqualTo("connection refused");
    }

    @Test
    void http_head_passes_on_any_status() throws Exception {
        try (LoopbackHttpServer server = new LoopbackHttpServer().start()) {
            HttpHeadProbe probe = new HttpHeadProbe(ProbeTargets.parse(server.url()), http);
            assertThat(probe.run(ANSWERS).success()).isTrue();
            server.status(503);
            ProbeResult r = probe.run(ANSWERS);
            assertThat(r.success()).as("a 503 still proves the server is reachable").isTrue();
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void http_head_fails_when_refused_or_unanswered() throws Exception {
        ProbeResult refused = new HttpHeadProbe(ProbeTargets.parse("http://127.0.0.1:" + freePort() + "/"), http).run(ANSWERS);
        assertThat(refused.success()).isFalse();
        assertThat(refused.detail()).isEqualTo("connection refused");
        try (LoopbackHttpServer server = new LoopbackHttpServer().hang(true).start()) {
            ProbeResult r = new HttpHeadProbe(ProbeTargets.parse(server.url()), http).run(TIMEOUT);
            assertThat(r.success()).isFalse();
            assertThat(r.detail()).isEqualTo("no HTTP response within 500 ms");
        }
    }

    @Test
    void probes_made_for_targets_match_their_kind() {
        var probes = Probes.forTargets(ProbeTargets.parseList("dns://127.0.0.1:1,http://127.0.0.1:2/,tcp://127.0.0.1:3"), http);
        assertThat(probes).extracting(p -> p.getClass().getSimpleName())
                .containsExactly("DnsProbe", "HttpHeadProbe", "TcpProbe");
        assertThat(probes).extracting(p -> p.target())
                .containsExactly("dns://127.0.0.1:1", "http://127.0.0.1:2/", "tcp://127.0.0.1:3");
    }
}
