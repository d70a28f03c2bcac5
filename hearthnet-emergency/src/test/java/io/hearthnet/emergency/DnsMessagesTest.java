package io.hearthnet.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DnsMessagesTest {
    @Test
    void encodes_a_recursive_a_query() {
        byte[] q = DnsMessages.query(0xBEEF, "example.com");
        assertThat(q).containsExactly(
                0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
                0, 1, 0, 1);
    }

    @Test
    void a_final_dot_is_the_same_name() {
        assertThat(DnsMessages.query(1, "example.com.")).isEqualTo(DnsMessages.query(1, "example.com"));
    }

    @Test
    void decodes_an_answer_with_a_compressed_name() {
        byte[] response = LoopbackDnsServer.answer(DnsMessages.query(4242, "Example.COM"), 0);
        DnsMessages.Response r = DnsMessages.decodeResponse(response, response.length);
        assertThat(r.id()).isEqualTo(4242);
        assertThat(r.rcode()).isZero();
        assertThat(r.questionName()).isEqualTo("example.com");
        assertThat(r.addresses()).containsExactly("127.0.0.1");
        assertThat(DnsMessages.id(response, response.length)).isEqualTo(4242);
    }

    @Test
    void an_error_response_is_well_formed_too() {
        byte[] response = LoopbackDnsServer.answer(DnsMessages.query(7, "example.com"), 0);
        response[3] = (byte) 0x83;
        response[7] = 0;
        DnsMessages.Response r = DnsMessages.decodeResponse(response, response.length - 16);
        assertThat(r.rcode()).as("NXDOMAIN").isEqualTo(3);
        assertThat(r.addresses()).isEmpty();
    }

    @Test
    void refuses_malformed_responses_with_the_reason() {
        byte[] good = LoopbackDnsServer.answer(DnsMessages.query(7, "example.com"), 0);
        assertMalformed(Arrays.copyOf(good, 11), "shorter than its 12-byte header");
        assertMalformed(DnsMessages.query(7, "example.com"), "is a query, not a response");
        byte[] opcode = good.clone();
        opcode[2] = (byte) 0x91;
        assertMalformed(opcode, "opcode 2");
        byte[] twoQuestions = good.clone();
        twoQuestions[5] = 2;
        assertMalformed(twoQuestions, "has 2 questions");
        assertMalformed(Arrays.copyOf(good, good.length - 1), "ends inside its data of resource record 1");
        byte[] aaaa = good.clone();
        aaaa[26] = 28;
        assertMalformed(aaaa, "answers type 28 class 1");
        byte[] forwardPointer = good.clone();
        forwardPointer[29] = (byte) 0xC0;
        forwardPointer[30] = 40;
        assertMalformed(forwardPointer, "does not point backwards");
        byte[] longA = Arrays.copyOf(good, good.length + 1);
        longA[40] = 5;
        assertMalformed(longA, "A record of 5 bytes");
        byte[] reserved = good.clone();
        reserved[12] = (byte) 0x47;
        assertMalformed(reserved, "reserved label type 0x40");
    }

    @Test
    void refuses_names_it_cannot_encode() {
        assertThatThrownBy(() -> DnsMessages.query(1, "a..b")).hasMessageContaining("label that is empty");
        assertThatThrownBy(() -> DnsMessages.query(1, "x".repeat(64) + ".com")).hasMessageContaining("longer than 63");
        assertThatThrownBy(() -> DnsMessages.query(1, "")).hasMessageContaining("1 to 253 characters");
        assertThatThrownBy(() -> DnsMessages.query(70_000, "example.com")).hasMessageContaining("outside 0..65535");
    }

    private static void assertMalformed(byte[] packet, String reason) {
        assertThatThrownBy(() -> DnsMessages.decodeResponse(packet, packet.length))
                .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining(reason);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(63);
        return label.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    }

    @Property
    void an_answer_to_any_query_decodes_to_its_id_and_name(@ForAll @IntRange(max = 0xFFFF) int id, @ForAll("names") String name) {
        byte[] response = LoopbackDnsServer.answer(DnsMessages.query(id, name), 0);
        DnsMessages.Response r = DnsMessages.decodeResponse(response, response.length);
        assertThat(r.id()).isEqualTo(id);
        assertThat(r.questionName()).isEqualTo(name);
        assertThat(r.addresses()).containsExactly("127.0.0.1");
    }

    @Property
    void arbitrary_bytes_decode_or_fail_as_bad_request(@ForAll @Size(max = 80) byte[] packet) {
        try {
            DnsMessages.decodeResponse(packet, packet.length);
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Property
    void damaged_answers_decode_or_fail_as_bad_request(@ForAll @IntRange(max = 44) int at, @ForAll byte value,
                                                       @ForAll @IntRange(min = 12, max = 45) int length) {
        byte[] packet = LoopbackDnsServer.answer(DnsMessages.query(9, "example.com"), 0);
        packet[at] = value;
        try {
            DnsMessages.decodeResponse(packet, Math.min(length, packet.length));
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }
}
