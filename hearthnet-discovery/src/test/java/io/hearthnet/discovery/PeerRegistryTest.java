package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeerRegistryTest {
    final ManualClock clock = new ManualClock();
    final List<PeerEvent> events = new CopyOnWriteArrayList<>();

    NodeManifest manifest(NodeKeyPair keys, String community) {
        return NodeManifest.builder().displayName("n").communityId(community)
                .endpoints(List.of(Endpoint.parse("http://127.0.0.1:7080"))).issue(keys, clock);
    }

    @Test
    void upsert_says_whether_the_peer_is_new_and_stamps_it_with_the_clock() {
        PeerRegistry r = new PeerRegistry(clock);
        r.subscribe(events::add);
        NodeKeyPair k = NodeKeyPair.generate();
        List<Endpoint> at = List.of(Endpoint.parse("http://127.0.0.1:1"));

        assertThat(r.upsert(manifest(k, "c"), at)).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(r.upsert(manifest(k, "c"), at)).isFalse();

        Peer p = r.get(k.nodeId()).orElseThrow();
        assertThat(p.firstSeen()).isEqualTo(clock.instant().minusSeconds(5));
        assertThat(p.lastSeen()).isEqualTo(clock.instant());
        assertThat(p.endpoints()).isEqualTo(at);
        assertThat(events).extracting(PeerEvent::kind).containsExactly(PeerEvent.Kind.ADDED, PeerEvent.Kind.UPDATED);
    }

    @Test
    void the_same_manifest_again_refreshes_the_peer_without_an_event() {
        PeerRegistry r = new PeerRegistry(clock);
        r.subscribe(events::add);
        NodeManifest m = manifest(NodeKeyPair.generate(), "c");
        r.upsert(m, List.of());
        clock.advance(Duration.ofSeconds(1));
        r.upsert(m, List.of());

        assertThat(events).extracting(PeerEvent::kind).containsExactly(PeerEvent.Kind.ADDED);
        assertThat(r.all().get(0).lastSeen()).isEqualTo(clock.instant());
    }

    @Test
    void remove_get_all_and_by_community() {
        PeerRegistry r = new PeerRegistry(clock);
        NodeKeyPair a = NodeKeyPair.generate();
        NodeKeyPair b = NodeKeyPair.generate();
        r.upsert(manifest(a, "elm"), List.of());
        r.upsert(manifest(b, "oak"), List.of());
        r.subscribe(events::add);

        assertThat(r.byCommunity("elm")).extracting(Peer::nodeId).containsExactly(a.nodeId());
        assertThat(r.all()).hasSize(2);
        assertThat(r.remove(a.nodeId())).isPresent();
        assertThat(r.remove(a.nodeId())).isEmpty();
        assertThat(r.get(a.nodeId())).isEmpty();
        assertThat(r.size()).isEqualTo(1);
        assertThat(events).extracting(PeerEvent::kind).containsExactly(PeerEvent.Kind.REMOVED);
    }

    @Test
    void prune_removes_exactly_the_peers_older_than_the_maximum_age() {
        PeerRegistry r = new PeerRegistry(clock);
        NodeKeyPair old = NodeKeyPair.generate();
        NodeKeyPair fresh = NodeKeyPair.generate();
        r.upsert(manifest(old, "c"), List.of());
        clock.advance(Duration.ofSeconds(60));
        r.upsert(manifest(fresh, "c"), List.of());
        r.subscribe(events::add);

        clock.advance(Duration.ofSeconds(30));
        assertThat(r.pruneOlderThan(Duration.ofSeconds(90))).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(r.pruneOlderThan(Duration.ofSeconds(90))).extracting(Peer::nodeId).containsExactly(old.nodeId());

        assertThat(r.all()).extracting(Peer::nodeId).containsExactly(fresh.nodeId());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(PeerEvent.Kind.REMOVED);
            assertThat(e.peer().nodeId()).isEqualTo(old.nodeId());
        });
        Expect.fails(ErrorCode.BAD_REQUEST, () -> r.pruneOlderThan(Duration.ofSeconds(-1)));
    }

    @Test
    void when_full_a_new_peer_evicts_the_one_verified_longest_ago() {
        PeerRegistry r = new PeerRegistry(clock, 2);
        r.subscribe(events::add);
        NodeKeyPair a = NodeKeyPair.generate();
        NodeKeyPair b = NodeKeyPair.generate();
        NodeKeyPair c = NodeKeyPair.generate();
        r.upsert(manifest(a, "x"), List.of());
        clock.advance(Duration.ofSeconds(1));
        r.upsert(manifest(b, "x"), List.of());
        clock.advance(Duration.ofSeconds(1));
        r.upsert(manifest(a, "x"), List.of());
        r.upsert(manifest(c, "x"), List.of());

        assertThat(r.all()).extracting(Peer::nodeId).containsExactlyInAnyOrder(a.nodeId(), c.nodeId());
        assertThat(events).filteredOn(e -> e.kind() == PeerEvent.Kind.REMOVED).extracting(e -> e.peer().nodeId())
                .containsExactly(b.nodeId());
        Expect.fails(ErrorCode.BAD_REQUEST, () -> new PeerRegistry(clock, 0));
    }

    @Test
    void a_failing_listener_neither_breaks_the_change_nor_the_other_listeners() {
        PeerRegistry r = new PeerRegistry(clock);
        r.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        Runnable unsubscribe = r.subscribe(events::add);

        r.upsert(manifest(NodeKeyPair.generate(), "c"), List.of());
        unsubscribe.run();
        r.upsert(manifest(NodeKeyPair.generate(), "c"), List.of());

        assertThat(r.size()).isEqualTo(2);
        assertThat(events).hasSize(1);
    }

    @Test
    void concurrent_upserts_and_prunes_stay_within_capacity_and_lose_no_event() throws Exception {
        PeerRegistry r = new PeerRegistry(clock, 50);
        List<NodeManifest> manifests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            manifests.add(manifest(NodeKeyPair.generate(), "c"));
        }
        List<PeerEvent> seen = new CopyOnWriteArrayList<>();
        r.subscribe(seen::add);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            threads.add(io.hearthnet.api.testing.Threads.start("upsert-" + t, failure, () -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = offset; i < manifests.size(); i += 4) {
                    r.upsert(manifests.get(i), List.of());
                    r.pruneOlderThan(Duration.ofDays(1));
                    assertThat(r.size()).isLessThanOrEqualTo(50);
                }
            }));
        }
        go.countDown();
        threads.forEach(io.hearthnet.api.testing.Threads::join);

        assertThat(failure.get()).isNull();
        assertThat(r.size()).isEqualTo(50);
        long added = seen.stream().filter(e -> e.kind() == PeerEvent.Kind.ADDED).count();
        long removed = seen.stream().filter(e -> e.kind() == PeerEvent.Kind.REMOVED).count();
        assertThat(added).isEqualTo(200);
        assertThat(added - removed).isEqualTo(50);
    }
}
