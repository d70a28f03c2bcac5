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

    @Property
    void only_a_manifest_at_least_as_new_as_every_earlier_one_counts_as_newest(@ForAll("instants") List<Instant> issued) {
        PeerRoutes routes = new PeerRoutes();
        Instant newest = Instant.MIN;
        for (Instant at : issued) {
            boolean expected = !at.isBefore(newest);
            assertThat(routes.put(PeerRoutes.APP, List.of(), at)).isEqualTo(expected);
            if (expected) {
                newest = at;
            }
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Endpoint> endpoint = Arbitraries.of("http://127.0.0.1:1", "http://127.0.0.1:2", "relay://h:1/a",
                "relay://h:1/b", "ble://x").map(Endpoint::parse);
        return Combinators.combine(Arbitraries.of(SOURCES), Arbitraries.integers().between(0, 3).map(i -> i == 0), endpoint.list().ofMaxSize(3))
                .as(Step::new).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Instant>> instants() {
        return Arbitraries.longs().between(0, 100).map(Instant::ofEpochSecond).list().ofMaxSize(20);
    }
}
