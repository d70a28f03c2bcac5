package io.hearthnet.emergency;

import io.hearthnet.api.spi.Connectivity;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The online/degraded/offline state machine, fed with probe outcomes and their times. Pure: no
 * threads, no clock of its own, no effects.
 *
 * <ul>
 *   <li>online → degraded as soon as any probe fails;</li>
 *   <li>degraded → offline when at least {@code offlineMinFailing} probes have failed continuously
 *       for {@code offlineAfter};</li>
 *   <li>degraded or offline → online when every probe has passed continuously for
 *       {@code recoverAfter} (the debounce);</li>
 *   <li>offline → degraded when all but fewer than {@code offlineMinFailing} probes have passed
 *       continuously for {@code recoverAfter} (a partial recovery);</li>
 *   <li>anti-flap: while the last {@code flapWindow} holds {@code flapLimit} or more transitions,
 *       the mode may only get worse; a better mode waits until the window has moved on.</li>
 * </ul>
 *
 * A time earlier than the previous observation (a clock stepped back) counts as the previous time.
 */
final class StateMachine {
    private final StateRules rules;
    private final Map<String, Run> runs = new HashMap<>();
    private final Deque<Instant> transitions = new ArrayDeque<>();
    private Connectivity mode;
    private Instant since;
    private Instant last;
    private boolean holding;

    /** Since when a target has been passing, or failing, without interruption. */
    private record Run(boolean passing, Instant since) {}

    StateMachine(StateRules rules, Connectivity initial, Instant start) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.mode = Objects.requireNonNull(initial, "initial");
        this.since = Objects.requireNonNull(start, "start");
        this.last = start;
    }

    Connectivity mode() {
        return mode;
    }

    /** When the current mode was entered. */
    Instant since() {
        return since;
    }

    /** Whether anti-flap is keeping the machine from a better mode right now. */
    boolean holding() {
        return holding;
    }

    /** When the anti-flap window will have let go of the current hold; empty when not holding. */
    Optional<Instant> holdUntil() {
        if (!holding || transitions.size() < rules.flapLimit()) {
            return Optional.empty();
        }
        List<Instant> times = new ArrayList<>(transitions);
        return Optional.of(times.get(times.size() - rules.flapLimit()).plus(rules.flapWindow()));
    }

    /** Feeds one round of outcomes (target → passed) observed at {@code at}; returns the transition it caused. */
    Optional<Transition> observe(Instant at, Map<String, Boolean> results) {
        Instant now = at.isBefore(last) ? last : at;
        last = now;
        runs.keySet().retainAll(results.keySet());
        results.forEach((target, passed) -> {
            Run run = runs.get(target);
            if (run == null || run.passing() != passed) {
                runs.put(target, new Run(passed, now));
            }
        });
        while (!transitions.isEmpty() && !transitions.peekFirst().isAfter(now.minus(rules.flapWindow()))) {
            transitions.pollFirst();
        }
        Connectivity wanted = wanted(now);
        if (wanted == mode) {
            holding = false;
            return Optional.empty();
        }
        if (wanted.ordinal() < mode.ordinal() && transitions.size() >= rules.flapLimit()) {
            holding = true;
            return Optional.empty();
        }
        holding = false;
        Transition t = new Transition(mode, wanted, now, reason(wanted, now));
        mode = wanted;
        since = now;
        transitions.addLast(now);
        return Optional.of(t);
    }

    private Connectivity wanted(Instant now) {
        boolean anyFailing = runs.values().stream().anyMatch(r -> !r.passing());
        long unsettled = runs.values().stream().filter(r -> !settledPassing(r, now)).count();
        boolean offline = longFailing(now).size() >= rules.offlineMinFailing();
        return switch (mode) {
            case ONLINE -> offline ? Connectivity.OFFLINE : anyFailing ? Connectivity.DEGRADED : Connectivity.ONLINE;
            case DEGRADED -> offline ? Connectivity.OFFLINE : unsettled == 0 ? Connectivity.ONLINE : Connectivity.DEGRADED;
            case OFFLINE -> unsettled == 0 ? Connectivity.ONLINE
                    : unsettled < rules.offlineMinFailing() ? Connectivity.DEGRADED : Connectivity.OFFLINE;
        };
    }

    private boolean settledPassing(Run r, Instant now) {
        return r.passing() && !r.since().plus(rules.recoverAfter()).isAfter(now);
    }

    private List<String> longFailing(Instant now) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(runs).forEach((target, r) -> {
            if (!r.passing() && !r.since().plus(rules.offlineAfter()).isAfter(now)) {
                out.add(target);
            }
        });
        return out;
    }

    private List<String> failing() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(runs).forEach((target, r) -> {
            if (!r.passing()) {
                out.add(target);
            }
        });
        return out;
    }

    private String reason(Connectivity wanted, Instant now) {
        return switch (wanted) {
            case ONLINE -> "every probe has passed for " + rules.recoverAfter().toSeconds() + " s";
            case OFFLINE -> longFailing(now).size() + " probes have failed for " + rules.offlineAfter().toSeconds()
                    + " s: " + String.join(", ", longFailing(now));
            case DEGRADED -> mode == Connectivity.ONLINE
                    ? "failing: " + String.join(", ", failing())
                    : "most probes have passed for " + rules.recoverAfter().toSeconds() + " s; still failing or unsettled: "
                            + unsettledNames(now);
        };
    }

    private String unsettledNames(Instant now) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(runs).forEach((target, r) -> {
            if (!settledPassing(r, now)) {
                out.add(target);
            }
        });
        return String.join(", ", out);
    }
}
