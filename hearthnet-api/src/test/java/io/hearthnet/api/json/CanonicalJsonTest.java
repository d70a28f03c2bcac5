package io.hearthnet.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {
    private static String number(double value) {
        return CanonicalJson.write(DoubleNode.valueOf(value));
    }

    /** RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void rfc8785AppendixB(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(number(value)).isEqualTo(expected);
        NumberOracle.assertEs6(value, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1e21, 1e+21",
        "999999999999999999999, 1e+21",
        "1e20, 100000000000000000000",
        "333333333.33333329, 333333333.3333333",
        "1e-7, 1e-7",
        "0.000001, 0.000001",
        "4.50, 4.5",
        "2e-3, 0.002",
        "1E30, 1e+30",
        "0.000000000000000000000000001, 1e-27",
        "-0, 0",
        "-0.0, 0",
        "1.0, 1",
        "9007199254740992, 9007199254740992",
        "9007199254740993, 9007199254740992",
        "295147905179352830000, 295147905179352830000",
        "295147905179352825856, 295147905179352830000",
        "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "1.5e+300, 1.5e+300",
        "0.1, 0.1",
        "123.456, 123.456",
        "-1e-7, -1e-7",
    })
    void numbersParsedFromText(String json, String expected) {
        assertThat(CanonicalJson.write(Json.parse(json))).isEqualTo(expected);
    }

    @Test
    void rfc8785MainExample() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        assertThat(CanonicalJson.write(Json.parse(input))).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    /** Values whose JDK 17 {@code Double.toString} has more digits than needed (JDK-4511638). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2.0E-3, 0.002",
        "1.0E23, 1e+23",
        "2.0E23, 2e+23",
        "8.41E21, 8.41e+21",
        "2.82879384806159E17, 282879384806159000",
        "1.387364135037754E18, 1387364135037754000",
        "1.45800632428665E17, 145800632428665000",
        "5.684341886080802E-14, 5.684341886080802e-14",
        "4.9E-324, 5e-324",
        "1.0E-323, 1e-323",
    })
    void shortestEvenWhereJdk17IsNot(double value, String expected) {
        assertThat(number(value)).isEqualTo(expected);
        NumberOracle.assertEs6(value, expected);
    }

    @Test
    void powersOfTwoDownToSubnormalsAreShortest() {
        for (int exponent = -1074; exponent <= 1023; exponent++) {
            double value = Math.scalb(1.0, exponent);
            NumberOracle.assertEs6(value, number(value));
            NumberOracle.assertEs6(-value, number(-value));
            NumberOracle.assertEs6(Math.nextUp(value), number(Math.nextUp(value)));
            NumberOracle.assertEs6(Math.nextDown(value), number(Math.nextDown(value)));
        }
    }

    @Test
    void powersOfTenAndTheirNeighboursAreShortest() {
        for (int exponent = -323; exponent <= 308; exponent++) {
            double value = Double.parseDouble("1e" + exponent);
            for (double v : new double[] {value, Math.nextUp(value), Math.nextDown(value)}) {
                NumberOracle.assertEs6(v, number(v));
            }
        }
    }

    @Test
    void everyNumericNodeTypeIsADouble() {
        assertThat(CanonicalJson.write(IntNode.valueOf(-42))).isEqualTo("-42");
        assertThat(CanonicalJson.write(ShortNode.valueOf((short) 7))).isEqualTo("7");
        assertThat(CanonicalJson.write(LongNode.valueOf(1L << 53))).isEqualTo("9007199254740992");
        assertThat(CanonicalJson.write(LongNode.valueOf((1L << 53) + 1))).isEqualTo("9007199254740992");
        assertThat(CanonicalJson.write(LongNode.valueOf(Long.MIN_VALUE))).isEqualTo("-9223372036854776000");
        assertThat(CanonicalJson.write(BigIntegerNode.valueOf(BigInteger.TWO.pow(68)))).isEqualTo("295147905179352830000");
        assertThat(CanonicalJson.write(DecimalNode.valueOf(new BigDecimal("4.50")))).isEqualTo("4.5");
        assertThat(CanonicalJson.write(DecimalNode.valueOf(new BigDecimal("1E+2")))).isEqualTo("100");
        assertThat(CanonicalJson.write(FloatNode.valueOf(0.1f))).isEqualTo("0.10000000149011612");
        assertThat(CanonicalJson.write(DoubleNode.valueOf(-0.0))).isEqualTo("0");
    }

    @Test
    void decimalsTooSmallForADoubleBecomeZeroAsInEcmaScript() {
        assertThat(CanonicalJson.write(DecimalNode.valueOf(new BigDecimal("1E-400")))).isEqualTo("0");
    }

    @Test
    void keysSortByUtf16CodeUnitsAtEveryLevel() {
        String input = """
                {"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                 "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",
                 "\\u00f6": "Latin Small Letter O With Diaeresis", "nested": {"b": [{"z": 1, "a": 2}], "a": {}}}""";
        assertThat(CanonicalJson.write(Json.parse(input))).isEqualTo(
                "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"nested\":{\"a\":{},\"b\":[{\"a\":2,\"z\":1}]},"
                        + "\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void stringsEscapeExactlyAsJsonStringify() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        assertThat(CanonicalJson.write(TextNode.valueOf(controls.toString()))).isEqualTo(
                "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
                        + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b"
                        + "\\u001c\\u001d\\u001e\\u001f\"");
        assertThat(CanonicalJson.write(TextNode.valueOf("q\"b\\s/ é\u007f\u2028\u2029\uffff😀")))
                .isEqualTo("\"q\\\"b\\\\s/ é\u007f\u2028\u2029\uffff😀\"");
    }

    @Test
    void bytesAreUtf8OfTheText() {
        JsonNode node = Json.parse("{\"€\":[\"😀\",1.5]}");
        assertThat(CanonicalJson.bytes(node)).isEqualTo(CanonicalJson.write(node).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteNumbersAreBadRequest(double value) {
        assertBadRequest(() -> CanonicalJson.write(Json.object().put("x", value)), String.valueOf(value));
    }

    @Test
    void numbersBeyondTheDoubleRangeAreBadRequest() {
        assertBadRequest(() -> CanonicalJson.write(Json.parse("[1e400]")), "Infinity");
        assertBadRequest(() -> CanonicalJson.write(DecimalNode.valueOf(new BigDecimal("-2E+308"))), "beyond the double range");
        assertBadRequest(() -> CanonicalJson.write(BigIntegerNode.valueOf(BigInteger.TEN.pow(400))), "beyond the double range");
    }

    @Test
    void unpairedSurrogatesAreBadRequest() {
        assertBadRequest(() -> CanonicalJson.write(Json.object().put("k\uD800", 1)), "unpaired surrogate U+D800", "object key");
        assertBadRequest(() -> CanonicalJson.write(Json.object().put("k", "x\uDC00y")), "unpaired surrogate U+DC00", "string");
        assertBadRequest(() -> CanonicalJson.write(TextNode.valueOf("\uDE00\uD83D")), "unpaired surrogate U+DE00");
        assertBadRequest(() -> CanonicalJson.write(TextNode.valueOf("end\uD83D")), "unpaired surrogate U+D83D");
        assertBadRequest(() -> CanonicalJson.write(Json.parse("[\"\\ud800\"]")), "unpaired surrogate U+D800");
    }

    @Test
    void nodesWithoutAJsonFormAreBadRequest() {
        assertBadRequest(() -> CanonicalJson.write(Json.mapper().getNodeFactory().binaryNode(new byte[] {1})), "binary");
        assertBadRequest(() -> CanonicalJson.write(Json.mapper().getNodeFactory().missingNode()), "nothing");
    }

    private static void assertBadRequest(ThrowingCallable call, String... messageParts) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContainingAll(messageParts);
    }
}
