package io.hearthnet.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Discovery's counters and gauges, written as Prometheus text. Thread-safe. */
final class DiscoveryMetrics {
    static final String ANNOUNCEMENTS = "hearthnet_discovery_announcements_total";
    static final String SIGHTINGS = "hearthnet_discovery_sightings_total";
    static final String IGNORED = "hearthnet_discovery_ignored_total";
    static final String FETCHES = "hearthnet_discovery_manifest_fetches_total";
    static final String REJECTED = "hearthnet_discovery_rejected_total";
    static final String FAILURES = "hearthnet_discovery_failures_total";
    static final String UNROUTABLE = "hearthnet_discovery_unroutable_total";
    static final String PRUNED = "hearthnet_discovery_pruned_total";

    private static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put(ANNOUNCEMENTS, "Announcements of this node sent, by channel.");
        HELP.put(SIGHTINGS, "Announcements of other nodes heard, by channel.");
        HELP.put(IGNORED, "Announcements ignored without a fetch, by reason.");
        HELP.put(FETCHES, "Manifest fetches, by result.");
        HELP.put(REJECTED, "Fetched manifests refused, by reason.");
        HELP.put(FAILURES, "Failures of discovery's parts, by component.");
        HELP.put(UNROUTABLE, "Peers no longer routed to because their manifest expired unrefreshed.");
        HELP.put(PRUNED, "Stale peers pruned from the registry.");
    }

    private final Map<String, Map<String, LongAdder>> counters = new ConcurrentHashMap<>();

    /** Adds one to {@code name} with the label {@code label="value"} (no label when {@code label} is null). */
    void inc(String name, String label, String value) {
        counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(label == null ? "" : "{" + label + "=\"" + value + "\"}", k -> new LongAdder())
                .increment();
    }

    void inc(String name) {
        inc(name, null, null);
    }

    /** The count of {@code name{label="value"}}. */
    long count(String name, String label, String value) {
        LongAdder a = counters.getOrDefault(name, Map.of()).get(label == null ? "" : "{" + label + "=\"" + value + "\"}");
        return a == null ? 0 : a.sum();
    }

    long count(String name) {
        return count(name, null, null);
    }

    /** A gauge's current value. */
    record Gauge(String name, String labels, String help, long value) {}

    /** Every counter, then {@code gauges} (a gauge name's HELP/TYPE header is written once). */
    String prometheus(List<Gauge> gauges) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> h : HELP.entrySet()) {
            header(out, h.getKey(), h.getValue(), "counter");
            new TreeMap<>(counters.getOrDefault(h.getKey(), Map.of())).forEach((labels, adder) ->
                    out.append(h.getKey()).append(labels).append(' ').append(adder.sum()).append('\n'));
        }
        String last = null;
        for (Gauge g : gauges) {
            if (!g.name().equals(last)) {
                header(out, g.name(), g.help(), "gauge");
                last = g.name();
            }
            out.append(g.name()).append(g.labels()).append(' ').append(g.value()).append('\n');
        }
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
