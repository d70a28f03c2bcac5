package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Profile;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mDNS TXT record, the mDNS instance name and the UDP announcement, byte for byte. */
class AnnouncementFormatTest {
    static Presence presence(String name, List<String> caps) {
        return new Presence(TestKeys.ALICE.nodeId(), "elm-street", name, Profile.FULL, caps,
                Optional.of(Endpoint.parse("http://192.0.2.10:7080")));
    }

    static List<String> manyCapabilities(int n) {
        List<String> caps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            caps.add("experimental.capability-" + i + "@1." + i);
        }
        return caps;
    }

    @Test
    void txt_record_has_the_contract_entries() {
        Map<String, String> txt = TxtRecord.of(presence("kitchen", List.of("llm.chat@1.0", "rag.query@1.2")));

        assertThat(txt).containsExactly(
                Map.entry("v", "1"),
                Map.entry("node", TestKeys.ALICE.nodeId().value()),
                Map.entry("community", "elm-street"),
                Map.entry("profile", "full"),
                Map.entry("caps", "llm.chat@1.0,rag.query@1.2"),
                Map.entry("manifest_url", "http://192.0.2.10:7080/manifest"),
                Map.entry("contract_version", "1.0"));
    }

    @Test
    void caps_are_cut_between_entries_to_fit_200_bytes() {
        List<String> caps = manyCapabilities(40);
        String text = TxtRecord.of(presence("kitchen", caps)).get("caps");

        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
        List<String> kept = List.of(text.split(","));
        assertThat(kept).isEqualTo(caps.subList(0, kept.size()));
        String withNext = text + "," + caps.get(kept.size());
        assertThat(withNext.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(200);
        assertThat(TxtRecord.capabilities(List.of("ä".repeat(150)), 200)).isEmpty();
    }

    @Test
    void a_txt_record_reads_back_into_a_sighting_at_its_manifest_url() {
        Sighting s = TxtRecord.read(TxtRecord.of(presence("kitchen", List.of())), Optional.of("192.0.2.99"), 1);

        assertThat(s.node()).isEqualTo(TestKeys.ALICE.nodeId());
        assertThat(s.communityId()).isEqualTo("elm-street");
        assertThat(s.endpoint()).isEqualTo(Endpoint.parse("http://192.0.2.10:7080"));
        assertThat(s.channel()).isEqualTo(Channel.MDNS);
    }

    @Test
    void without_a_manifest_url_the_record_address_and_port_are_used() {
        Map<String, String> txt = new java.util.HashMap<>(TxtRecord.of(presence("kitchen", List.of())));
        txt.remove("manifest_url");

        assertThat(TxtRecord.read(txt, Optional.of("192.0.2.99"), 7090).endpoint())
                .isEqualTo(Endpoint.parse("http://192.0.2.99:7090"));
        Expect.fails(ErrorCode.BAD_REQUEST, "neither manifest_url nor an address", () -> TxtRecord.read(txt, Optional.empty(), 7090));
    }

    @Test
    void bad_txt_records_are_bad_requests() {
        Map<String, String> good = TxtRecord.of(presence("kitchen", List.of()));
        Expect.fails(ErrorCode.BAD_REQUEST, "version", () -> TxtRecord.read(with(good, "v", "2"), Optional.empty(), 1));
        Expect.fails(ErrorCode.BAD_REQUEST, "'community' is missing", () -> TxtRecord.read(with(good, "community", ""), Optional.empty(), 1));
        Expect.fails(ErrorCode.BAD_REQUEST, () -> TxtRecord.read(with(good, "node", "ed25519:short"), Optional.empty(), 1));
        Expect.fails(ErrorCode.BAD_REQUEST, "manifest_url", () -> TxtRecord.read(with(good, "manifest_url", "ftp://x/manifest"), Optional.empty(), 1));
        Expect.fails(ErrorCode.BAD_REQUEST, "manifest_url", () -> TxtRecord.read(with(good, "manifest_url", "/manifest"), Optional.empty(), 1));
    }

    @Test
    void a_txt_entry_over_255_bytes_cannot_be_announced() {
        Presence p = new Presence(TestKeys.ALICE.nodeId(), "c".repeat(250), "kitchen", Profile.FULL, List.of(),
                Optional.of(Endpoint.parse("http://192.0.2.10:7080")));
        Expect.fails(ErrorCode.BAD_REQUEST, "'community'", () -> TxtRecord.of(p));
    }

    @Test
    void the_instance_name_is_the_display_name_and_four_characters_of_the_short_id_in_one_dns_label() {
        String tag = TestKeys.ALICE.nodeId().shortForm().substring(8, 12);

        assertThat(presence("kitchen", List.of()).instanceName()).isEqualTo("kitchen-" + tag);
        assertThat(presence("a.b\n", List.of()).instanceName()).isEqualTo("a-b-" + "-" + tag);
        assertThat(presence(" ", List.of()).instanceName()).isEqualTo("hearthnet-" + tag);
        String longName = presence("küche".repeat(30), List.of()).instanceName();
        assertThat(longName.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(longName).startsWith("küche").endsWith("-" + tag);
    }

    @Test
    void udp_announcement_round_trips_and_stays_within_1_kib() {
        UdpAnnouncement a = new UdpAnnouncement(TestKeys.ALICE.nodeId(), "elm-street", 7080, List.of("llm.chat@1.0"));
        byte[] bytes = a.encode();

        assertThat(Json.parseObject(bytes).fieldNames()).toIterable().containsExactly("v", "node", "community", "port", "caps");
        assertThat(UdpAnnouncement.decode(bytes, 0, bytes.length)).isEqualTo(a);

        UdpAnnouncement big = new UdpAnnouncement(TestKeys.ALICE.nodeId(), "elm-street", 7080, manyCapabilities(100));
        byte[] cut = big.encode();
        assertThat(cut.length).isLessThanOrEqualTo(UdpAnnouncement.MAX_BYTES);
        List<String> kept = UdpAnnouncement.decode(cut, 0, cut.length).capabilities();
        assertThat(kept).isNotEmpty().isEqualTo(big.capabilities().subList(0, kept.size()));
    }

    @Test
    void bad_udp_announcements_are_bad_requests() {
        Expect.fails(ErrorCode.BAD_REQUEST, "exceeds", () -> UdpAnnouncement.decode(new byte[1025], 0, 1025));
        Expect.fails(ErrorCode.BAD_REQUEST, () -> decode("[1,2]"));
        Expect.fails(ErrorCode.BAD_REQUEST, "version", () -> decode("{\"v\":2}"));
        Expect.fails(ErrorCode.BAD_REQUEST, "'node' and 'community'", () -> decode("{\"v\":1,\"node\":\"x\"}"));
        String node = TestKeys.ALICE.nodeId().value();
        Expect.fails(ErrorCode.BAD_REQUEST, "port", () -> decode("{\"v\":1,\"node\":\"" + node + "\",\"community\":\"c\",\"port\":\"80\"}"));
        Expect.fails(ErrorCode.BAD_REQUEST, "port", () -> decode("{\"v\":1,\"node\":\"" + node + "\",\"community\":\"c\",\"port\":0}"));
        Expect.fails(ErrorCode.BAD_REQUEST, "caps", () -> decode("{\"v\":1,\"node\":\"" + node + "\",\"community\":\"c\",\"port\":1,\"caps\":[1]}"));
        Expect.fails(ErrorCode.BAD_REQUEST, () -> new UdpAnnouncement(TestKeys.ALICE.nodeId(), "c".repeat(1000), 1, List.of()).encode());
    }

    private static UdpAnnouncement decode(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return UdpAnnouncement.decode(b, 0, b.length);
    }

    private static Map<String, String> with(Map<String, String> txt, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(txt);
        copy.put(key, value);
        return copy;
    }
}
