package io.hearthnet.emergency;

import static io.hearthnet.api.spi.Connectivity.DEGRADED;
import static io.hearthnet.api.spi.Connectivity.OFFLINE;
import static io.hearthnet.api.spi.Connectivity.ONLINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.spi.Connectivity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateMachineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final StateMachine machine = new StateMachine(StateRules.DEFAULTS, ONLINE, T0);

    /** Observes at T0 + seconds; {@code up} lists the passing targets among a, b, c, d. */
    private Optional<Transition> at(long seconds, String up) {
        Map<String, Boolean> results = new LinkedHashMap<>();
        for (String t : new String[] {"a", "b", "c", "d"}) {
            results.put(t, up.contains(t));
        }
        return machine.observe(T0.plusSeconds(seconds), results);
    }

    private Connectivity mode(long seconds, String up) {
        at(seconds, up);
        return machine.mode();
    }

    @Test
    void online_stays_online_while_every_probe_passes() {
        assertThat(at(0, "abcd")).isEmpty();
        assertThat(at(10, "abcd")).isEmpty();
        assertThat(machine.mode()).isEqualTo(ONLINE);
        assertThat(machine.since()).isEqualTo(T0);
    }

    @Test
    void one_failure_degrades_at_once_and_names_the_probe() {
        Transition t = at(3, "abd").orElseThrow();
        assertThat(t.from()).isEqualTo(ONLINE);
        assertThat(t.to()).isEqualTo(DEGRADED);
        assertThat(t.at()).isEqualTo(T0.plusSeconds(3));
        assertThat(t.reason()).isEqualTo("failing: c");
        assertThat(t.optimistic()).isFalse();
    }

    @Test
    void one_probe_failing_for_long_is_only_degraded() {
        at(0, "bcd");
        assertThat(mode(31, "bcd")).isEqualTo(DEGRADED);
        assertThat(mode(300, "bcd")).isEqualTo(DEGRADED);
    }

    @Test
    void offline_needs_two_probes_failing_without_interruption_for_30_s() {
        at(0, "cd");
        at(20, "bcd");
        assertThat(mode(30, "cd")).as("b passed at 20 s, so it has failed only since 30 s").isEqualTo(DEGRADED);
        assertThat(mode(59, "cd")).isEqualTo(DEGRADED);
        Transition t = at(60, "cd").orElseThrow();
        assertThat(t.to()).isEqualTo(OFFLINE);
        assertThat(t.reason()).isEqualTo("2 probes have failed for 30 s: a, b");
    }

    @Test
    void offline_recovers_to_degraded_when_all_but_one_probe_pass_for_10_s() {
        at(0, "cd");
        assertThat(mode(30, "cd")).isEqualTo(OFFLINE);
        assertThat(mode(32, "bcd")).isEqualTo(OFFLINE);
        Transition t = at(42, "bcd").orElseThrow();
        assertThat(t.to()).isEqualTo(DEGRADED);
        assertThat(t.optimistic()).isTrue();
        assertThat(t.reason()).contains("still failing or unsettled: a");
        assertThat(mode(52, "abcd")).as("a passes, not yet 10 s").isEqualTo(DEGRADED);
        assertThat(mode(62, "abcd")).isEqualTo(ONLINE);
    }

    @Test
    void a_single_failure_during_recovery_restarts_the_10_s() {
        at(0, "bcd");
        at(1, "abcd");
        at(5, "bcd");
        at(6, "abcd");
        assertThat(mode(11, "abcd")).as("without the failure at 5 s this would be online").isEqualTo(DEGRADED);
        assertThat(mode(15, "abcd")).isEqualTo(DEGRADED);
        assertThat(mode(16, "abcd")).isEqualTo(ONLINE);
    }

    @Test
    void anti_flap_still_lets_the_mode_get_worse() {
        at(1, "bcd");
        at(2, "abcd");
        at(12, "abcd");
        at(13, "bcd");
        at(14, "abcd");
        assertThat(mode(24, "abcd")).isEqualTo(DEGRADED);
        assertThat(machine.holding()).isTrue();
        at(25, "cd");
        assertThat(machine.holding()).as("a and b failing again: nothing to hold back").isFalse();
        assertThat(mode(54, "cd")).isEqualTo(DEGRADED);
        assertThat(mode(55, "cd")).as("a fourth transition within 60 s, towards the worse").isEqualTo(OFFLINE);
    }

    @Test
    void anti_flap_reports_when_the_hold_ends() {
        at(1, "bcd");
        at(2, "abcd");
        at(12, "abcd");
        at(13, "bcd");
        at(14, "abcd");
        at(24, "abcd");
        assertThat(machine.holding()).isTrue();
        assertThat(machine.holdUntil()).contains(T0.plusSeconds(61));
        at(61, "abcd");
        assertThat(machine.holding()).isFalse();
        assertThat(machine.holdUntil()).isEmpty();
        assertThat(machine.mode()).isEqualTo(ONLINE);
    }

    @Test
    void a_clock_stepping_back_counts_as_standing_still() {
        at(100, "cd");
        at(50, "cd");
        assertThat(machine.mode()).isEqualTo(DEGRADED);
        assertThat(mode(129, "cd")).isEqualTo(DEGRADED);
        assertThat(mode(130, "cd")).isEqualTo(OFFLINE);
    }

    @Test
    void targets_that_disappear_are_forgotten() {
        at(0, "cd");
        assertThat(machine.observe(T0.plusSeconds(1), Map.of("c", true, "d", true))).isEmpty();
        assertThat(machine.mode()).as("c and d have passed for only 1 s").isEqualTo(DEGRADED);
        assertThat(machine.observe(T0.plusSeconds(11), Map.of("c", true, "d", true)).map(Transition::to)).contains(ONLINE);
    }
}
