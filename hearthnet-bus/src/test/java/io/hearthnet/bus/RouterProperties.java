package io.hearthnet.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.ParamsPredicate;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Routing invariants over random registries: never a quarantined, full, stale or incompatible entry. */
class RouterProperties {
    private static final NodeKeyPair[] PEERS = new NodeKeyPair[8];

    static {
        for (int i = 0; i < PEERS.length; i++) {
            PEERS[i] = NodeKeyPair.generate();
        }
    }

    /** One generated provider. */
    record Spec(boolean local, int minor, int major, String model, boolean quarantined, boolean stale,
                int inFlight, int latencyMs, int failures) {}

    @Provide
    Arbitrary<Spec> spec() {
        return Combinators.combine(
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 2),
                Arbitraries.of("a", "b"), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 900))
                .as((local, minor, major, model, q, stale, inFlight, latency) ->
                        new Spec(local, minor, major, model, q, stale, inFlight, latency, 0));
    }

    @Property(tries = 300)
    void never_picks_a_quarantined_full_stale_or_incompatible_entry_and_prefers_an_unloaded_local(
            @ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("spec") Spec> specs,
            @ForAll("requestedMinor") int requestedMinor, @ForAll("model") String requestedModel) {
        ManualClock clock = new ManualClock();
        try (Fixtures.Harness h = Fixtures.harness(clock, BusConfig.defaults())) {
            CapabilityRegistry registry = h.bus.registry();
            List<CapabilityEntry> entries = new ArrayList<>();
            Set<Version> localVersions = new java.util.HashSet<>();
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                CapabilityDescriptor d = CapabilityDescriptor.builder("llm.chat", Version.of(s.major(), s.minor()))
                        .params(Json.object().put("model", s.model())).maxConcurrent(5).build();
                CapabilityEntry e;
                if (s.local() && localVersions.add(d.version())) {
                    e = registry.registerLocal(new Capability(d, CapabilityHandler.unary(c -> Json.object()), ParamsPredicate.EQUAL_VALUES));
                } else {
                    NodeKeyPair peer = PEERS[i];
                    registry.updateFromManifest(Fixtures.manifest(peer, clock, "mem://p/" + i, d), List.of());
                    e = registry.entry(peer.nodeId(), "llm.chat", d.version()).orElseThrow();
                    if (s.stale()) {
                        e.touch(clock.millis() - 61_000);
                    }
                }
                for (int k = 0; k < 5; k++) {
                    e.health().record(!s.quarantined(), s.latencyMs() * 1000L, clock.millis());
                }
                for (int k = 0; k < s.inFlight(); k++) {
                    e.tryAcquire();
                }
                entries.add(e);
            }
            Version requested = Version.of(1, requestedMinor);
            ObjectNode params = requestedModel.isEmpty() ? Json.object() : Json.object().put("model", requestedModel);
            long now = clock.millis();
            List<CapabilityEntry> viable = entries.stream().distinct().filter(e -> e.version().satisfies(requested)
                    && (params.isEmpty() || e.offeredParamsView().get("model").asText().equals(requestedModel))
                    && e.health().mayRoute(now) && e.inFlight() < e.maxConcurrent()
                    && (e.isLocal() || e.lastSeenMillis() >= now - 60_000)).toList();
            CapabilityEntry chosen;
            try {
                chosen = new Router(registry, BusConfig.defaults()).route("llm.chat", requested, params, null, null, now);
            } catch (HearthNetException ex) {
                assertThat(viable).as("router found nothing although these were viable").isEmpty();
                return;
            }
            assertThat(viable).contains(chosen);
            boolean unloadedLocal = viable.stream().anyMatch(e -> e.isLocal() && e.load() < 0.8);
            if (unloadedLocal) {
                assertThat(chosen.isLocal()).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<Integer> requestedMinor() {
        return Arbitraries.integers().between(0, 2);
    }

    @Provide
    Arbitrary<String> model() {
        return Arbitraries.of("", "a", "b");
    }
}
