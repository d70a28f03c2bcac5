package io.hearthnet.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.Endpoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PeerRoutesProperties {
    private static final List<String> SOURCES = List.of(PeerRoutes.APP, PeerRoutes.extension("discovery"),
            PeerRoutes.extension("other"), PeerRoutes.transport("relay"), PeerRoutes.transport("ble"));

    /** One step: a source tells its endpoints (put) or forgets the peer (remove). */
    record Step(String source, boolean remove, List<Endpoint> endpoints) {}

    @Property
    void merged_is_what_the_sources_now_say_with_direct_paths_first(@ForAll("steps") List<Step> steps) {
        PeerRoutes routes = new PeerRoutes();
        Map<String, List<Endpoint>> model = new LinkedHashMap<>();
        for (Step s : steps) {
            if (s.remove()) {
                assertThat(routes.remove(s.source())).isEqualTo(model.remove(s.source()) != null);
            } else {
                routes.put(s.source(), s.endpoints(), Instant.EPOCH);
                model.put(s.source(), s.endpoints());
            }
        }

        Set<Endpoint> direct = new LinkedHashSet<>();
        Set<Endpoint> all = new LinkedHashSet<>();
        model.forEach((source, eps) -> {
            all.addAll(eps);
            if (!source.startsWith("transport:")) {
                direct.addAll(eps);
            }
        });
        List<Endpoint> merged = routes.merged();
        assertThat(routes.isEmpty()).isEqualTo(model.isEmpty());
        assertThat(merged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
        assertThat(merged.subList(0, direct.size())).containsExactlyElementsOf(direct);
    }

    /** A manifest issued at {@code at} arriving from {@code source}. */
    record Told(String source, Instant at) {}

    @Property
    void a_manifest_applies_when_no_older_than_the_newest_or_from_the_source_that_gave_it(@ForAll("told") List<Told> told) {
        PeerRoutes routes = new PeerRoutes();
        Instant newest = Instant.MIN;
        String newestSource = null;
        for (Told t : told) {
            boolean expected = !t.at().isBefore(newest) || t.source().equals(newestSource);
            assertThat(routes.put(t.source(), List.of(), t.at())).isEqualTo(expected);
            if (expected) {
                newest = t.at();
                newestSource = t.source();
            }
        }
    }

    @Property
    void a_peer_that_restarts_with_its_clock_set_back_is_believed_by_the_source_that_sees_it(
            @ForAll("told") List<Told> before) {
        PeerRoutes routes = new PeerRoutes();
        before.forEach(t -> routes.put(t.source(), List.of(), t.at()));
        routes.put(PeerRoutes.extension("discovery"), List.of(), Instant.ofEpochSecond(1_000));

        assertThat(routes.put(PeerRoutes.extension("discovery"), List.of(), Instant.ofEpochSecond(1))).isTrue();
        assertThat(routes.put(PeerRoutes.transport("relay"), List.of(), Instant.EPOCH))
                .as("another source's still older manifest is not").isFalse();
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Endpoint> endpoint = Arbitraries.of("http://127.0.0.1:1", "http://127.0.0.1:2", "relay://h:1/a",
                "relay://h:1/b", "ble://x").map(Endpoint::parse);
        return Combinators.combine(Arbitraries.of(SOURCES), Arbitraries.integers().between(0, 3).map(i -> i == 0), endpoint.list().ofMaxSize(3))
                .as(Step::new).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Told>> told() {
        return Combinators.combine(Arbitraries.of(SOURCES), Arbitraries.longs().between(0, 100).map(Instant::ofEpochSecond))
                .as(Told::new).list().ofMaxSize(20);
    }
}
