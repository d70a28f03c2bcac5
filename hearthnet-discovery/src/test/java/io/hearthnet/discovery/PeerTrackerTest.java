package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.manifest.KeyPins;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.testing.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The tracker's verification and timing rules, with manifests served from memory and fetches run
 * on the calling thread (the channels and HTTP are covered by the end-to-end tests).
 */
class PeerTrackerTest {
    static final String COMMUNITY = "elm";
    static final Endpoint AT = Endpoint.parse("http://127.0.0.1:7080");

    final ManualClock clock = new ManualClock();
    final NodeKeyPair self = NodeKeyPair.generate();
    final NodeKeyPair peer = NodeKeyPair.generate();
    final PeerRegistry registry = new PeerRegistry(clock);
    final DiscoveryMetrics metrics = new DiscoveryMetrics();
    final List<NodeManifest> routed = new ArrayList<>();
    final List<NodeId> unrouted = new ArrayList<>();
    final List<Endpoint> fetched = new ArrayList<>();
    Function<Endpoint, ObjectNode> serve = e -> manifest(peer, COMMUNITY).toJson();
    int newcomers;

    PeerTracker tracker(Executor executor) throws Exception {
        DiscoverySettings settings = new DiscoverySettings(Optional.empty(), Optional.empty(), false, true,
                InetAddress.getByName("239.255.72.78"), 7078, Optional.of(clock), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(90),
                Duration.ofSeconds(30), 16);
        return new PeerTracker(self.nodeId(), COMMUNITY, clock, settings, registry, new KeyPins(), e -> {
            fetched.add(e);
            return serve.apply(e);
        }, new PeerTracker.PeerSink() {
            @Override
            public void update(NodeManifest manifest, List<Endpoint> endpoints) {
                routed.add(manifest);
            }

            @Override
            public void remove(NodeId node) {
                unrouted.add(node);
            }
        }, executor, metrics, new Failures(LoggerFactory.getLogger(PeerTrackerTest.class), metrics), () -> newcomers++,
                () -> false);
    }

    PeerTracker tracker() throws Exception {
        return tracker(Runnable::run);
    }

    NodeManifest manifest(NodeKeyPair keys, String community) {
        return NodeManifest.builder().displayName("peer").communityId(community).endpoints(List.of(AT)).issue(keys, clock);
    }

    Sighting sighting(NodeId node, String fingerprint) {
        return new Sighting(Channel.UDP, node, COMMUNITY, AT, fingerprint);
    }

    long rejected(String reason) {
        return metrics.count(DiscoveryMetrics.REJECTED, "reason", reason);
    }

    @Test
    void a_verified_manifest_makes_a_routable_peer_and_an_unchanged_announcement_no_further_fetch() throws Exception {
        PeerTracker t = tracker();
        t.onSighting(sighting(peer.nodeId(), "f1"));
        t.onSighting(sighting(peer.nodeId(), "f1"));

        assertThat(registry.get(peer.nodeId())).isPresent();
        assertThat(routed).hasSize(1);
        assertThat(fetched).hasSize(1);
        assertThat(t.isRoutable(peer.nodeId())).isTrue();
        assertThat(newcomers).isEqualTo(1);
    }

    @Test
    void our_own_announcement_is_ignored() throws Exception {
        tracker().onSighting(sighting(self.nodeId(), "f"));
        assertThat(fetched).isEmpty();
    }

    @Test
    void a_manifest_of_another_node_than_announced_is_refused() throws Exception {
        serve = e -> manifest(NodeKeyPair.generate(), COMMUNITY).toJson();
        tracker().onSighting(sighting(peer.nodeId(), "f"));
        assertThat(rejected("node_mismatch")).isEqualTo(1);
        assertThat(registry.size()).isZero();
        assertThat(routed).isEmpty();
    }

    @Test
    void an_expired_manifest_is_refused() throws Exception {
        NodeManifest old = manifest(peer, COMMUNITY);
        clock.advance(Duration.ofSeconds(31));
        serve = e -> old.toJson();
        tracker().onSighting(sighting(peer.nodeId(), "f"));
        assertThat(rejected("expired")).isEqualTo(1);
        assertThat(registry.size()).isZero();
    }

    @Test
    void a_manifest_with_a_bad_signature_is_refused() throws Exception {
        serve = e -> {
            ObjectNode json = manifest(peer, COMMUNITY).toJson();
            json.put("display_name", "someone else");
            return json;
        };
        tracker().onSighting(sighting(peer.nodeId(), "f"));
        assertThat(rejected("invalid_signature")).isEqualTo(1);
        assertThat(registry.size()).isZero();
    }

    @Test
    void a_malformed_manifest_is_refused() throws Exception {
        serve = e -> io.hearthnet.api.json.Json.object().put("node_id", peer.nodeId().value());
        tracker().onSighting(sighting(peer.nodeId(), "f"));
        assertThat(rejected("malformed_manifest")).isEqualTo(1);
        assertThat(registry.size()).isZero();
    }

    @Test
    void a_manifest_of_another_community_is_refused() throws Exception {
        serve = e -> manifest(peer, "oak").toJson();
        tracker().onSighting(sighting(peer.nodeId(), "f"));
        assertThat(rejected("foreign_community")).isEqualTo(1);
        assertThat(registry.size()).isZero();
    }

