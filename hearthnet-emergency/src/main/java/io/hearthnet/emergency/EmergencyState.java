package io.hearthnet.emergency;

import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.ProbeResult;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What emergency mode knows about the internet right now.
 *
 * @param mode      online, degraded or offline
 * @param since     when the mode was entered
 * @param lastProbe when the last probe round ended; empty before the first
 * @param results   the last round's result per target, in probe order
 */
public record EmergencyState(Connectivity mode, Instant since, Optional<Instant> lastProbe, Map<String, ProbeResult> results) {
    /** Checks and copies the components. */
    public EmergencyState {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastProbe, "lastProbe");
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** The state a node assumes before its first probe round: online since {@code start}. */
    public static EmergencyState assumedOnline(Instant start) {
        return new EmergencyState(Connectivity.ONLINE, start, Optional.empty(), Map.of());
    }

    /** Whether each target passed in the last round, in probe order. */
    public Map<String, Boolean> probes() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        results.forEach((target, r) -> out.put(target, r.success()));
        return Collections.unmodifiableMap(out);
    }
}
