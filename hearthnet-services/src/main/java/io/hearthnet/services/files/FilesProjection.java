package io.hearthnet.services.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.eventlog.Event;
import io.hearthnet.services.eventlog.Projection;
import io.hearthnet.services.support.Inputs;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who holds which blob, from the replicated {@code file.advertised} events, and (the service's own
 * state, kept across rebuilds) the manifests of the blobs held whole on this node.
 */
final class FilesProjection implements Projection {
    static final String ADVERTISED = "file.advertised";
    /** Most (blob, holder) records kept; further advertisements are ignored with a warning. */
    static final int MAX_HOLDINGS = 100_000;
    static final int MAX_HOLDERS_SHOWN = 16;

    private static final Logger LOG = LoggerFactory.getLogger(FilesProjection.class);

    /** One row of {@code file.list}. */
    record Listed(String blobId, String name, long size, boolean local, List<NodeId> holders) {}

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS file_blobs (blob_id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                    + " size INTEGER NOT NULL, manifest TEXT NOT NULL, stored_ms INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS file_blobs_name ON file_blobs(name)");
            s.execute("CREATE TABLE IF NOT EXISTS file_holders (blob_id TEXT NOT NULL, holder TEXT NOT NULL,"
                    + " name TEXT NOT NULL, size INTEGER NOT NULL, lamport INTEGER NOT NULL, PRIMARY KEY (blob_id, holder))");
            s.execute("CREATE INDEX IF NOT EXISTS file_holders_name ON file_holders(name)");
        }
    }

    @Override
    public void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS file_holders");
        }
    }

    @Override
    public void apply(Connection c, Event e) throws SQLException {
        if (!e.eventType().equals(ADVERTISED)) {
            LOG.debug("files log: ignoring event type {}", e.eventType());
            return;
        }
        NodeId holder;
        List<Holding> holdings;
        try {
            ObjectNode data = e.data();
            Inputs.onlyFields(data, java.util.Set.of("holder", "blobs"));
            holder = Inputs.nodeId(data, "holder");
            holdings = Holding.readAll(data, "blobs");
        } catch (HearthNetException ex) {
            LOG.warn("files log: ignoring malformed advertisement {} by {}: {}", e.eventId(), e.author().shortForm(), ex.getMessage());
            return;
        }
        if (count(c, "SELECT COUNT(*) FROM file_holders") + holdings.size() > MAX_HOLDINGS) {
            LOG.warn("files log: ignoring advertisement {}: already {} holdings recorded", e.eventId(), MAX_HOLDINGS);
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO file_holders(blob_id, holder, name, size, lamport)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            for (Holding h : holdings) {
                s.setString(1, h.blobId());
                s.setString(2, holder.value());
                s.setString(3, h.name());
                s.setLong(4, h.size());
                s.setLong(5, e.lamport());
                s.executeUpdate();
            }
        }
    }

    /** The manifest of a blob held whole here. */
    static Optional<BlobManifest> blob(Connection c, String blobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT manifest FROM file_blobs WHERE blob_id = ?")) {
            s.setString(1, blobId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(BlobManifest.fromJson(Json.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8))))
                        : Optional.empty();
            }
        }
    }

    /** Records that this node holds {@code manifest}'s blob whole. */
    static void keep(Connection c, BlobManifest manifest, long nowMs) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT OR IGNORE INTO file_blobs(blob_id, name, size, manifest, stored_ms)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, manifest.blobId());
            s.setString(2, manifest.name());
            s.setLong(3, manifest.size());
            s.setString(4, Json.write(manifest.toJson()));
            s.setLong(5, nowMs);
            s.executeUpdate();
        }
    }

    static int blobCount(Connection c) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM file_blobs");
    }

    /** Blobs held here or advertised by others whose name starts with {@code prefix}, by name. */
    static List<Listed> list(Connection c, String prefix, int limit) throws SQLException {
        List<Listed> out = new ArrayList<>();
        int length = prefix.codePointCount(0, prefix.length());
        try (PreparedStatement s = c.prepareStatement("SELECT blob_id, MIN(name), MAX(size) FROM ("
                + "SELECT blob_id, name, size FROM file_blobs UNION ALL SELECT blob_id, name, size FROM file_holders)"
                + " WHERE substr(name, 1, ?) = ? GROUP BY blob_id ORDER BY 2, 1 LIMIT ?");
             PreparedStatement local = c.prepareStatement("SELECT 1 FROM file_blobs WHERE blob_id = ?");
             PreparedStatement holders = c.prepareStatement(
                     "SELECT holder FROM file_holders WHERE blob_id = ? ORDER BY lamport DESC, holder LIMIT " + MAX_HOLDERS_SHOWN)) {
            s.setInt(1, length);
            s.setString(2, prefix);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    local.setString(1, id);
                    boolean isLocal;
                    try (ResultSet l = local.executeQuery()) {
                        isLocal = l.next();
                    }
                    holders.setString(1, id);
                    List<NodeId> who = new ArrayList<>();
                    try (ResultSet h = holders.executeQuery()) {
                        while (h.next()) {
                            who.add(NodeId.parse(h.getString(1)));
                        }
                    }
                    out.add(new Listed(id, rs.getString(2), rs.getLong(3), isLocal, who));
                }
            }
        }
        return out;
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
