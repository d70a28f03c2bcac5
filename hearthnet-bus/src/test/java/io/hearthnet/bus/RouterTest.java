package io.hearthnet.bus;

import static io.hearthnet.bus.Fixtures.echo;
import static io.hearthnet.bus.Fixtures.echoDescriptor;
import static io.hearthnet.bus.Fixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.ParamsPredicate;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final ManualClock clock = new ManualClock();
    private final Fixtures.Harness h = Fixtures.harness(clock, BusConfig.defaults());
    private final CapabilityRegistry registry = h.bus.registry();
    private final Router router = new Router(registry, BusConfig.defaults());
    private static final Version V1 = Version.of(1, 0);

    @AfterEach
    void close() {
        h.close();
    }

    private CapabilityEntry route() {
        return router.route("experimental.echo", V1, Json.object(), null, null, clock.millis());
    }

    private CapabilityEntry addRemote(NodeKeyPair peer) {
        registry.updateFromManifest(manifest(peer, clock, "mem://t/" + peer.nodeId().shortForm(),
                echoDescriptor("experimental.echo", "1.0")), List.of());
        return registry.entry(peer.nodeId(), "experimental.echo", V1).orElseThrow();
    }

    private void latency(CapabilityEntry e, long millis, int samples, int failures) {
        for (int i = 0; i < samples; i++) {
            e.health().record(i >= failures, millis * 1000, clock.millis());
        }
    }

    @Test
    void test_router_prefers_local_when_underloaded() {
        CapabilityEntry local = registry.registerLocal(echo("experimental.echo", "1.0"));
        CapabilityEntry remote = addRemote(NodeKeyPair.generate());
        latency(local, 900, 5, 0);
        latency(remote, 1, 5, 0);
        assertThat(route()).isSameAs(local);
    }

    @Test
    void test_router_prefers_remote_when_local_overloaded() {
        CapabilityEntry local = registry.registerLocal(echo("experimental.echo", "1.0"));
        CapabilityEntry remote = addRemote(NodeKeyPair.generate());
        for (int i = 0; i < 4; i++) {
            assertThat(local.tryAcquire()).isTrue();
        }
        assertThat(route()).isSameAs(remote);
    }

    @Test
    void test_router_skips_quarantined() {
        CapabilityEntry a = addRemote(NodeKeyPair.generate());
        CapabilityEntry b = addRemote(NodeKeyPair.generate());
        latency(a, 1, 5, 5);
        assertThat(a.isQuarantined(clock.instant())).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(route()).isSameAs(b);
        }
    }

    @Test
    void test_router_breaks_ties_by_latency_then_reliability() {
        CapabilityEntry slow = addRemote(NodeKeyPair.generate());
        CapabilityEntry fast = addRemote(NodeKeyPair.generate());
        // Equal scores: 100 ms at full success vs 50 ms with 1 failure in 20 (50 + 0.05 × 1000).
        latency(slow, 100, 20, 0);
        latency(fast, 50, 20, 1);
        assertThat(Router.score(slow)).isEqualTo(100.0);
        assertThat(Router.score(fast)).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(route()).isSameAs(fast);

        CapabilityEntry reliable = addRemote(NodeKeyPair.generate());
        CapabilityEntry flaky = addRemote(NodeKeyPair.generate());
        registry.removePeer(slow.node());
        registry.removePeer(fast.node());
        // Same latency: the more reliable one scores lower and wins.
        latency(reliable, 100, 20, 0);
        latency(flaky, 100, 20, 1);
        assertThat(route()).isSameAs(reliable);
    }

    @Test
    void equal_providers_take_turns_instead_of_herding() {
        List<CapabilityEntry> entries = List.of(addRemote(NodeKeyPair.generate()), addRemote(NodeKeyPair.generate()),
                addRemote(NodeKeyPair.generate()));
        latency(entries.get(0), 10, 5, 0);
        latency(entries.get(1), 11, 5, 0);
        latency(entries.get(2), 12, 5, 0);
        Map<NodeId, Integer> counts = new HashMap<>();
        for (int i = 0; i < 99; i++) {
            counts.merge(route().node(), 1, Integer::sum);
        }
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isEqualTo(33));
    }

    @Test
    void a_much_slower_provider_gets_only_occasional_measuring_calls() {
        CapabilityEntry fast = addRemote(NodeKeyPair.generate());
        CapabilityEntry slow = addRemote(NodeKeyPair.generate());
        latency(fast, 10, 5, 0);
        latency(slow, 400, 5, 0);
        int toSlow = 0;
        for (int i = 0; i < 160; i++) {
            if (route() == slow) {
                toSlow++;
            }
        }
        // One re-measuring turn per 8 picks per candidate (16 here): 160 picks give it at most 10.
        assertThat(toSlow).isBetween(1, 10);
    }

    @Test
    void test_params_compatible_predicate_invoked() {
        List<ObjectNode[]> seen = new ArrayList<>();
        ParamsPredicate modelMatch = (offered, requested) -> {
            seen.add(new ObjectNode[] {offered, requested});
            return offered.path("model").equals(requested.path("model"));
        };
        var d = echoDescriptor("experimental.echo", "1.0").toBuilder().params(Json.object().put("model", "small")).build();
        registry.registerLocal(new Capability(d, CapabilityHandler.unary(c -> Json.object()), modelMatch));
        ObjectNode wantSmall = Json.object().put("model", "small");
        assertThat(router.route("experimental.echo", V1, wantSmall, null, null, clock.millis()).isLocal()).isTrue();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)[0].get("model").asText()).isEqualTo("small");
        assertThat(seen.get(0)[1]).isEqualTo(wantSmall);
        assertThatThrownBy(() -> router.route("experimental.echo", V1, Json.object().put("model", "large"), null, null, clock.millis()))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void stale_remote_entries_are_not_routed_to_and_all_stale_is_a_partition() {
        CapabilityEntry remote = addRemote(NodeKeyPair.generate());
        assertThat(route()).isSameAs(remote);
        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(this::route).extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.PARTITION);
        registry.touchPeer(remote.node());
        assertThat(route()).isSameAs(remote);
    }

    @Test
    void full_providers_give_capacity_exceeded_with_retry_after() {
        CapabilityEntry remote = addRemote(NodeKeyPair.generate());
        for (int i = 0; i < remote.maxConcurrent(); i++) {
            remote.tryAcquire();
        }
        assertThatThrownBy(this::route).isInstanceOfSatisfying(HearthNetException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CAPACITY_EXCEEDED);
            assertThat(e.retryAfter()).isPresent();
        });
    }

    @Test
    void unknown_capability_is_not_found() {
        assertThatThrownBy(this::route).extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
