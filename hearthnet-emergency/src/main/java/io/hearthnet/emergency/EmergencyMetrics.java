package io.hearthnet.emergency;

import io.hearthnet.api.spi.Connectivity;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/** Transition counters and the Prometheus lines emergency mode adds to the node's metrics. */
final class EmergencyMetrics {
    private static final Connectivity[] MODES = Connectivity.values();

    private final AtomicLongArray transitions = new AtomicLongArray(MODES.length * MODES.length);

    void count(Transition t) {
        transitions.incrementAndGet(t.from().ordinal() * MODES.length + t.to().ordinal());
    }

    long transitions(Connectivity from, Connectivity to) {
        return transitions.get(from.ordinal() * MODES.length + to.ordinal());
    }

    String prometheus(EmergencyState state, Optional<ClockCheck> clock) {
        StringBuilder out = new StringBuilder(1024);
        out.append("# HELP hearthnet_emergency_mode Emergency mode: 1 for the current mode, 0 for the others.\n");
        out.append("# TYPE hearthnet_emergency_mode gauge\n");
        for (Connectivity m : MODES) {
            out.append("hearthnet_emergency_mode{mode=\"").append(m.wireName()).append("\"} ")
                    .append(state.mode() == m ? 1 : 0).append('\n');
        }
        out.append("# HELP hearthnet_emergency_transitions_total Emergency mode transitions.\n");
        out.append("# TYPE hearthnet_emergency_transitions_total counter\n");
        for (Connectivity from : MODES) {
            for (Connectivity to : MODES) {
                if (from != to) {
                    out.append("hearthnet_emergency_transitions_total{from=\"").append(from.wireName())
                            .append("\",to=\"").append(to.wireName()).append("\"} ")
                            .append(transitions(from, to)).append('\n');
                }
            }
        }
        out.append("# HELP hearthnet_emergency_probe_up Whether the probe target answered in the last round.\n");
        out.append("# TYPE hearthnet_emergency_probe_up gauge\n");
        state.probes().forEach((target, up) -> out.append("hearthnet_emergency_probe_up{target=\"")
                .append(escape(target)).append("\"} ").append(up ? 1 : 0).append('\n'));
        clock.flatMap(ClockCheck::skew).ifPresent(skew -> {
            out.append("# HELP hearthnet_emergency_clock_skew_seconds Clock anchor time minus local time at the last check.\n");
            out.append("# TYPE hearthnet_emergency_clock_skew_seconds gauge\n");
            out.append("hearthnet_emergency_clock_skew_seconds ").append(skew.toMillis() / 1000.0).append('\n');
        });
        return out.toString();
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
