package io.hearthnet.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CanonicalJsonPropertiesTest {
    private static final int MAX_DEPTH = 3;

    @Property
    void keyOrderNeverMatters(@ForAll("trees") JsonNode tree, @ForAll Random random) {
        assertThat(CanonicalJson.write(shuffled(tree, random))).isEqualTo(CanonicalJson.write(tree));
    }

    @Property
    void canonicalisingTwiceChangesNothing(@ForAll("trees") JsonNode tree) {
        String once = CanonicalJson.write(tree);
        assertThat(CanonicalJson.write(Json.parse(once))).isEqualTo(once);
    }

    @Property
    void parsingTheOutputGivesTheSameJsonValue(@ForAll("trees") JsonNode tree) {
        JsonNode back = Json.parse(CanonicalJson.write(tree));
        assertThat(sameJson(back, tree)).as("%s vs %s", back, tree).isTrue();
    }

    @Property
    void noWhitespaceOrRawControlCharactersOutsideStrings(@ForAll("trees") JsonNode tree) {
        String text = CanonicalJson.write(tree);
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertThat(c).as("raw control character at %d of %s", i, text).isGreaterThanOrEqualTo(' ');
            if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString) {
                assertThat(c).as("whitespace at %d of %s", i, text).isNotEqualTo(' ');
            }
        }
    }

    @Property(tries = 5000)
    void everyDoubleIsTheShortestClosestRoundTrip(@ForAll("doubles") double value) {
        NumberOracle.assertEs6(value, CanonicalJson.write(DoubleNode.valueOf(value)));
    }

    @Property
    void everyLongIsWrittenAsItsDouble(@ForAll long value) {
        String written = CanonicalJson.write(LongNode.valueOf(value));
        assertThat(written).isEqualTo(CanonicalJson.write(DoubleNode.valueOf(value)));
        NumberOracle.assertEs6(value, written);
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return tree(MAX_DEPTH);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.doubles(),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 1000.0),
                Arbitraries.integers().between(-1074, 1023).map(e -> Math.scalb(1.0, e))));
    }

    private static Arbitrary<JsonNode> tree(int depth) {
        if (depth == 0) {
            return leaves();
        }
        Arbitrary<JsonNode> child = tree(depth - 1);
        return Arbitraries.oneOf(List.<Arbitrary<? extends JsonNode>>of(
                leaves(),
                child.list().ofMaxSize(4).map(CanonicalJsonPropertiesTest::array),
                Arbitraries.maps(text(), child).ofMaxSize(5).map(CanonicalJsonPropertiesTest::object)))
                .withoutEdgeCases();
    }

    private static Arbitrary<JsonNode> leaves() {
        return Arbitraries.oneOf(List.<Arbitrary<? extends JsonNode>>of(
                text().map(TextNode::valueOf),
                doubleNodes(),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE),
                Arbitraries.just(NullNode.getInstance())));
    }

    private static Arbitrary<DoubleNode> doubleNodes() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.doubles(),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite))).map(DoubleNode::valueOf);
    }

    /** Strings of whole code points: ASCII, controls, characters JSON treats specially, BMP and supplementary. */
    private static Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.oneOf(List.of(
                Arbitraries.integers().between(0x20, 0x7e),
                Arbitraries.integers().between(0, 0x1f),
                Arbitraries.of(0x22, 0x5c, 0x2f, 0x7f, 0x2028, 0x2029, 0xfeff, 0xffff),
                Arbitraries.integers().between(0x80, 0xffff).filter(cp -> cp < 0xd800 || cp > 0xdfff),
                Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMaxSize(6).map(cps -> {
            StringBuilder out = new StringBuilder();
            cps.forEach(out::appendCodePoint);
            return out.toString();
        });
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode array = Json.array();
        items.forEach(array::add);
        return array;
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode object = Json.object();
        fields.forEach(object::set);
        return object;
    }

    private static JsonNode shuffled(JsonNode node, Random random) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            Collections.shuffle(fields, random);
            ObjectNode copy = Json.object();
            fields.forEach(f -> copy.set(f.getKey(), shuffled(f.getValue(), random)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.array();
            node.forEach(item -> copy.add(shuffled(item, random)));
            return copy;
        }
        return node;
    }

    /** Equality as JSON values: numbers compare as doubles, object member order is irrelevant. */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            return a.properties().stream().allMatch(f -> b.has(f.getKey()) && sameJson(f.getValue(), b.get(f.getKey())));
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
