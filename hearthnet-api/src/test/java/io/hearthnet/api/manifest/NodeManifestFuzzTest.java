package io.hearthnet.api.manifest;

import static io.hearthnet.api.manifest.Manifests.KEYS;
import static io.hearthnet.api.manifest.Manifests.received;
import static io.hearthnet.api.manifest.Manifests.resigned;
import static io.hearthnet.api.testing.Expect.resultOrHearthNetFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Random damage to a valid manifest's JSON never escapes as anything but a {@code HearthNetException}. */
class NodeManifestFuzzTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private static final ObjectNode VALID = received(Manifests.issue(CLOCK));

    /** Values that are wrong in interesting ways for some field or other. */
    private static final List<String> REPLACEMENTS = List.of("null", "0", "-1", "1", "0.5", "2.5", "1e308", "-1e308",
            "99999999999999999999999", "4294967296", "\"\"", "\"x\"", "true", "false", "[]", "{}", "[1]", "[\"x\"]",
            "{\"a\":1}", "\"1.0\"", "\"1\"", "\"chat.send\"", "\"ocr.read\"", "\"full\"", "\"stable\"",
            "\"" + TestKeys.BOB.nodeId().value() + "\"", "\"ed25519:AAAA\"", "\"blake3:" + "0".repeat(64) + "\"",
            "\"2026-03-01T12:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"",
            "\"http://\"", "\"mem://x\"", "\"relative\"", "\"\\u0000\"", "[[[[]]]]");

    /** Remove the field or element at a path, or replace it with one of {@link #REPLACEMENTS}. */
    record Edit(int path, int replacement, boolean remove) {}

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, REPLACEMENTS.size() - 1), Arbitraries.of(true, false)).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(3);
    }

    /** Every place in the JSON where a value sits: (container, field name or index). */
    private record Slot(JsonNode container, String field, int index) {
        void apply(Edit edit) {
            JsonNode value = Json.parse(REPLACEMENTS.get(edit.replacement()));
            if (container instanceof ObjectNode o) {
                if (edit.remove()) {
                    o.remove(field);
                } else {
                    o.set(field, value);
                }
            } else {
                ArrayNode a = (ArrayNode) container;
                if (edit.remove()) {
                    a.remove(index);
                } else {
                    a.set(index, value);
                }
            }
        }
    }

    private static List<Slot> slots(JsonNode node) {
        List<Slot> slots = new ArrayList<>();
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(name -> {
                slots.add(new Slot(o, name, -1));
                slots.addAll(slots(o.get(name)));
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Slot(a, null, i));
                slots.addAll(slots(a.get(i)));
            }
        }
        return slots;
    }

    private static ObjectNode damaged(List<Edit> edits) {
        ObjectNode json = VALID.deepCopy();
        for (Edit edit : edits) {
            List<Slot> slots = slots(json);
            if (slots.isEmpty()) {
                break;
            }
            slots.get(edit.path() % slots.size()).apply(edit);
        }
        return json;
    }

    private static Optional<NodeManifest> readAndVerify(ObjectNode json) {
        return resultOrHearthNetFailure(() -> NodeManifest.fromJson(Json.parse(Json.write(json))).verify(CLOCK));
    }

    @Property(tries = 1000)
    void damageWithoutResigningNeverVerifiesUnlessNothingChanged(@ForAll("edits") List<Edit> edits) {
        ObjectNode json = damaged(edits);
        Optional<NodeManifest> read = readAndVerify(json);
        read.ifPresent(m -> assertThat(CanonicalJson.write(m.toJson())).isEqualTo(CanonicalJson.write(VALID)));
    }

    @Property(tries = 1000)
    void damageThenResigningVerifiesOrFailsCleanly(@ForAll("edits") List<Edit> edits) {
        ObjectNode json = damaged(edits);
        json.put("node_id", KEYS.nodeId().value());
        ObjectNode signed = resigned(json, KEYS);
        Optional<NodeManifest> read = readAndVerify(signed);
        Statistics.label("verified").collect(read.isPresent());
        Statistics.label("verified").coverage(c -> {
            c.check(true).percentage(p -> p > 2);
            c.check(false).percentage(p -> p > 2);
        });
        read.ifPresent(m -> {
            assertThat(m.toJson()).isEqualTo(Json.parse(Json.write(signed)));
            assertThat(m.capabilities().size()).isEqualTo(signed.get("capabilities").size());
            assertThat(m.endpoints().size()).isEqualTo(signed.get("endpoints").size());
        });
    }
}