    @Test
    void an_older_manifest_never_replaces_a_newer_one() throws Exception {
        NodeManifest older = manifest(peer, COMMUNITY);
        clock.advance(Duration.ofSeconds(5));
        PeerTracker t = tracker();
        t.onSighting(sighting(peer.nodeId(), "f1"));
        NodeManifest newer = registry.get(peer.nodeId()).orElseThrow().manifest();

        serve = e -> older.toJson();
        t.onSighting(sighting(peer.nodeId(), "f2"));

        assertThat(rejected("older_manifest")).isEqualTo(1);
        assertThat(registry.get(peer.nodeId()).orElseThrow().manifest()).isEqualTo(newer);
    }

    @Test
    void failed_fetches_back_off_but_a_changed_announcement_is_fetched_at_once() throws Exception {
        serve = e -> {
            throw new HearthNetException(ErrorCode.PARTITION, "connection refused");
        };
        PeerTracker t = tracker();
        t.onSighting(sighting(peer.nodeId(), "f1"));
        t.onSighting(sighting(peer.nodeId(), "f1"));
        assertThat(fetched).as("second sighting within the 1 s back-off").hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        t.onSighting(sighting(peer.nodeId(), "f1"));
        assertThat(fetched).hasSize(2);
        t.onSighting(sighting(peer.nodeId(), "f1"));
        assertThat(fetched).as("back-off doubled to 2 s").hasSize(2);

        t.onSighting(sighting(peer.nodeId(), "f2"));
        assertThat(fetched).as("the announcement changed").hasSize(3);
        assertThat(metrics.count(DiscoveryMetrics.FETCHES, "result", "failed")).isEqualTo(3);
        assertThat(metrics.count(DiscoveryMetrics.FAILURES, "component", "fetch")).isEqualTo(3);
        assertThat(t.stubs()).isEqualTo(1);
    }

    @Test
    void maintenance_refreshes_near_expiry_unroutes_at_expiry_and_prunes_at_90_s() throws Exception {
        PeerTracker t = tracker();
        t.onSighting(sighting(peer.nodeId(), "f"));
        serve = e -> {
            throw new HearthNetException(ErrorCode.PARTITION, "gone");
        };

        clock.advance(Duration.ofSeconds(19));
        t.maintain();
        assertThat(fetched).as("11 s left: not yet").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        t.maintain();
        assertThat(fetched).as("10 s left: refresh").hasSize(2);
        assertThat(unrouted).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        t.maintain();
        assertThat(unrouted).containsExactly(peer.nodeId());
        assertThat(t.isRoutable(peer.nodeId())).isFalse();
        t.maintain();
        assertThat(unrouted).as("removed from the bus once").hasSize(1);

        clock.advance(Duration.ofSeconds(61));
        t.maintain();
        assertThat(registry.get(peer.nodeId())).isEmpty();
        assertThat(t.stubs()).isZero();
    }

    @Test
    void a_forged_announcement_elsewhere_cannot_divert_refreshes_but_a_real_move_is_followed() throws Exception {
        Endpoint forged = Endpoint.parse("http://127.0.0.1:9");
        Endpoint moved = Endpoint.parse("http://127.0.0.1:7081");
        PeerTracker t = tracker();
        t.onSighting(sighting(peer.nodeId(), "f1"));
        serve = e -> {
            if (e.equals(forged)) {
                throw new HearthNetException(ErrorCode.PARTITION, "nobody there");
            }
            return manifest(peer, COMMUNITY).toJson();
        };

        t.onSighting(new Sighting(Channel.UDP, peer.nodeId(), COMMUNITY, forged, "forged"));
        clock.advance(Duration.ofSeconds(20));
        t.maintain();

        assertThat(fetched).containsExactly(AT, forged, AT);
        assertThat(t.isRoutable(peer.nodeId())).isTrue();

        t.onSighting(new Sighting(Channel.UDP, peer.nodeId(), COMMUNITY, moved, "moved"));
        clock.advance(Duration.ofSeconds(20));
        t.maintain();
        assertThat(fetched).containsExactly(AT, forged, AT, moved, moved);
        assertThat(registry.get(peer.nodeId()).orElseThrow().endpoints()).contains(moved);
    }

    @Test
    void a_full_fetch_queue_is_counted_and_the_next_sighting_tries_again() throws Exception {
        List<Runnable> later = new ArrayList<>();
        boolean[] full = {true};
        PeerTracker t = tracker(r -> {
            if (full[0]) {
                throw new RejectedExecutionException("full");
            }
            later.add(r);
        });
        t.onSighting(sighting(peer.nodeId(), "f"));
        assertThat(metrics.count(DiscoveryMetrics.FAILURES, "component", "fetch")).isEqualTo(1);

        full[0] = false;
        t.onSighting(sighting(peer.nodeId(), "f"));
        assertThat(later).hasSize(1);
        later.get(0).run();
        assertThat(registry.get(peer.nodeId())).isPresent();
    }

    @Test
    void removing_a_peer_from_the_registry_removes_it_from_the_bus() throws Exception {
        PeerTracker t = tracker();
        t.onSighting(sighting(peer.nodeId(), "f"));
        registry.remove(peer.nodeId());
        assertThat(unrouted).containsExactly(peer.nodeId());
        t.close();
        t.onSighting(sighting(peer.nodeId(), "f"));
        assertThat(fetched).as("closed: no more fetches").hasSize(1);
    }
}
