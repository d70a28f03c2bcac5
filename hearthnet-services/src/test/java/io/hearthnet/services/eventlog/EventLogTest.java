package io.hearthnet.services.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.services.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private EventLog open(Path file, NodeKeyPair keys) {
        return EventLog.builder(file, keys, "test").clock(clock).busyTimeout(Duration.ofMillis(50)).open();
    }

    private static ObjectNode data(String k, String v) {
        ObjectNode o = Json.object();
        o.put(k, v);
        return o;
    }

    @Test
    void appends_signed_events_with_increasing_lamport_and_reads_them_in_replay_order() {
        try (EventLog log = open(dir.resolve("a.db"), TestKeys.ALICE)) {
            Event first = log.append("test.note", data("text", "one"));
            Event second = log.append("test.other", data("text", "two"));
            assertThat(first.lamport()).isEqualTo(1);
            assertThat(second.lamport()).isEqualTo(2);
            first.verify();
            assertThat(first.author()).isEqualTo(TestKeys.ALICE.nodeId());
            assertThat(first.communityId()).isEqualTo("test");
            assertThat(log.query(EventQuery.since(0, 10))).containsExactly(first, second);
            assertThat(log.query(EventQuery.ofType("test.other", 0, 10))).containsExactly(second);
            assertThat(log.query(EventQuery.since(1, 10))).containsExactly(second);
            assertThat(log.heads()).containsEntry(TestKeys.ALICE.nodeId(), 2L);
        }
    }

    @Test
    void receiving_takes_the_maximum_plus_one_and_ties_are_ordered_by_event_id() {
        try (EventLog a = open(dir.resolve("a.db"), TestKeys.ALICE); EventLog b = open(dir.resolve("b.db"), TestKeys.BOB)) {
            for (int i = 0; i < 5; i++) {
                a.append("test.note", data("i", "" + i));
            }
            Event fromB = b.append("test.note", data("who", "bob"));
            List<Event> stored = b.ingest(a.query(EventQuery.since(0, 100)));
            assertThat(stored).hasSize(5);
            assertThat(b.lamport()).isEqualTo(6);
            assertThat(b.append("test.note", data("after", "x")).lamport()).isEqualTo(7);
            assertThat(b.ingest(a.query(EventQuery.since(0, 100)))).as("already stored").isEmpty();
            List<Event> replay = b.query(EventQuery.since(0, 100));
            assertThat(replay.get(0).lamport()).isEqualTo(1);
            assertThat(replay.subList(0, 2)).extracting(Event::lamport).containsExactly(1L, 1L);
            assertThat(replay.get(0).eventId()).isLessThan(replay.get(1).eventId());
            assertThat(replay).contains(fromB);
        }
    }

    @Test
    void an_event_that_leaps_more_than_2_32_past_its_author_s_last_is_refused_and_appends_go_on() {
        try (EventLog log = open(dir.resolve("a.db"), TestKeys.ALICE)) {
            log.append("test.note", data("text", "mine"));
            UlidGenerator ids = new UlidGenerator(clock);
            Event far = Event.create(TestKeys.BOB, ids.next(), LamportClock.MAX, clock.instant(), "test", "test.note", data("x", "y"));
            Event edge = Event.create(TestKeys.BOB, ids.next(), EventLog.MAX_LAMPORT_LEAP, clock.instant(), "test", "test.note",
                    data("x", "z"));

            assertThat(log.intakeProblem(far, 0)).contains("more than 2^32 ahead");
            Expect.fails(ErrorCode.BAD_REQUEST, () -> log.ingest(List.of(edge, far)));
            assertThat(log.count()).as("nothing of the batch is stored").isEqualTo(1);

            assertThat(log.ingest(List.of(edge))).containsExactly(edge);
            assertThat(log.append("test.note", data("text", "still works")).lamport()).isEqualTo(edge.lamport() + 2);

            // The clock is now past 2^32, but a fresh key still may not leap from there: no ratchet.
            Event ratchet = Event.create(TestKeys.CAROL, ids.next(), 2 * EventLog.MAX_LAMPORT_LEAP, clock.instant(), "test",
                    "test.note", data("x", "r"));
            Expect.fails(ErrorCode.BAD_REQUEST, "2^32", () -> log.ingest(List.of(ratchet)));
            Event bobAgain = Event.create(TestKeys.BOB, ids.next(), 2 * EventLog.MAX_LAMPORT_LEAP, clock.instant(), "test",
                    "test.note", data("x", "b"));
            assertThat(log.ingest(List.of(bobAgain))).as("bob's own next leap is measured from bob's last").hasSize(1);
        }
    }

    @Test
    void a_wall_clock_outside_1970_to_2200_is_refused_at_intake_but_a_stored_one_is_still_read() {
        try (EventLog log = open(dir.resolve("a.db"), TestKeys.ALICE)) {
            UlidGenerator ids = new UlidGenerator(clock);
            for (String wall : List.of("+999999999-01-01T00:00:00Z", "9999-01-01T00:00:00Z", "1969-12-31T23:59:59Z")) {
                Event e = Event.create(TestKeys.BOB, ids.next(), 1, java.time.Instant.parse(wall), "test", "test.note",
                        data("x", "y"));
                assertThat(Event.fromJson(e.toJson()).wallClock()).as("reading is lenient").isEqualTo(e.wallClock());
                Expect.fails(ErrorCode.BAD_REQUEST, "outside", () -> log.ingest(List.of(e)));
            }
            assertThat(log.count()).isZero();
        }
        // A node whose own clock was far off stored its own events: they are read back after a restart.
        ManualClock off = new ManualClock(java.time.Instant.parse("2500-01-01T00:00:00Z"));
        Path file = dir.resolve("off.db");
        try (EventLog log = EventLog.builder(file, TestKeys.ALICE, "test").clock(off).open()) {
            log.append("test.note", data("text", "from the future"));
        }
        try (EventLog log = EventLog.builder(file, TestKeys.ALICE, "test").clock(clock).open()) {
            assertThat(log.query(EventQuery.since(0, 10))).extracting(Event::wallClock).containsExactly("2500-01-01T00:00:00Z");
        }
    }

    @Test
    void survives_a_restart_with_its_events_and_its_lamport_time() {
        Path file = dir.resolve("a.db");
        Event first;
        try (EventLog log = open(file, TestKeys.ALICE)) {
            first = log.append("test.note", data("text", "kept"));
            log.append("test.note", data("text", "kept too"));
        }
        try (EventLog log = open(file, TestKeys.ALICE)) {
            assertThat(log.count()).isEqualTo(2);
            assertThat(log.get(first.eventId())).contains(first);
            assertThat(log.append("test.note", data("text", "third")).lamport()).isEqualTo(3);
        }
    }

    @Test
    void the_events_table_refuses_updates_and_deletes() throws Exception {
        Path file = dir.resolve("a.db");
        try (EventLog log = open(file, TestKeys.ALICE)) {
            log.append("test.note", data("text", "one"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("UPDATE events SET lamport = 9"))
                    .hasMessageContaining("append-only");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("DELETE FROM events"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void a_log_of_another_community_is_not_opened() {
        Path file = dir.resolve("a.db");
        open(file, TestKeys.ALICE).close();
        try (LogCapture logs = new LogCapture()) {
            Expect.fails(ErrorCode.INTERNAL_ERROR, "belongs to community 'test'",
                    () -> EventLog.builder(file, TestKeys.ALICE, "other").open());
            assertThat(logs.text()).contains("belongs to community 'test'");
        }
    }

    @Test
    void a_database_path_that_is_a_directory_is_a_clear_error_and_a_log_line() throws Exception {
        Path file = Files.createDirectories(dir.resolve("events.db"));
        try (LogCapture logs = new LogCapture()) {
            Expect.fails(ErrorCode.INTERNAL_ERROR, "is a directory", () -> open(file, TestKeys.ALICE));
            assertThat(logs.text()).contains("ERROR").contains("cannot open store " + file.toAbsolutePath());
        }
    }

    @Test
    void a_locked_database_fails_the_append_visibly_and_stores_nothing() throws Exception {
        Path file = dir.resolve("a.db");
        try (EventLog log = open(file, TestKeys.ALICE);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             LogCapture logs = new LogCapture()) {
            log.append("test.note", data("text", "before"));
            try (Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                Expect.fails(ErrorCode.INTERNAL_ERROR, "locked", () -> log.append("test.note", data("text", "lost?")));
                assertThat(logs.text()).contains("appending a test.note event failed").contains("SQLITE_BUSY");
                assertThat(log.lastFailure()).contains("locked");
                s.execute("ROLLBACK");
            }
            assertThat(log.count()).as("nothing kept in memory, nothing stored").isEqualTo(1);
            log.append("test.note", data("text", "after"));
            assertThat(log.count()).isEqualTo(2);
            assertThat(log.lastFailure()).isNull();
        }
    }

    @Test
    void missing_returns_what_a_peer_lacks_within_the_byte_budget() {
        try (EventLog a = open(dir.resolve("a.db"), TestKeys.ALICE); EventLog b = open(dir.resolve("b.db"), TestKeys.BOB)) {
            for (int i = 0; i < 4; i++) {
                a.append("test.note", data("i", "x".repeat(1000)));
            }
            b.ingest(a.missing(b.heads(), 2, 1_000_000));
            assertThat(b.heads()).containsEntry(TestKeys.ALICE.nodeId(), 2L);
            List<Event> rest = a.missing(b.heads(), 100, 1);
            assertThat(rest).as("the first event always fits").hasSize(1);
            assertThat(rest.get(0).lamport()).isEqualTo(3);
            assertThat(a.missing(a.heads(), 100, 1_000_000)).isEmpty();
        }
    }
}
