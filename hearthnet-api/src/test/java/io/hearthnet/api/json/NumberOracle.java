package io.hearthnet.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Checks a formatted number against ECMAScript's rules without using the production algorithm:
 * round trip through {@link Double#parseDouble}, no shorter precision round-trips, the closest of
 * the equally short candidates, and the plain-versus-exponent layout.
 */
final class NumberOracle {
    private static final Pattern ES6_NUMBER =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?(e[+-][1-9][0-9]*)?");

    private NumberOracle() {}

    static void assertEs6(double value, String formatted) {
        assertThat(formatted).as("layout of %s", value).matches(ES6_NUMBER);
        assertThat(Double.parseDouble(formatted)).as("round trip of %s", formatted).isEqualTo(value == 0 ? 0.0 : value);
        double magnitude = Math.abs(value);
        boolean exponent = magnitude != 0 && (magnitude >= 1e21 || magnitude < 1e-6);
        assertThat(formatted.contains("e")).as("exponent form of %s", formatted).isEqualTo(exponent);
        if (value == 0) {
            assertThat(formatted).isEqualTo("0");
            return;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal shown = new BigDecimal(formatted);
        int digits = shown.stripTrailingZeros().precision();
        if (digits > 1) {
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal shorter = exact.round(new MathContext(digits - 1, mode));
                assertThat(Double.parseDouble(shorter.toString()))
                        .as("%s has %d digits but %s also reads back", formatted, digits, shorter)
                        .isNotEqualTo(value);
            }
        }
        BigDecimal floor = exact.round(new MathContext(digits, RoundingMode.FLOOR));
        BigDecimal ceiling = exact.round(new MathContext(digits, RoundingMode.CEILING));
        BigDecimal best = closest(value, exact, floor, ceiling);
        assertThat(shown.compareTo(best)).as("%s is not the closest shortest candidate %s", formatted, best).isZero();
    }

    private static BigDecimal closest(double value, BigDecimal exact, BigDecimal floor, BigDecimal ceiling) {
        boolean floorFits = Double.parseDouble(floor.toString()) == value;
        boolean ceilingFits = Double.parseDouble(ceiling.toString()) == value;
        if (!floorFits || !ceilingFits) {
            return floorFits ? floor : ceiling;
        }
        int order = exact.subtract(floor).abs().compareTo(ceiling.subtract(exact).abs());
        if (order != 0) {
            return order < 0 ? floor : ceiling;
        }
        return floor.divideToIntegralValue(floor.ulp()).remainder(BigDecimal.valueOf(2)).signum() == 0 ? floor : ceiling;
    }
}
