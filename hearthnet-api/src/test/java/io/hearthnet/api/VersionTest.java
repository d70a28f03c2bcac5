package io.hearthnet.api;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VersionTest {
    private static final String SHAPE = "version must look like \"X.Y\" (e.g. \"1.0\"), got ";
    private static final String DIGITS = "decimal parts of at most 4 digits and no leading zeros, got ";

    @Property
    void formatThenParseRoundTrips(@ForAll @IntRange(max = 9999) int major, @ForAll @IntRange(max = 9999) int minor) {
        Version v = Version.of(major, minor);
        assertThat(v.toString()).isEqualTo(major + "." + minor);
        assertThat(Version.parse(v.toString())).isEqualTo(v).isEqualTo(new Version(major, minor));
    }

    @Property
    void satisfiesMeansSameMajorAndMinorAtLeast(@ForAll @IntRange(max = 9999) int offeredMajor,
                                               @ForAll @IntRange(max = 9999) int offeredMinor,
                                               @ForAll @IntRange(max = 9999) int requestedMajor,
                                               @ForAll @IntRange(max = 9999) int requestedMinor) {
        Version offered = Version.of(offeredMajor, offeredMinor);
        Version requested = Version.of(requestedMajor, requestedMinor);
        assertThat(offered.satisfies(requested))
                .isEqualTo(offeredMajor == requestedMajor && offeredMinor >= requestedMinor);
    }

    @Property
    void satisfiesNeighbours(@ForAll @IntRange(min = 1, max = 9998) int major, @ForAll @IntRange(min = 1, max = 9998) int minor) {
        Version v = Version.of(major, minor);
        assertThat(v.satisfies(v)).isTrue();
        assertThat(v.satisfies(Version.of(major, minor - 1))).isTrue();
        assertThat(v.satisfies(Version.of(major, minor + 1))).isFalse();
        assertThat(v.satisfies(Version.of(major - 1, minor))).isFalse();
        assertThat(v.satisfies(Version.of(major + 1, 0))).isFalse();
    }

    @Property
    void arbitraryTextEitherParsesCanonicallyOrIsABadRequest(@ForAll String text) {
        Version parsed;
        try {
            parsed = Version.parse(text);
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).startsWith("version must look like \"X.Y\"");
            return;
        }
        assertThat(parsed.toString()).isEqualTo(text);
    }

    @Property
    void versionLikeTextEitherParsesCanonicallyOrIsABadRequest(@ForAll("versionLike") String text) {
        arbitraryTextEitherParsesCanonicallyOrIsABadRequest(text);
    }

    @Provide
    Arbitrary<String> versionLike() {
        return Arbitraries.strings().withChars("0123456789.-+ a\u0661").ofMaxLength(8);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", SHAPE + "\"\""),
                Arguments.of("1", SHAPE + "\"1\""),
                Arguments.of("1.2.3", SHAPE + "\"1.2.3\""),
                Arguments.of("1.", DIGITS + "\"1.\""),
                Arguments.of(".1", DIGITS + "\".1\""),
                Arguments.of(".", DIGITS + "\".\""),
                Arguments.of("01.0", DIGITS + "\"01.0\""),
                Arguments.of("1.00", DIGITS + "\"1.00\""),
                Arguments.of("-1.0", DIGITS + "\"-1.0\""),
                Arguments.of("+1.0", DIGITS + "\"+1.0\""),
                Arguments.of("1.a", DIGITS + "\"1.a\""),
                Arguments.of("99999.0", DIGITS + "\"99999.0\""),
                Arguments.of("1.10000", DIGITS + "\"1.10000\""),
                Arguments.of(" 1.0", DIGITS + "\" 1.0\""),
                Arguments.of("1.0 ", DIGITS + "\"1.0 \""),
                // ARABIC-INDIC DIGIT ONE / ZERO and FULLWIDTH DIGIT ONE: digits to Character.isDigit, not here.
                Arguments.of("\u0661.\u0660", DIGITS + "\"\u0661.\u0660\""),
                Arguments.of("\uFF11.0", DIGITS + "\"\uFF11.0\""));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedVersionsAreBadRequestsQuotingTheInput(String text, String message) {
        fails(ErrorCode.BAD_REQUEST, message, () -> Version.parse(text));
    }

    @Test
    void missingVersionIsABadRequest() {
        fails(ErrorCode.BAD_REQUEST, "version is missing", () -> Version.parse(null));
    }

    @Test
    void longInputIsCutInTheMessage() {
        String text = "1." + "9".repeat(100);
        HearthNetException e = fails(ErrorCode.BAD_REQUEST, () -> Version.parse(text));
        assertThat(e.getMessage()).contains("\"1." + "9".repeat(38) + "…\"").doesNotContain("9".repeat(39));
    }

    @Test
    void componentsAreBounded() {
        assertThat(Version.parse("9999.9999")).isEqualTo(Version.of(Version.MAX_COMPONENT, Version.MAX_COMPONENT));
        assertThat(Version.parse("0.0")).isEqualTo(Version.of(0, 0));
        fails(ErrorCode.BAD_REQUEST, "between 0 and 9999, got 10000.0", () -> Version.of(10_000, 0));
        fails(ErrorCode.BAD_REQUEST, "between 0 and 9999, got 1.-1", () -> Version.of(1, -1));
        fails(ErrorCode.BAD_REQUEST, "between 0 and 9999, got -1.0", () -> new Version(-1, 0));
    }

    @Test
    void ordersByMajorThenMinor() {
        assertThat(Stream.of("2.0", "1.10", "1.2", "0.9", "10.0").map(Version::parse).sorted().map(Version::toString))
                .containsExactly("0.9", "1.2", "1.10", "2.0", "10.0");
    }

    @Test
    void satisfiesNeedsARequestedVersion() {
        assertThatNullPointerException().isThrownBy(() -> Version.of(1, 0).satisfies(null)).withMessage("requested");
    }
}
