package io.hearthnet.bus;

import java.util.Map;
import java.util.TreeMap;

/** Renders the bus's metrics in the Prometheus text exposition format (version 0.0.4). */
final class PrometheusText {
    private PrometheusText() {}

    static String render(BusMetrics metrics, BusStats stats, Topology topology) {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP hearthnet_calls_total Capability calls by capability and result.\n");
        out.append("# TYPE hearthnet_calls_total counter\n");
        new TreeMap<>(stats.calls()).forEach((cap, byResult) -> new TreeMap<>(byResult).forEach((result, n) ->
                out.append("hearthnet_calls_total{capability=\"").append(escape(cap)).append("\",result=\"")
                        .append(escape(result)).append("\"} ").append(n).append('\n')));
        out.append("# HELP hearthnet_call_duration_seconds Capability call latency.\n");
        out.append("# TYPE hearthnet_call_duration_seconds histogram\n");
        new TreeMap<>(metrics.latency()).forEach((cap, h) -> {
            long cumulative = 0;
            for (int i = 0; i < BusMetrics.BUCKETS.length; i++) {
                cumulative += h.buckets[i].sum();
                out.append("hearthnet_call_duration_seconds_bucket{capability=\"").append(escape(cap))
                        .append("\",le=\"").append(BusMetrics.BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
            }
            long count = h.count.sum();
            out.append("hearthnet_call_duration_seconds_bucket{capability=\"").append(escape(cap))
                    .append("\",le=\"+Inf\"} ").append(count).append('\n');
            out.append("hearthnet_call_duration_seconds_sum{capability=\"").append(escape(cap)).append("\"} ")
                    .append(h.sumMicros.sum() / 1_000_000.0).append('\n');
            out.append("hearthnet_call_duration_seconds_count{capability=\"").append(escape(cap)).append("\"} ")
                    .append(count).append('\n');
        });
        Map<String, Integer> inFlight = new TreeMap<>();
        topology.local().forEach(e -> inFlight.merge(e.name(), e.inFlight(), Integer::sum));
        topology.remote().forEach(e -> inFlight.merge(e.name(), e.inFlight(), Integer::sum));
        out.append("# HELP hearthnet_in_flight Calls in flight by capability.\n");
        out.append("# TYPE hearthnet_in_flight gauge\n");
        inFlight.forEach((cap, n) -> out.append("hearthnet_in_flight{capability=\"").append(escape(cap)).append("\"} ")
                .append(n).append('\n'));
        long quarantinedNow = topology.remote().stream().filter(e -> e.isQuarantined(topology.takenAt())).count()
                + topology.local().stream().filter(e -> e.isQuarantined(topology.takenAt())).count();
        out.append("# HELP hearthnet_quarantined Capability instances in quarantine now.\n");
        out.append("# TYPE hearthnet_quarantined gauge\n");
        out.append("hearthnet_quarantined ").append(quarantinedNow).append('\n');
        out.append("# HELP hearthnet_quarantines_total Times a provider was quarantined.\n");
        out.append("# TYPE hearthnet_quarantines_total counter\n");
        out.append("hearthnet_quarantines_total ").append(stats.quarantines()).append('\n');
        out.append("# HELP hearthnet_capacity_rejections_total Calls refused with capacity_exceeded.\n");
        out.append("# TYPE hearthnet_capacity_rejections_total counter\n");
        out.append("hearthnet_capacity_rejections_total ").append(stats.capacityRejections()).append('\n');
        out.append("# HELP hearthnet_peers Peers with capabilities in the registry.\n");
        out.append("# TYPE hearthnet_peers gauge\n");
        out.append("hearthnet_peers ").append(topology.peers().size()).append('\n');
        return out.toString();
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
