package io.hearthnet.bus;

import java.util.Map;

/**
 * Counters of the bus since it started.
 *
 * @param calls              calls by capability, then by result ({@code ok} or an error code)
 * @param quarantines        times a provider was put into quarantine
 * @param capacityRejections calls refused with {@code capacity_exceeded}
 * @param inFlight           calls in flight now
 * @param stickySessions     sticky sessions bound now
 * @param traced             trace events recorded in all
 */
public record BusStats(Map<String, Map<String, Long>> calls, long quarantines, long capacityRejections,
                       int inFlight, long stickySessions, long traced) {
    /** Copies the map. */
    public BusStats {
        calls = Map.copyOf(calls);
    }

    /** Calls of {@code capability} that ended with {@code result}. */
    public long calls(String capability, String result) {
        return calls.getOrDefault(capability, Map.of()).getOrDefault(result, 0L);
    }
}
