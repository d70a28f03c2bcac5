package io.hearthnet.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateBusTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static EmergencyState state(Connectivity mode, long second) {
        return new EmergencyState(mode, T0, Optional.of(T0.plusSeconds(second)), Map.of());
    }

    @Test
    void subscribers_hear_mode_changes_and_current_follows_every_round() {
        StateBus bus = new StateBus(EmergencyState.assumedOnline(T0));
        List<Connectivity> heard = new ArrayList<>();
        bus.subscribe(s -> heard.add(s.mode()));
        bus.publish(state(Connectivity.ONLINE, 1));
        assertThat(bus.current().lastProbe()).contains(T0.plusSeconds(1));
        bus.publish(state(Connectivity.DEGRADED, 2));
        bus.publish(state(Connectivity.DEGRADED, 3));
        bus.publish(state(Connectivity.ONLINE, 4));
        assertThat(heard).containsExactly(Connectivity.DEGRADED, Connectivity.ONLINE);
        assertThat(bus.current()).isEqualTo(state(Connectivity.ONLINE, 4));
    }

    @Test
    void a_failing_subscriber_does_not_stop_the_others_and_unsubscribing_works() {
        StateBus bus = new StateBus(EmergencyState.assumedOnline(T0));
        List<Connectivity> heard = new ArrayList<>();
        bus.subscribe(s -> {
            throw new IllegalStateException("subscriber bug");
        });
        Runnable unsubscribe = bus.subscribe(s -> heard.add(s.mode()));
        bus.publish(state(Connectivity.OFFLINE, 1));
        unsubscribe.run();
        bus.publish(state(Connectivity.ONLINE, 2));
        assertThat(heard).containsExactly(Connectivity.OFFLINE);
        assertThat(bus.current().mode()).isEqualTo(Connectivity.ONLINE);
    }

    @Test
    void a_state_is_an_immutable_snapshot() {
        Map<String, ProbeResult> results = new LinkedHashMap<>();
        results.put("b", new ProbeResult("b", false, Duration.ZERO, "down"));
        results.put("a", new ProbeResult("a", true, Duration.ZERO, ""));
        EmergencyState s = new EmergencyState(Connectivity.DEGRADED, T0, Optional.empty(), results);
        results.clear();
        assertThat(s.probes()).containsExactly(Map.entry("b", false), Map.entry("a", true));
        assertThat(s.lastProbe()).isEmpty();
    }
}
