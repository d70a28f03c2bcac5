package io.hearthnet.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The 400 reference cases produced by the JavaScript implementation of RFC 8785. */
class CanonicalJsonVectorsTest {
    private static final List<String> VECTORS =
            new String(TestData.bytes("jcs-vectors.jsonl"), StandardCharsets.UTF_8).lines().toList();

    @TestFactory
    Stream<DynamicTest> everyVectorCanonicalisesExactly() {
        assertThat(VECTORS).hasSize(400);
        return IntStream.range(0, VECTORS.size()).mapToObj(i -> dynamicTest("vector " + (i + 1), () -> {
            JsonNode vector = Json.parse(VECTORS.get(i));
            String canonical = vector.get("canonical").textValue();

            assertThat(CanonicalJson.write(Json.parse(vector.get("input").textValue()))).isEqualTo(canonical);
            assertThat(CanonicalJson.write(Json.parse(canonical))).isEqualTo(canonical);
            assertThat(CanonicalJson.bytes(Json.parse(canonical)))
                    .isEqualTo(canonical.getBytes(StandardCharsets.UTF_8));
        }));
    }
}
