package io.hearthnet.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.spi.Connectivity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of the state machine over generated histories: stretches ("phases") in which 1 to 5
 * targets keep the same outcomes, observed at 1 to 10 s intervals, so that long failures, recoveries
 * and flapping all occur.
 */
class StateMachineProperties {
    private static final StateRules RULES = StateRules.DEFAULTS;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    record Phase(int duration, int step, List<Boolean> up) {}

    record Scenario(int targets, List<Phase> phases) {}

    record Observation(Instant at, Map<String, Boolean> results, Connectivity mode, Optional<Transition> transition,
                       boolean holding) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(1, 5).flatMap(n -> phase(n).list().ofMinSize(1).ofMaxSize(14)
                .map(phases -> new Scenario(n, phases)));
    }

    private static Arbitrary<Phase> phase(int targets) {
        Arbitrary<List<Boolean>> up = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Collections.nCopies(targets, true))),
                Tuple.of(2, Arbitraries.just(Collections.nCopies(targets, false))),
                Tuple.of(3, Arbitraries.of(true, false).list().ofSize(targets)));
        return Combinators.combine(Arbitraries.integers().between(0, 45), Arbitraries.integers().between(1, 10), up)
                .as(Phase::new);
    }

    private static List<Observation> run(Scenario scenario) {
        StateMachine machine = new StateMachine(RULES, Connectivity.ONLINE, T0);
        List<Observation> out = new ArrayList<>();
        Instant now = T0;
        for (Phase p : scenario.phases()) {
            for (int elapsed = 0; elapsed <= p.duration(); elapsed += p.step()) {
                now = now.plusSeconds(p.step());
                Map<String, Boolean> results = new LinkedHashMap<>();
                for (int i = 0; i < scenario.targets(); i++) {
                    results.put("t" + i, p.up().get(i));
                }
                Optional<Transition> t = machine.observe(now, results);
                out.add(new Observation(now, results, machine.mode(), t, machine.holding()));
            }
        }
        return out;
    }

    private static List<Transition> transitions(List<Observation> history) {
        return history.stream().flatMap(o -> o.transition().stream()).toList();
    }

    @Property
    void never_online_while_a_probe_failed_in_the_last_10_s(@ForAll("scenarios") Scenario scenario) {
        List<Observation> history = run(scenario);
        for (int i = 0; i < history.size(); i++) {
            Observation o = history.get(i);
            if (o.mode() != Connectivity.ONLINE) {
                continue;
            }
            for (int j = 0; j <= i; j++) {
                Observation earlier = history.get(j);
                if (earlier.results().containsValue(false)) {
                    assertThat(Duration.between(earlier.at(), o.at())).as("online at %s, failure at %s", o.at(), earlier.at())
                            .isGreaterThanOrEqualTo(RULES.recoverAfter());
                }
            }
        }
        Statistics.label("reached online after a failure")
                .collect(history.stream().anyMatch(o -> o.transition().map(t -> t.to() == Connectivity.ONLINE).orElse(false)));
    }

    @Property
    void offline_only_after_two_probes_failed_continuously_for_30_s(@ForAll("scenarios") Scenario scenario) {
        List<Observation> history = run(scenario);
        for (int i = 0; i < history.size(); i++) {
            Observation o = history.get(i);
            if (o.transition().map(t -> t.to() != Connectivity.OFFLINE).orElse(true)) {
                continue;
            }
            assertThat(targetsFailingFor(history, i, RULES.offlineAfter()))
                    .as("targets failing for 30 s when going offline at %s", o.at())
                    .isGreaterThanOrEqualTo(RULES.offlineMinFailing());
        }
        Statistics.label("went offline")
                .collect(transitions(history).stream().anyMatch(t -> t.to() == Connectivity.OFFLINE));
    }

    @Property
    void two_probes_failing_for_30_s_means_offline(@ForAll("scenarios") Scenario scenario) {
        List<Observation> history = run(scenario);
        for (int i = 0; i < history.size(); i++) {
            if (targetsFailingFor(history, i, RULES.offlineAfter()) >= RULES.offlineMinFailing()) {
                assertThat(history.get(i).mode()).as("at %s", history.get(i).at()).isEqualTo(Connectivity.OFFLINE);
            }
        }
    }

    @Property
    void anti_flap_bounds_transitions_per_60_s(@ForAll("scenarios") Scenario scenario) {
        List<Observation> history = run(scenario);
        List<Transition> ts = transitions(history);
        for (int i = 0; i < ts.size(); i++) {
            Transition t = ts.get(i);
            Instant windowStart = t.at().minus(RULES.flapWindow());
            long before = ts.subList(0, i).stream().filter(x -> x.at().isAfter(windowStart)).count();
            if (t.optimistic()) {
                assertThat(before).as("transitions before the improvement at %s", t.at()).isLessThan(RULES.flapLimit());
            }
            Instant windowEnd = t.at().plus(RULES.flapWindow());
            long within = ts.subList(i, ts.size()).stream().filter(x -> x.at().isBefore(windowEnd)).count();
            assertThat(within).as("transitions in the 60 s from %s", t.at()).isLessThanOrEqualTo(RULES.flapLimit() + 2);
            long better = ts.subList(i, ts.size()).stream().filter(x -> x.at().isBefore(windowEnd) && x.optimistic()).count();
            assertThat(better).isLessThanOrEqualTo(RULES.flapLimit());
        }
        Statistics.label("anti-flap held").collect(history.stream().anyMatch(Observation::holding));
    }

    @Property
    void recovers_when_all_pass_for_10_s_unless_anti_flap_holds(@ForAll("scenarios") Scenario scenario) {
        List<Observation> history = run(scenario);
        for (int i = 0; i < history.size(); i++) {
            Observation o = history.get(i);
            Optional<Instant> allPassingSince = allPassingSince(history, i);
            if (allPassingSince.isEmpty() || allPassingSince.get().plus(RULES.recoverAfter()).isAfter(o.at())) {
                continue;
            }
            Instant windowStart = o.at().minus(RULES.flapWindow());
            long recent = history.subList(0, i).stream()
                    .filter(x -> x.transition().isPresent() && x.at().isAfter(windowStart)).count();
            if (recent < RULES.flapLimit()) {
                assertThat(o.mode()).as("all passing since %s, at %s", allPassingSince.get(), o.at()).isEqualTo(Connectivity.ONLINE);
            }
        }
    }

    @Property
    void transitions_change_the_mode_and_time_never_runs_backwards(@ForAll("scenarios") Scenario scenario) {
        List<Observation> history = run(scenario);
        Connectivity mode = Connectivity.ONLINE;
        for (Observation o : history) {
            if (o.transition().isPresent()) {
                Transition t = o.transition().get();
                assertThat(t.from()).isEqualTo(mode).isNotEqualTo(t.to());
                assertThat(t.at()).isEqualTo(o.at());
                assertThat(t.reason()).isNotBlank();
            }
            assertThat(o.mode()).isEqualTo(o.transition().map(Transition::to).orElse(mode));
            mode = o.mode();
        }
    }

    /** How many targets had, at observation {@code i}, failed in every observation of at least {@code span}. */
    private static int targetsFailingFor(List<Observation> history, int i, Duration span) {
        int count = 0;
        for (String target : history.get(i).results().keySet()) {
            int j = i;
            while (j >= 0 && !history.get(j).results().get(target)) {
                j--;
            }
            if (j < i && !history.get(j + 1).at().plus(span).isAfter(history.get(i).at())) {
                count++;
            }
        }
        return count;
    }

    /** When the run of observations in which every target passed, ending at {@code i}, began. */
    private static Optional<Instant> allPassingSince(List<Observation> history, int i) {
        int j = i;
        while (j >= 0 && !history.get(j).results().containsValue(false)) {
            j--;
        }
        return j == i ? Optional.empty() : Optional.of(history.get(j + 1).at());
    }
}
