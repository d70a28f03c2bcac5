package io.hearthnet.services.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.JsonArbitraries;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties of ULIDs, Lamport clocks, the envelope parser and the log's replay order. */
class EventLogProperties {
    private static final NodeKeyPair[] AUTHORS = {TestKeys.ALICE, TestKeys.BOB, TestKeys.CAROL};

    @Property
    void a_ulid_round_trips_through_its_text(@ForAll @LongRange(min = 0, max = Ulid.MAX_MILLIS) long millis,
                                             @ForAll @IntRange(min = 0, max = 0xFFFF) int high, @ForAll long low) {
        Ulid u = Ulid.of(millis, high, low);
        assertThat(Ulid.parse(u.value())).isEqualTo(u);
        assertThat(u.timestampMillis()).isEqualTo(millis);
        assertThat(u.value()).hasSize(Ulid.LENGTH);
    }

    @Property
    void ulid_text_order_is_time_then_random_order(@ForAll @LongRange(min = 0, max = Ulid.MAX_MILLIS) long m1,
                                                   @ForAll @IntRange(min = 0, max = 0xFFFF) int h1, @ForAll long l1,
                                                   @ForAll @LongRange(min = 0, max = Ulid.MAX_MILLIS) long m2,
                                                   @ForAll @IntRange(min = 0, max = 0xFFFF) int h2, @ForAll long l2) {
        int expected = Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1])
                .thenComparing((a, b) -> Long.compareUnsigned(a[2], b[2]))
                .compare(new long[] {m1, h1, l1}, new long[] {m2, h2, l2});
        assertThat(Integer.signum(Ulid.of(m1, h1, l1).compareTo(Ulid.of(m2, h2, l2)))).isEqualTo(Integer.signum(expected));
    }

    @Property
    void a_generator_is_strictly_monotonic_whatever_the_clock_does(
            @ForAll @Size(max = 60) List<@IntRange(min = -5_000, max = 5_000) Integer> steps, @ForAll long seed) {
        ManualClock clock = new ManualClock();
        UlidGenerator ids = new UlidGenerator(clock, new Random(seed));
        Ulid previous = ids.next();
        for (int step : steps) {
            clock.advance(Duration.ofMillis(step));
            Ulid next = ids.next();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Property
    void anything_but_a_canonical_ulid_is_refused(@ForAll String text) {
        boolean valid = text.length() == 26 && text.chars().allMatch(c -> Ulid.ALPHABET.indexOf(c) >= 0) && text.charAt(0) <= '7';
        assertThat(Ulid.isValid(text)).isEqualTo(valid);
        if (!valid) {
            Expect.fails(ErrorCode.BAD_REQUEST, () -> Ulid.parse(text));
        }
    }

    @Property
    void lamport_send_increments_and_receive_takes_max_plus_one(
            @ForAll @Size(max = 50) List<@LongRange(min = 0, max = 1_000_000) Long> operations) {
        LamportClock clock = new LamportClock(0);
        long before = clock.current();
        for (long op : operations) {
            long after;
            if (op == 0) {
                after = clock.tick();
                assertThat(after).isEqualTo(before + 1);
            } else {
                after = clock.receive(op);
                assertThat(after).isEqualTo(Math.max(before, op) + 1);
            }
            assertThat(clock.current()).isEqualTo(after);
            before = after;
        }
    }

    @Property(tries = 100)
    void an_event_round_trips_and_verifies(@ForAll("payloads") ObjectNode data, @ForAll @LongRange(min = 1, max = LamportClock.MAX) long lamport,
                                          @ForAll @IntRange(min = 0, max = 2) int author) {
        Event e = Event.create(AUTHORS[author], Ulid.of(1_000, 1, 2), lamport, Instant.parse("2026-01-01T00:00:00.123Z"),
                "test", "test.thing", data);
        Event parsed = Event.fromJson(Json.parse(Json.write(e.toJson())));
        assertThat(parsed).isEqualTo(e);
        parsed.verify();
    }

    @Property(tries = 200)
    void changing_any_signed_field_breaks_the_signature(@ForAll("payloads") ObjectNode data,
                                                        @ForAll("envelopeFields") String field) {
        Event e = Event.create(TestKeys.ALICE, Ulid.of(1_000, 1, 2), 5, Instant.parse("2026-01-01T00:00:00Z"),
                "test", "test.thing", data);
        ObjectNode json = e.toJson();
        switch (field) {
            case "event_id" -> json.put(field, Ulid.of(1_001, 1, 2).value());
            case "lamport" -> json.put(field, 6);
            case "wall_clock" -> json.put(field, "2026-01-01T00:00:01Z");
            case "community_id" -> json.put(field, "other");
            case "author" -> json.put(field, TestKeys.BOB.nodeId().value());
            case "event_type" -> json.put(field, "test.other");
            default -> ((ObjectNode) json.get("data")).put("injected", true);
        }
        Event forged = Event.fromJson(json);
        Expect.fails(ErrorCode.INVALID_SIGNATURE, forged::verify);
    }

    @Property(tries = 300)
    void the_envelope_parser_accepts_only_what_round_trips_and_answers_bad_request_otherwise(@ForAll("junk") JsonNode junk) {
        Event parsed;
        try {
            parsed = Event.fromJson(junk);
        } catch (HearthNetException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.BAD_REQUEST);
            return;
        }
        assertThat(Json.write(parsed.toJson())).isEqualTo(Json.write(junk));
    }

    @Property(tries = 30)
    void the_log_replays_in_lamport_then_id_order_whatever_the_arrival_order(@ForAll long seed,
                                                                            @ForAll @IntRange(min = 1, max = 25) int count) throws IOException {
        Path dir = Files.createTempDirectory("replay");
        try {
            ManualClock clock = new ManualClock();
            Random random = new Random(seed);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                clock.advance(Duration.ofMillis(random.nextInt(3)));
                events.add(Event.create(AUTHORS[random.nextInt(3)], new UlidGenerator(clock, random).next(),
                        1 + random.nextInt(5), clock.instant(), "test", "test.thing", Json.object()));
            }
            List<Event> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            try (EventLog log = EventLog.builder(dir.resolve("r.db"), TestKeys.ALICE, "test").clock(clock).open()) {
                shuffled.forEach(e -> log.ingest(List.of(e)));
                List<Event> replay = log.query(EventQuery.since(0, 1000));
                List<Event> expected = new ArrayList<>(events);
                expected.sort(Comparator.comparingLong(Event::lamport).thenComparing(Event::eventId));
                assertThat(replay).containsExactlyElementsOf(expected);
                long highest = events.stream().mapToLong(Event::lamport).max().orElseThrow();
                assertThat(log.lamport()).as("every receive moved the clock past what it saw")
                        .isGreaterThan(highest).isLessThanOrEqualTo(highest + count);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<ObjectNode> payloads() {
        return JsonArbitraries.values(2).map(v -> {
            ObjectNode o = Json.object();
            o.set("v", v);
            return o;
        });
    }

    @Provide
    Arbitrary<String> envelopeFields() {
        return Arbitraries.of("event_id", "lamport", "wall_clock", "community_id", "author", "event_type", "data");
    }

    @Provide
    Arbitrary<JsonNode> junk() {
        Event valid = Event.create(TestKeys.ALICE, Ulid.of(1, 1, 1), 1, Instant.EPOCH, "test", "test.thing", Json.object());
        Arbitrary<JsonNode> broken = Arbitraries.of("schema_version", "event_id", "lamport", "wall_clock", "community_id",
                "author", "event_type", "data", "signature").flatMap(field -> JsonArbitraries.values(1).map(v -> {
                    ObjectNode o = valid.toJson();
                    if (v.isNull()) {
                        o.remove(field);
                    } else {
                        o.set(field, v);
                    }
                    return (JsonNode) o;
                }));
        Arbitrary<JsonNode> extra = JsonArbitraries.keys().map(k -> {
            ObjectNode o = valid.toJson();
            o.put("x" + k, 1);
            return (JsonNode) o;
        });
        return Arbitraries.oneOf(JsonArbitraries.values(3), broken, extra);
    }
}
