package io.hearthnet.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class Blake3Test {
    private static final String ABC = "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85";

    /** Lines of {@code "<utf-8 text>" <hex digest>}; the inputs carry no quotes or escapes. */
    @TestFactory
    Stream<DynamicTest> referenceVectors() {
        return new String(TestData.bytes("blake3.txt"), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("\""))
                .map(line -> {
                    int close = line.indexOf('"', 1);
                    String input = line.substring(1, close);
                    String hex = line.substring(close + 1).trim();
                    return dynamicTest("\"" + input + "\"", () -> {
                        byte[] data = input.getBytes(StandardCharsets.UTF_8);
                        assertThat(Blake3.digest(data)).isEqualTo(HexFormat.of().parseHex(hex));
                        assertThat(Blake3.hash(data)).isEqualTo("blake3:" + hex);
                    });
                });
    }

    @Test
    void hashIsPrefixedLowercaseHexOfThe32ByteDigest() {
        byte[] data = "abc".getBytes(StandardCharsets.UTF_8);
        assertThat(Blake3.digest(data)).hasSize(32);
        assertThat(Blake3.hash(data)).isEqualTo(ABC).matches("blake3:[0-9a-f]{64}");
        assertThat(Blake3.isHash(Blake3.hash(new byte[1000]))).isTrue();
    }

    @Test
    void isHashAcceptsTheExactFormat() {
        assertThat(Blake3.isHash(ABC)).isTrue();
        assertThat(Blake3.isHash("blake3:" + "0".repeat(64))).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "",
        "blake3:",
        "blake3:6437B3AC38465133FFB63B75273A8DB548C558465D79DB03FD359C6CD5BD9D85",
        "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d8",
        "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d855",
        "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
        "blake2:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
        "BLAKE3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
        "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9dg5",
        "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d8 ",
        " blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d8",
    })
    void isHashRejectsEverythingElse(String text) {
        assertThat(Blake3.isHash(text)).isFalse();
    }

    @Test
    void hashCanonicalHashesTheCanonicalBytesWhateverTheKeyOrder() {
        JsonNode one = Json.parse("{\"b\": [1.0, {\"y\": null, \"x\": \"€\"}], \"a\": 2e-3}");
        JsonNode two = Json.parse("{\"a\":0.002,\"b\":[1,{\"x\":\"€\",\"y\":null}]}");

        assertThat(Blake3.hashCanonical(one)).isEqualTo(Blake3.hash(CanonicalJson.bytes(one)));
        assertThat(Blake3.hashCanonical(one)).isEqualTo(Blake3.hashCanonical(two));
        assertThat(Blake3.hashCanonical(one)).isNotEqualTo(Blake3.hash(Json.writeBytes(one)));
        assertThat(Blake3.hashCanonical(one)).isNotEqualTo(Blake3.hashCanonical(Json.parse("{\"a\":0.002}")));
    }
}
