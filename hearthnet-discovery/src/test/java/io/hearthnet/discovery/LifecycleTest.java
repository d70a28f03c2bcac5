package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearthnet.api.json.Json;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Start and stop are exact: stop closes every socket and ends every thread; start twice is a no-op. */
class LifecycleTest extends OnLanMesh {

    @Test
    void stop_closes_the_sockets_and_ends_every_thread_and_a_restart_opens_them_again() throws IOException {
        var a = mesh.start("alpha");
        Await.until("both channels up", Duration.ofSeconds(10),
                () -> a.discovery().runtime().udpUp() && a.discovery().runtime().mdnsUp());
        String tag = a.id().shortForm().substring(8).replace("-", "").toLowerCase(Locale.ROOT);
        assertThat(threadsOf(tag)).as("discovery's own and jmDNS's threads")
                .anyMatch(n -> n.startsWith("hearthnet-discovery-")).anyMatch(n -> n.contains("JmDNS(hearthnet-"));

        a.node().close();

        assertThat(a.discovery().isRunning()).isFalse();
        try (DatagramSocket exclusive = new DatagramSocket(null)) {
            exclusive.setReuseAddress(false);
            exclusive.bind(new InetSocketAddress(mesh.udpPort));
        }
        Await.until("every discovery and jmDNS thread of alpha to end", Duration.ofSeconds(5), () -> threadsOf(tag).isEmpty());

        a.node().start();
        Await.until("both channels up again", Duration.ofSeconds(10),
                () -> a.discovery().runtime().udpUp() && a.discovery().runtime().mdnsUp());
    }

    @Test
    void starting_twice_is_a_no_op_and_stopping_twice_too() {
        ConnectivitySwitch context = new ConnectivitySwitch();
        var a = mesh.start(mesh.nodeBuilder("alpha").extension(context), mesh.discovery().mdns(false));
        DiscoveryRuntime first = a.discovery().runtime();

        a.discovery().start(context.context());

        assertThat(a.discovery().runtime()).isSameAs(first);
        a.discovery().stop();
        a.discovery().stop();
        assertThat(a.discovery().isRunning()).isFalse();
    }

    @Test
    void the_node_serves_discovery_as_a_view_and_as_metrics() throws Exception {
        var a = mesh.start("alpha", d -> d.mdns(false));
        var b = mesh.start("bravo", d -> d.mdns(false), Caps.whoami("experimental.bravo", "bravo"));
        mesh.awaitFullMesh(Duration.ofSeconds(10));
        URI base = a.node().endpoints().get(0).uri();
        HttpClient http = HttpClient.newHttpClient();

        JsonNode view = Json.parse(http.send(HttpRequest.newBuilder(base.resolve("/discovery")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(view.path("udp").path("up").asBoolean()).isTrue();
        assertThat(view.path("mdns").path("enabled").asBoolean()).isFalse();
        assertThat(view.path("peers")).hasSize(1);
        JsonNode peer = view.path("peers").get(0);
        assertThat(peer.path("node_id").asText()).isEqualTo(b.id().value());
        assertThat(peer.path("routable").asBoolean()).isTrue();
        assertThat(metrics).contains("hearthnet_discovery_peers 1")
                .contains("hearthnet_discovery_channel_up{channel=\"udp\"} 1")
                .contains("# TYPE hearthnet_discovery_manifest_fetches_total counter")
                .contains("hearthnet_discovery_manifest_fetches_total{result=\"ok\"}");
    }

    private static List<String> threadsOf(String tag) {
        String discovery = "hearthnet-discovery-" + tag.substring(0, 4);
        String jmdns = "hearthnet-" + tag;
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(discovery) || n.contains(jmdns)).toList();
    }
}
