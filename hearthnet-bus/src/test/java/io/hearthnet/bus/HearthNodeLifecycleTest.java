package io.hearthnet.bus;

import static io.hearthnet.bus.Fixtures.echo;
import static io.hearthnet.bus.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.Capability;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.NodeExtension;
import io.hearthnet.api.spi.Service;
import io.hearthnet.api.spi.ServiceContext;
import io.hearthnet.api.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HearthNodeLifecycleTest {
    @TempDir
    Path dir;

    private HearthNode.Builder builder() {
        return HearthNode.builder().dataDir(dir).discoverTransports(false)
                .transport(new MemoryTransportProvider()).setting("mem.network", "life-" + UUID.randomUUID())
                .capability(echo("experimental.echo", "1.0"));
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    @Test
    void start_twice_is_a_no_op_and_close_stops_every_thread_it_started() throws Exception {
        Set<Thread> before = liveThreads();
        HearthNode node = builder().build();
        node.start();
        NodeManifest first = node.manifest();
        node.start();
        assertThat(node.manifest()).isSameAs(first);
        // A stream makes the node use its worker pool too.
        node.caller().stream("experimental.echo", "1.0", text("x")).readAll();
        node.close();
        node.close();
        Set<Thread> after = liveThreads();
        after.removeAll(before);
        assertThat(after).filteredOn(t -> t.getName().startsWith("hearthnet")).isEmpty();
        assertThatThrownBy(node::bus).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_closed_node_can_start_again_with_the_same_identity() {
        HearthNode node = builder().build();
        node.start();
        var id = node.nodeId();
        node.close();
        node.start();
        try {
            assertThat(node.nodeId()).isEqualTo(id);
            assertThat(node.caller().call("experimental.echo", "1.0", text("again")).get("text").asText()).isEqualTo("again");
        } finally {
            node.close();
        }
        assertThat(dir.resolve("identity/node.key")).exists();
    }

    @Test
    void services_get_their_context_and_stop_in_reverse_order() throws Exception {
        List<String> events = new ArrayList<>();
        class Recording implements Service {
            private final String name;

            Recording(String name) {
                this.name = name;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Version version() {
                return Version.of(1, 0);
            }

            @Override
            public void start(ServiceContext context) {
                assertThat(context.dataDir()).isEqualTo(dir.resolve("services").resolve(name));
                assertThat(Files.isDirectory(context.dataDir())).isTrue();
                assertThat(context.nodeId()).isEqualTo(context.keys().nodeId());
                events.add("start " + name);
            }

            @Override
            public List<Capability> capabilities() {
                return List.of(echo("experimental." + name, "1.0"));
            }

            @Override
            public void stop() {
                events.add("stop " + name);
            }
        }
        HearthNode node = builder().service(new Recording("one")).service(new Recording("two")).build();
        node.start();
        assertThat(node.manifest().capabilities()).extracting(c -> c.name())
                .containsExactly("experimental.echo", "experimental.one", "experimental.two");
        node.close();
        assertThat(events).containsExactly("start one", "start two", "stop two", "stop one");
    }

    @Test
    void a_failing_service_start_stops_what_was_started_and_surfaces_the_error() {
        List<String> events = new ArrayList<>();
        NodeExtension ext = new NodeExtension() {
            @Override
            public String name() {
                return "ext";
            }

            @Override
            public void start(NodeContext context) {
                events.add("ext start");
            }

            @Override
            public void stop() {
                events.add("ext stop");
            }
        };
        Service broken = new Service() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Version version() {
                return Version.of(1, 0);
            }

            @Override
            public void start(ServiceContext context) {
                throw new IllegalStateException("database missing");
            }

            @Override
            public List<Capability> capabilities() {
                return List.of();
            }
        };
        HearthNode node = builder().service(broken).extension(ext).build();
        assertThatThrownBy(node::start).hasMessageContaining("database missing");
        assertThat(node.isRunning()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void the_manifest_is_reissued_when_capabilities_change_and_extensions_hear_of_it() {
        ManualClock clock = new ManualClock();
        List<NodeManifest> heard = new ArrayList<>();
        NodeExtension listener = Fixtures.extension("listener", context -> context.onManifest(heard::add));
        HearthNode node = builder().clock(clock).extension(listener).keys(NodeKeyPair.generate()).build();
        node.start();
        try {
            clock.advance(Duration.ofSeconds(5));
            node.bus().register(echo("experimental.more", "1.0"));
            assertThat(heard).isNotEmpty();
            NodeManifest latest = heard.get(heard.size() - 1);
            assertThat(latest.capabilities()).extracting(c -> c.name()).contains("experimental.more");
            assertThat(latest.issuedAt()).isEqualTo(clock.instant());
            assertThat(node.manifest()).isEqualTo(latest);
            latest.verify(clock);
            assertThat(latest.endpoints()).singleElement().satisfies(e -> assertThat(e.scheme()).isEqualTo("mem"));
        } finally {
            node.close();
        }
    }

    @Test
    void the_host_app_reads_connectivity_and_views_that_extensions_publish() {
        NodeContext[] given = new NodeContext[1];
        NodeExtension emergencyLike = Fixtures.extension("emergency-like", context -> {
            given[0] = context;
            context.publishView("state", () -> Json.object().put("mode", context.connectivity().wireName()));
        });
        HearthNode node = builder().extension(emergencyLike).build();
        node.start();
        try {
            List<Connectivity> heard = new ArrayList<>();
            Runnable unsubscribe = node.onConnectivity(heard::add);
            assertThat(node.connectivity()).isEqualTo(Connectivity.ONLINE);
            assertThat(node.view("state")).hasValueSatisfying(v -> assertThat(v.get("mode").asText()).isEqualTo("online"));
            assertThat(node.view("nothing")).isEmpty();

            given[0].publishConnectivity(Connectivity.OFFLINE);

            assertThat(node.connectivity()).isEqualTo(Connectivity.OFFLINE);
            assertThat(heard).containsExactly(Connectivity.OFFLINE);
            assertThat(node.view("state")).hasValueSatisfying(v -> assertThat(v.get("mode").asText()).isEqualTo("offline"));
            unsubscribe.run();
            given[0].publishConnectivity(Connectivity.DEGRADED);
            assertThat(heard).as("no news after unsubscribing").containsExactly(Connectivity.OFFLINE);
        } finally {
            node.close();
        }
        assertThatThrownBy(node::connectivity).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_manifest_must_be_refreshed_before_it_expires() {
        assertThatThrownBy(() -> builder().manifestTtl(Duration.ofSeconds(10)).manifestRefresh(Duration.ofSeconds(10)).build())
                .hasMessageContaining("before it expires");
    }
}
