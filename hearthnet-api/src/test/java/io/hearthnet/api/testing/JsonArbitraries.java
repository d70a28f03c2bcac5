package io.hearthnet.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hearthnet.api.json.Json;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of JSON values. Numbers are integers only, so two generated values are
 * {@code equals} exactly when their canonical JSON is the same. Shared with every module's tests.
 */
public final class JsonArbitraries {
    private JsonArbitraries() {}

    /** Short keys, so that objects often share keys. */
    public static Arbitrary<String> keys() {
        return Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3);
    }

    /** A string, integer, boolean or null. */
    public static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(s -> (JsonNode) TextNode.valueOf(s)),
                Arbitraries.integers().map(i -> (JsonNode) IntNode.valueOf(i)),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance).map(n -> (JsonNode) n));
    }

    /** Any JSON value nested at most {@code depth} levels. */
    public static Arbitrary<JsonNode> values(int depth) {
        if (depth <= 0) {
            return scalars();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(3, scalars()),
                Tuple.of(1, objects(depth - 1).map(o -> (JsonNode) o)),
                Tuple.of(1, values(depth - 1).list().ofMaxSize(3).map(JsonArbitraries::array)));
    }

    /** JSON objects nested at most {@code depth} levels below the top. */
    public static Arbitrary<ObjectNode> objects(int depth) {
        return Arbitraries.maps(keys(), values(depth)).ofMaxSize(4).map(JsonArbitraries::object);
    }

    private static ObjectNode object(Map<String, JsonNode> fields) {
        ObjectNode o = Json.object();
        fields.forEach(o::set);
        return o;
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode a = Json.array();
        items.forEach(a::add);
        return a;
    }
}
