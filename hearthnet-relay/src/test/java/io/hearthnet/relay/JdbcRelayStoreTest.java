package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.testing.Expect;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcRelayStoreTest {
    @TempDir
    Path dir;

    @Test
    void the_sqlite_store_runs_in_wal_mode_and_keeps_members_and_mail_across_reopening() throws Exception {
        Path file = dir.resolve("relay/relay.db");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (JdbcRelayStore store = JdbcRelayStore.sqlite(file, false)) {
            store.putMember(new RelayStore.Member("ed25519:a", "c", t, Optional.empty()));
            store.putMember(new RelayStore.Member("ed25519:b", "c", t, Optional.of("{\"m\":1}")));
            store.putMember(new RelayStore.Member("ed25519:b", "c", t, Optional.of("{\"m\":2}")));
            store.enqueue(List.of(new RelayStore.Envelope(2, "ed25519:b", "e2", "ed25519:a", t, new byte[] {2}),
                    new RelayStore.Envelope(1, "ed25519:b", "e1", "ed25519:a", t, new byte[] {1}),
                    new RelayStore.Envelope(3, "ed25519:a", "e3", "ed25519:b", t, new byte[] {3})));
            store.delete(List.of(3L));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        try (JdbcRelayStore store = JdbcRelayStore.sqlite(file, true)) {
            RelayStore.Snapshot s = store.load();
            assertThat(s.members()).extracting(RelayStore.Member::nodeId).containsExactlyInAnyOrder("ed25519:a", "ed25519:b");
            assertThat(s.members()).filteredOn(m -> m.nodeId().equals("ed25519:b"))
                    .extracting(RelayStore.Member::manifest).containsExactly(Optional.of("{\"m\":2}"));
            assertThat(s.envelopes()).extracting(RelayStore.Envelope::envelopeId).containsExactly("e1", "e2");
            assertThat(s.envelopes().get(1).body()).containsExactly(2);

            store.removeMember("ed25519:b");
            assertThat(store.load().envelopes()).isEmpty();
            assertThat(store.load().members()).extracting(RelayStore.Member::nodeId).containsExactly("ed25519:a");
        }
    }

    @Test
    void a_failed_write_is_thrown_and_changes_nothing() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (JdbcRelayStore store = JdbcRelayStore.sqlite(dir.resolve("r.db"), false)) {
            store.enqueue(List.of(new RelayStore.Envelope(1, "x", "e1", "y", t, new byte[1])));
            Expect.fails(ErrorCode.INTERNAL_ERROR, () -> store.enqueue(List.of(
                    new RelayStore.Envelope(2, "x", "e2", "y", t, new byte[1]),
                    new RelayStore.Envelope(1, "x", "again", "y", t, new byte[1]))));
            assertThat(store.load().envelopes()).extracting(RelayStore.Envelope::envelopeId).containsExactly("e1");
        }
    }

    @Test
    void a_closed_store_refuses_work() {
        JdbcRelayStore store = JdbcRelayStore.sqlite(dir.resolve("c.db"), false);
        store.close();
        store.close();
        Expect.fails(ErrorCode.INTERNAL_ERROR, store::load);
    }
}
