package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.JsonArbitraries;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.api.wire.ReplayGuard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The parsers of what travels through the hub, on generated and hostile input. */
class RelayWireProperties {
    private static final NodeId ALICE = TestKeys.ALICE.nodeId();
    private static final NodeId BOB = TestKeys.BOB.nodeId();

    @Property
    void any_bytes_parse_as_an_envelope_or_fail_with_bad_request(@ForAll byte[] bytes) {
        try {
            RelayEnvelope.parse(bytes);
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Property
    void any_json_object_parses_as_an_envelope_or_fails_with_bad_request(@ForAll("objects") ObjectNode o,
                                                                         @ForAll("fieldsOrNot") Map<String, String> fields) {
        fields.forEach(o::put);
        byte[] bytes = Json.writeBytes(o);
        Expect.resultOrHearthNetFailure(() -> RelayEnvelope.parse(bytes)).ifPresent(e -> {
            assertThat(e.id()).isEqualTo(o.get("id").asText());
            assertThat(e.kind()).isEqualTo(o.get("kind").asText());
        });
        Expect.resultOrHearthNetFailure(() -> RelayMessage.of(o));
    }

    @Property
    void a_valid_envelope_keeps_its_routing_fields_and_its_exact_bytes(@ForAll("ids") String id, @ForAll("kinds") String kind,
                                                                       @ForAll("objects") ObjectNode payload) {
        ObjectNode o = Json.object();
        o.put("id", id).put("from", ALICE.value()).put("to", BOB.value()).put("kind", kind);
        o.set("payload", payload);
        byte[] bytes = (" " + Json.write(o) + "\n").getBytes(StandardCharsets.UTF_8);

        RelayEnvelope e = RelayEnvelope.parse(bytes);

        assertThat(e.id()).isEqualTo(id);
        assertThat(e.from()).isEqualTo(ALICE);
        assertThat(e.to()).isEqualTo(BOB);
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.bytes()).isSameAs(bytes);
        RelayMessage m = RelayMessage.of(Json.parseObject(bytes));
        assertThat(m.id()).isEqualTo(id);
        assertThat(m.from()).isEqualTo(ALICE);
    }

    @Property
    void a_batch_splits_into_its_envelopes_byte_for_byte(@ForAll("envelopeLists") java.util.List<ObjectNode> envelopes,
                                                         @ForAll("objects") ObjectNode extra, @ForAll boolean extraFirst) {
        java.util.List<String> texts = envelopes.stream().map(Json::write).toList();
        String list = "\"envelopes\": [ " + String.join(" ,\n", texts) + " ]";
        String other = extra.isEmpty() ? "" : Json.write(extra).substring(1, Json.write(extra).length() - 1);
        other = other.contains("\"envelopes\"") || other.contains("\"all_or_none\"") ? "" : other;
        String body = "{" + (other.isEmpty() ? list : extraFirst ? other + "," + list : list + "," + other) + "}";

        java.util.List<RelayEnvelope> parsed = SendRequest.parse(body.getBytes(StandardCharsets.UTF_8)).envelopes();

        assertThat(parsed).extracting(e -> new String(e.bytes(), StandardCharsets.UTF_8)).containsExactlyElementsOf(texts);
    }

    @Property
    void any_send_body_parses_or_fails_with_bad_request(@ForAll("objects") ObjectNode o, @ForAll("objects") ObjectNode element) {
        o.putArray("envelopes").add(element).add(o.deepCopy());
        try {
            SendRequest.parse(Json.writeBytes(o)).envelopes();
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Provide
    Arbitrary<java.util.List<ObjectNode>> envelopeLists() {
        return Combinators.combine(ids(), kinds(), objects()).as((id, kind, payload) -> {
            ObjectNode o = Json.object();
            o.put("id", id).put("from", ALICE.value()).put("to", BOB.value()).put("kind", kind);
            o.set("payload", payload);
            return o;
        }).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property
    void roster_entries_round_trip(@ForAll("communities") String community, @ForAll @IntRange(min = 0, max = 2_000_000_000) int seconds,
                                   @ForAll boolean withManifest) {
        Optional<ObjectNode> manifest = withManifest
                ? Optional.of(NodeManifest.builder().communityId(community).issue(TestKeys.CAROL, new ManualClock()).toJson())
                : Optional.empty();
        RosterEntry entry = new RosterEntry(TestKeys.CAROL.nodeId(), community, Instant.ofEpochSecond(seconds), manifest);

        assertThat(RosterEntry.fromJson(Json.parse(Json.write(entry.toJson())))).isEqualTo(entry);
    }

    @Property
    void any_json_parses_as_a_roster_entry_or_fails_with_bad_request(@ForAll("objects") ObjectNode o) {
        try {
            RosterEntry.fromJson(o);
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Property(tries = 200)
    void a_signed_hub_request_verifies_and_any_change_to_it_does_not(@ForAll("paths") String path, @ForAll byte[] body,
                                                                     @ForAll("queries") String query, @ForAll int flip) {
        NodeKeyPair keys = TestKeys.ALICE;
        ManualClock clock = new ManualClock();
        HubAuth auth = HubAuth.sign(keys, "POST", path, query, body, clock);
        Map<String, String> headers = RawHub.headers(auth, keys.nodeId().value());
        ReplayGuard replays = new ReplayGuard(clock, Duration.ofSeconds(60), 100);

        assertThat(HubAuth.verify(headers::get, "POST", path, query, body, clock, Duration.ofSeconds(60), replays))
                .isEqualTo(keys.nodeId());

        byte[] changed = body.length == 0 ? new byte[] {1} : body.clone();
        if (body.length > 0) {
            changed[Math.floorMod(flip, body.length)] ^= 1;
        }
        ReplayGuard fresh = new ReplayGuard(clock, Duration.ofSeconds(60), 100);
        Expect.fails(ErrorCode.INVALID_SIGNATURE, () -> HubAuth.verify(headers::get, "POST", path, query, changed, clock,
                Duration.ofSeconds(60), fresh));
        Expect.fails(ErrorCode.INVALID_SIGNATURE, () -> HubAuth.verify(headers::get, "GET", path, query, body, clock,
                Duration.ofSeconds(60), fresh));
        Expect.fails(ErrorCode.INVALID_SIGNATURE, () -> HubAuth.verify(headers::get, "POST", path + "x", query, body, clock,
                Duration.ofSeconds(60), fresh));
    }

    @Provide
    Arbitrary<ObjectNode> objects() {
        return JsonArbitraries.objects(2);
    }

    @Provide
    Arbitrary<Map<String, String>> fieldsOrNot() {
        Arbitrary<String> values = Arbitraries.oneOf(ids(), Arbitraries.of(ALICE.value(), BOB.value(), "ed25519:short", ""),
                Arbitraries.strings().ofMaxLength(10));
        return Arbitraries.maps(Arbitraries.of("id", "from", "to", "kind"), values).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcXYZ019._:-").ofMinLength(1).ofMaxLength(128);
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_").ofMinLength(1).ofMaxLength(32);
    }

    @Provide
    Arbitrary<String> communities() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of(RelayWire.JOIN, RelayWire.SEND, RelayWire.LEAVE);
    }

    @Provide
    Arbitrary<String> queries() {
        return Combinators.combine(Arbitraries.of("", "timeout_ms="), Arbitraries.integers().between(0, 30_000))
                .as((k, v) -> k.isEmpty() ? null : k + v);
    }
}
