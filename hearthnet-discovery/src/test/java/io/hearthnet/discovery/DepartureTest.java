package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A node that stops refreshing disappears: first from routing when its manifest expires, then from
 * the registry at the prune age. TTLs on a manual clock; then end to end in real time with short
 * (configured) intervals; then a restarted node comes back.
 */
class DepartureTest extends OnLanMesh {


    @Test
    void a_closed_node_stops_being_routed_when_its_manifest_expires_and_is_pruned_after_90_s() {
        ManualClock clock = new ManualClock();
        var a = mesh.start(mesh.nodeBuilder("alpha").clock(clock), mesh.discovery().mdns(false));
        var b = mesh.start(mesh.nodeBuilder("bravo", Caps.whoami("experimental.bravo", "bravo")).clock(clock),
                mesh.discovery().mdns(false));
        mesh.awaitFullMesh(FIRST_CONTACT);
        List<PeerEvent> events = new CopyOnWriteArrayList<>();
        a.discovery().peers().subscribe(events::add);

        b.node().close();

        clock.advance(Duration.ofSeconds(21));
        a.discovery().runtime().maintainNow();
        Await.until("alpha to try refreshing bravo's manifest and fail", FIRST_CONTACT,
                () -> a.discovery().metrics().count(DiscoveryMetrics.FETCHES, "result", "failed") > 0);
        assertThat(a.routesTo(b)).as("still valid for 9 s: still routed").isTrue();

        clock.advance(Duration.ofSeconds(9));
        a.discovery().runtime().maintainNow();
        assertThat(a.routesTo(b)).as("expired and unrefreshed: no longer routed").isFalse();
        Expect.fails(ErrorCode.NOT_FOUND, () -> a.node().caller().call("experimental.bravo", "1.0", Caps.empty()));
        assertThat(a.knows(b)).as("still remembered until the prune age").isTrue();
        assertThat(a.discovery().metrics().count(DiscoveryMetrics.UNROUTABLE)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(59));
        a.discovery().runtime().maintainNow();
        assertThat(a.knows(b)).as("89 s unverified").isTrue();

        clock.advance(Duration.ofSeconds(2));
        a.discovery().runtime().maintainNow();
        assertThat(a.knows(b)).as("91 s unverified: pruned").isFalse();
        assertThat(events).extracting(PeerEvent::kind).containsExactly(PeerEvent.Kind.REMOVED);
        assertThat(a.discovery().metrics().count(DiscoveryMetrics.PRUNED)).isEqualTo(1);
    }

    @Test
    void while_offline_stale_peers_are_pruned_after_30_s() {
        ManualClock clock = new ManualClock();
        ConnectivitySwitch connectivity = new ConnectivitySwitch();
        var a = mesh.start(mesh.nodeBuilder("alpha").clock(clock).extension(connectivity), mesh.discovery().mdns(false));
        var b = mesh.start(mesh.nodeBuilder("bravo", Caps.whoami("experimental.bravo", "bravo")).clock(clock),
                mesh.discovery().mdns(false));
        mesh.awaitFullMesh(FIRST_CONTACT);

        connectivity.publish(Connectivity.OFFLINE);
        assertThat(a.discovery().isPruningAggressive()).isTrue();
        assertThat(a.discovery().runtime().announceInterval()).isEqualTo(Duration.ofSeconds(5));
        b.node().close();

        clock.advance(Duration.ofSeconds(30));
        a.discovery().runtime().maintainNow();
        assertThat(a.routesTo(b)).isFalse();
        assertThat(a.knows(b)).as("30 s unverified").isTrue();

        clock.advance(Duration.ofSeconds(2));
        a.discovery().runtime().maintainNow();
        assertThat(a.knows(b)).as("32 s unverified while offline: pruned").isFalse();

        connectivity.publish(Connectivity.ONLINE);
        assertThat(a.discovery().isPruningAggressive()).isFalse();
    }

    @Test
    void a_node_that_dies_disappears_end_to_end_in_real_time_and_reappears_when_restarted() {
        // Every interval shortened 10x: manifests live 3 s, re-issued every 2 s, refreshed with 1 s left.
        var a = mesh.start(shortLived("alpha"), shortDiscovery());
        var b = mesh.start(shortLived("bravo", Caps.whoami("experimental.bravo", "bravo")), shortDiscovery());
        mesh.awaitFullMesh(FIRST_CONTACT);
        assertThat(a.node().caller().call("experimental.bravo", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");

        b.node().close();

        Duration unrouted = Await.until("alpha to stop routing to bravo", Duration.ofSeconds(10), () -> !a.routesTo(b));
        Expect.fails(ErrorCode.NOT_FOUND, () -> a.node().caller().call("experimental.bravo", "1.0", Caps.empty()));
        // Expected ~3.1 s (manifest lifetime + a tick); the bound leaves room for a loaded machine while
        // still telling manifest expiry apart from the 9 s prune.
        assertThat(unrouted).as("by manifest expiry, before the prune").isLessThan(Duration.ofSeconds(8));
        Await.until("alpha to prune bravo", Duration.ofSeconds(15), () -> !a.knows(b));

        b.node().start();

        Await.until("alpha to find the restarted bravo", FIRST_CONTACT, () -> a.knows(b) && a.routesTo(b));
        assertThat(a.node().caller().call("experimental.bravo", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");
        assertThat(a.discovery().peers().get(b.id()).orElseThrow().endpoints()).containsAll(b.node().endpoints());
    }

    @Test
    void a_node_restarted_before_it_was_pruned_is_routed_to_again_at_its_new_endpoint() {
        var a = mesh.start("alpha", d -> d.mdns(false));
        var b = mesh.start("bravo", d -> d.mdns(false), Caps.whoami("experimental.bravo", "bravo"));
        mesh.awaitFullMesh(FIRST_CONTACT);
        var before = b.node().endpoints();

        b.node().close();
        // Hold the old port so the restarted node must take another, as it may after a real restart.
        try (java.net.ServerSocket oldPort = new java.net.ServerSocket()) {
            oldPort.setReuseAddress(true);
            oldPort.bind(new java.net.InetSocketAddress("127.0.0.1", before.get(0).uri().getPort()));
            b.node().start();
        } catch (java.io.IOException e) {
            throw new AssertionError("could not hold bravo's old port " + before, e);
        }

        Await.until("alpha to follow bravo to its new port", FIRST_CONTACT,
                () -> a.discovery().peers().get(b.id()).map(p -> p.endpoints().containsAll(b.node().endpoints())).orElse(false));
        assertThat(b.node().endpoints()).isNotEqualTo(before);
        assertThat(a.node().caller().call("experimental.bravo", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");
    }

    private io.hearthnet.bus.HearthNode.Builder shortLived(String name, io.hearthnet.api.Capability... caps) {
        return mesh.nodeBuilder(name, caps).manifestTtl(Duration.ofSeconds(3)).manifestRefresh(Duration.ofSeconds(2));
    }

    private DiscoveryExtension.Builder shortDiscovery() {
        return mesh.discovery().mdns(false).refreshBefore(Duration.ofSeconds(1)).maintenanceInterval(Duration.ofMillis(100))
                .announceIntervals(Duration.ofMillis(500), Duration.ofMillis(1500))
                .pruneAfter(Duration.ofSeconds(9), Duration.ofSeconds(3));
    }
}
