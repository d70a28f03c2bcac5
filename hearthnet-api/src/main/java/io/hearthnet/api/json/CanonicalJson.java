package io.hearthnet.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.LongStream;

/**
 * RFC 8785 (JCS) canonical JSON: the exact text that is signed and hashed.
 *
 * <p>Object keys are sorted by UTF-16 code units at every level, there is no whitespace, strings
 * are escaped as ECMAScript {@code JSON.stringify} does, and every number is taken as an IEEE-754
 * double and written as ECMAScript {@code Number.prototype.toString} writes it (shortest digits
 * that read back to the same double). NaN, infinities, numbers beyond the double range and
 * unpaired surrogates have no canonical form and are {@code bad_request}.
 */
public final class CanonicalJson {
    private static final long MAX_EXACT_LONG = 1L << 53;
    private static final int MAX_DIGITS = 17;
    private static final int SCALE_DIGITS = MAX_DIGITS + 1;
    private static final long[] POWERS_OF_TEN = LongStream.iterate(1, p -> p * 10).limit(SCALE_DIGITS + 1).toArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    /** The canonical JSON text of {@code node}. */
    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder(128);
        append(out, Objects.requireNonNull(node, "node"));
        return out.toString();
    }

    /** The canonical JSON of {@code node} as UTF-8 bytes. */
    public static byte[] bytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8);
    }

    private static void append(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> appendObject(out, node);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, node.get(i));
                }
                out.append(']');
            }
            case STRING -> appendString(out, node.textValue(), "string");
            case NUMBER -> appendNumber(out, node);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "canonical JSON has no form for a " + Json.describe(node) + " node");
        }
    }

    private static void appendObject(StringBuilder out, JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        fields.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(out, fields.get(i).getKey(), "object key");
            out.append(':');
            append(out, fields.get(i).getValue());
        }
        out.append('}');
    }

    private static void appendString(StringBuilder out, String text, String what) {
        out.append('"');
        int start = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, String.format(
                        "unpaired surrogate U+%04X at index %d of a %s has no canonical JSON form", (int) c, i, what));
            }
            out.append(text, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(text, start, length).append('"');
    }

    private static void appendNumber(StringBuilder out, JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long value = node.longValue();
            if (-MAX_EXACT_LONG <= value && value <= MAX_EXACT_LONG) {
                out.append(value);
                return;
            }
        }
        double value = node.doubleValue();
        if (Double.isInfinite(value) && (node.isBigDecimal() || node.isBigInteger())) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "number beyond the double range has no canonical JSON form");
        }
        appendDouble(out, value);
    }

    /** Appends {@code value} as ECMAScript's Number.prototype.toString writes it. */
    private static void appendDouble(StringBuilder out, double value) {
        if (!Double.isFinite(value)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "number " + value + " has no canonical JSON form");
        }
        if (value == 0) {
            out.append('0');
            return;
        }
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        if (value < MAX_EXACT_LONG && value == Math.rint(value)) {
            out.append((long) value);
            return;
        }
        Decimal shortest = shortest(value);
        String digits = shortest.digits();
        int k = digits.length();
        int n = shortest.point();
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(n - 1 < 0 ? '-' : '+').append(Math.abs(n - 1));
        }
    }

    /**
     * The shortest decimal {@code 0.digits × 10^point} that reads back as {@code value} (positive,
     * finite); of two such with equally few digits, the one closer to {@code value}, ties to even.
     *
     * <p>With {@code value = m·2^e}, the decimals that read back as it are those within the
     * rounding interval {@code [(4m - 2 or 1)·2^(e-2), (4m + 2)·2^(e-2)]}, ends included when
     * {@code m} is even. The exact value and both ends are scaled to 18-digit integers (floor plus
     * a flag for a dropped remainder), which decides every comparison with a candidate of at most
     * 17 digits exactly. At each precision only the floor and ceiling of the exact value can be
     * closest, and if any decimal of that precision fits one of them does, so trying them at
     * precisions 1, 2, ... finds the answer.
     */
    private static Decimal shortest(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) (bits >>> 52);
        long fraction = bits & (1L << 52) - 1;
        long m = biased == 0 ? fraction : fraction | 1L << 52;
        int binary = Math.max(biased, 1) - 1075 - 2;
        boolean endsIncluded = (m & 1) == 0;
        int point = (int) Math.floor(Math.log10(value)) + 1;
        Scaled exact;
        while (true) {
            exact = Scaled.of(4 * m, binary, SCALE_DIGITS - point);
            if (exact.digits() >= POWERS_OF_TEN[SCALE_DIGITS]) {
                point++;
            } else if (exact.digits() < POWERS_OF_TEN[SCALE_DIGITS - 1]) {
                point--;
            } else {
                break;
            }
        }
        long digits = exact.digits();
        Scaled low = Scaled.of(4 * m - (fraction == 0 && biased > 1 ? 1 : 2), binary, SCALE_DIGITS - point);
        Scaled high = Scaled.of(4 * m + 2, binary, SCALE_DIGITS - point);
        for (int p = 1; p <= MAX_DIGITS; p++) {
            long unit = POWERS_OF_TEN[SCALE_DIGITS - p];
            long tail = digits % unit;
            long floor = digits - tail;
            if (tail == 0 && exact.exact()) {
                return Decimal.of(floor / unit, p, point);
            }
            long ceiling = floor + unit;
            boolean floorFits = floor > low.digits()
                    || floor == low.digits() && low.exact() && endsIncluded;
            boolean ceilingFits = ceiling < high.digits()
                    || ceiling == high.digits() && (!high.exact() || endsIncluded);
            if (floorFits && ceilingFits) {
                int order = Long.compare(2 * tail, unit);
                boolean odd = ((floor / unit) & 1) == 1;
                boolean up = order > 0 || order == 0 && (!exact.exact() || odd);
                return Decimal.of((up ? ceiling : floor) / unit, p, point);
            }
            if (floorFits || ceilingFits) {
                return Decimal.of((floorFits ? floor : ceiling) / unit, p, point);
            }
        }
        throw new IllegalStateException("no round-tripping decimal within 17 digits for " + value);
    }

    /** {@code floor(x · 2^binary · 10^decimal)}, saturated at {@code Long.MAX_VALUE}, and whether nothing was dropped. */
    private record Scaled(long digits, boolean exact) {
        static Scaled of(long x, int binary, int decimal) {
            BigInteger power = BigInteger.TEN.pow(Math.abs(decimal));
            BigInteger numerator = BigInteger.valueOf(x);
            BigInteger denominator = BigInteger.ONE;
            if (decimal >= 0) {
                numerator = numerator.multiply(power);
            } else {
                denominator = power;
            }
            if (binary >= 0) {
                numerator = numerator.shiftLeft(binary);
            } else {
                denominator = denominator.shiftLeft(-binary);
            }
            BigInteger[] quotient = numerator.divideAndRemainder(denominator);
            long digits = quotient[0].bitLength() < Long.SIZE - 1 ? quotient[0].longValue() : Long.MAX_VALUE;
            return new Scaled(digits, quotient[1].signum() == 0);
        }
    }

    /** {@code 0.digits × 10^point}, with {@code digits} free of trailing zeros. */
    private record Decimal(String digits, int point) {
        /** {@code 0.significand × 10^point} where the significand has {@code precision} digits, or one more after a carry. */
        static Decimal of(long significand, int precision, int point) {
            String text = Long.toString(significand);
            int end = text.length();
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            return new Decimal(text.substring(0, end), point + text.length() - precision);
        }
    }
}
