package io.hearthnet.emergency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;
import java.util.Optional;

/**
 * The JSON view published as {@code emergency}:
 * {@code {"mode", "since", "last_probe", "probes": {target: bool}, "failures": {target: why},
 * "clock": {"anchor", "checked_at", "skew_ms", "warning", "detail"} | null}}.
 */
final class EmergencyView {
    private EmergencyView() {}

    static ObjectNode json(EmergencyState state, Optional<ClockCheck> clock) {
        ObjectNode o = Json.object();
        o.put("mode", state.mode().wireName());
        o.put("since", state.since().toString());
        if (state.lastProbe().isPresent()) {
            o.put("last_probe", state.lastProbe().get().toString());
        } else {
            o.putNull("last_probe");
        }
        ObjectNode probes = o.putObject("probes");
        ObjectNode failures = o.putObject("failures");
        state.results().forEach((target, r) -> {
            probes.put(target, r.success());
            if (!r.success()) {
                failures.put(target, r.detail());
            }
        });
        if (clock.isEmpty()) {
            o.putNull("clock");
        } else {
            ClockCheck c = clock.get();
            ObjectNode co = o.putObject("clock");
            co.put("anchor", c.anchor());
            co.put("checked_at", c.checkedAt().toString());
            if (c.skew().isPresent()) {
                co.put("skew_ms", c.skew().get().toMillis());
            } else {
                co.putNull("skew_ms");
            }
            co.put("warning", c.warning());
            co.put("detail", c.detail());
        }
        return o;
    }
}
