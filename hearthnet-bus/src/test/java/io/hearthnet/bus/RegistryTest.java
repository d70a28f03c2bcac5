package io.hearthnet.bus;

import static io.hearthnet.bus.Fixtures.echo;
import static io.hearthnet.bus.Fixtures.echoDescriptor;
import static io.hearthnet.bus.Fixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private final ManualClock clock = new ManualClock();
    private final Fixtures.Harness h = Fixtures.harness(clock, BusConfig.defaults());
    private final CapabilityRegistry registry = h.bus.registry();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void test_register_local_validates_descriptor() {
        CapabilityDescriptor bad = CapabilityDescriptor.builder("experimental.bad", "1.0")
                .requestSchema(Json.parseObject("{\"type\":\"strnig\"}")).build();
        assertThatThrownBy(() -> registry.registerLocal(Capability.of(bad, CapabilityHandler.unary(c -> Json.object()))))
                .isInstanceOfSatisfying(HearthNetException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_INVALID);
                    assertThat(e.getMessage()).contains("request schema of experimental.bad@1.0");
                });
        CapabilityDescriptor badMin = CapabilityDescriptor.builder("experimental.bad", "1.0")
                .responseSchema(Json.parseObject("{\"type\":\"string\",\"minLength\":-1}")).build();
        assertThatThrownBy(() -> registry.registerLocal(Capability.of(badMin, CapabilityHandler.unary(c -> Json.object()))))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.SCHEMA_INVALID);
        CapabilityDescriptor nested = CapabilityDescriptor.builder("experimental.bad", "1.0")
                .requestSchema(Json.parseObject("{\"type\":\"object\",\"properties\":{\"a\":{\"required\":\"a\"}}}")).build();
        assertThatThrownBy(() -> registry.registerLocal(Capability.of(nested, CapabilityHandler.unary(c -> Json.object()))))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.SCHEMA_INVALID);
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void test_register_local_refuses_remote_refs() {
        CapabilityDescriptor remoteRef = CapabilityDescriptor.builder("experimental.ref", "1.0")
                .requestSchema(Json.parseObject("{\"$ref\":\"http://127.0.0.1:9/schema.json\"}")).build();
        assertThatThrownBy(() -> registry.registerLocal(Capability.of(remoteRef, CapabilityHandler.unary(c -> Json.object()))))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.SCHEMA_INVALID);
    }

    @Test
    void test_register_local_namespace_violation_raises() {
        assertThatThrownBy(() -> CapabilityDescriptor.builder("acme.widget", "1.0"))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.NAMESPACE_VIOLATION);
        assertThatThrownBy(() -> CapabilityDescriptor.builder("ocr.scan", "1.0"))
                .isInstanceOfSatisfying(HearthNetException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NAMESPACE_VIOLATION);
                    assertThat(e.getMessage()).contains("reserved");
                });
    }

    @Test
    void reregistering_an_unchanged_capability_is_a_no_op() {
        Capability echo = echo("experimental.echo", "1.0");
        List<RegistryEvent> events = new ArrayList<>();
        registry.subscribe(events::add);
        CapabilityEntry first = registry.registerLocal(echo);
        CapabilityEntry second = registry.registerLocal(echo);
        assertThat(second).isSameAs(first);
        assertThat(events).extracting(RegistryEvent::kind).containsExactly(RegistryEvent.Kind.ADDED);
    }

    @Test
    void peer_manifest_updates_report_added_removed_and_updated() {
        NodeKeyPair peer = NodeKeyPair.generate();
        var a = echoDescriptor("experimental.a", "1.0");
        var b = echoDescriptor("experimental.b", "1.0");
        var c = echoDescriptor("experimental.c", "1.0");
        RegistryDiff first = registry.updateFromManifest(manifest(peer, clock, "mem://t/p", a, b), List.of());
        assertThat(first.added()).extracting(CapabilityEntry::name).containsExactlyInAnyOrder("experimental.a", "experimental.b");
        RegistryDiff second = registry.updateFromManifest(manifest(peer, clock, "mem://t/p2", b, c), List.of());
        assertThat(second.added()).extracting(CapabilityEntry::name).containsExactly("experimental.c");
        assertThat(second.removed()).extracting(CapabilityEntry::name).containsExactly("experimental.a");
        assertThat(second.updated()).extracting(CapabilityEntry::name).containsExactly("experimental.b");
        RegistryDiff third = registry.updateFromManifest(manifest(peer, clock, "mem://t/p2", b, c), List.of());
        assertThat(third.isEmpty()).isTrue();
        assertThat(registry.removePeer(peer.nodeId())).isEqualTo(2);
        assertThat(registry.remote()).isEmpty();
    }

    @Test
    void find_applies_the_version_rule() {
        NodeKeyPair peer = NodeKeyPair.generate();
        registry.registerLocal(echo("experimental.echo", "1.2"));
        registry.updateFromManifest(manifest(peer, clock, "mem://t/p",
                echoDescriptor("experimental.echo", "1.0"), echoDescriptor("experimental.echo", "2.0")), List.of());
        assertThat(registry.find("experimental.echo", Version.of(1, 1))).extracting(CapabilityEntry::version)
                .containsExactly(Version.of(1, 2));
        assertThat(registry.find("experimental.echo", Version.of(1, 0))).hasSize(2);
        assertThat(registry.find("experimental.echo", Version.of(2, 0))).extracting(e -> e.node())
                .containsExactly(peer.nodeId());
        assertThat(registry.find("experimental.echo", Version.of(3, 0))).isEmpty();
    }

    @Test
    void concurrent_registration_and_peer_updates_keep_the_registry_consistent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<NodeKeyPair> peers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            peers.add(NodeKeyPair.generate());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                go.await();
                registry.registerLocal(echo("experimental.local" + n, "1.0"));
                registry.updateFromManifest(manifest(peers.get(n), clock, "mem://t/" + n,
                        echoDescriptor("experimental.shared", "1.0")), List.of());
                return null;
            }));
        }
        go.countDown();
        for (var f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(registry.local()).hasSize(8);
        assertThat(registry.find("experimental.shared", Version.of(1, 0))).hasSize(8);
        assertThat(registry.peers()).hasSize(8);
    }
}
