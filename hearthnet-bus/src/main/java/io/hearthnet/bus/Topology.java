package io.hearthnet.bus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of the mesh as this node sees it, for dashboards: our node, known peers, local and
 * remote capability instances with their health, and the calls in flight.
 *
 * @param self        this node
 * @param peers       nodes with remote entries
 * @param local       capabilities this node offers
 * @param remote      capabilities peers offer
 * @param inFlightTotal calls in flight across all entries
 * @param takenAt     when the snapshot was taken
 */
public record Topology(NodeId self, List<NodeId> peers, List<CapabilityEntry> local, List<CapabilityEntry> remote,
                       int inFlightTotal, Instant takenAt) {
    /** Copies the lists. */
    public Topology {
        peers = List.copyOf(peers);
        local = List.copyOf(local);
        remote = List.copyOf(remote);
    }

    /** The snapshot as JSON: node, peers, and the capability matrix (who offers what, with health). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("node_id", self.value());
        o.put("short_id", self.shortForm());
        ArrayNode ps = o.putArray("peers");
        peers.forEach(p -> ps.add(p.value()));
        ArrayNode matrix = o.putArray("capabilities");
        local.forEach(e -> matrix.add(entryJson(e)));
        remote.forEach(e -> matrix.add(entryJson(e)));
        o.put("in_flight_total", inFlightTotal);
        o.put("taken_at", takenAt.toString());
        return o;
    }

    private ObjectNode entryJson(CapabilityEntry e) {
        ObjectNode c = Json.object();
        c.put("node_id", e.node().value());
        c.put("name", e.name());
        c.put("version", e.version().toString());
        c.put("local", e.isLocal());
        c.put("in_flight", e.inFlight());
        c.put("max_concurrent", e.maxConcurrent());
        c.put("success_rate", e.successRate());
        if (e.p50Millis() >= 0) {
            c.put("p50_ms", e.p50Millis());
            c.put("p99_ms", e.p99Millis());
        }
        c.put("quarantined", e.isQuarantined(takenAt));
        c.put("last_seen", e.lastSeen().toString());
        return c;
    }
}
