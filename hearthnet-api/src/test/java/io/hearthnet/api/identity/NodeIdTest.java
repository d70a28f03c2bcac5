package io.hearthnet.api.identity;

import static io.hearthnet.api.identity.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeIdTest {
    private static final byte[] RFC_KEY =
            HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final String RFC_ID = "ed25519:" + Base64.getUrlEncoder().withoutPadding().encodeToString(RFC_KEY);

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Property
    void parsesItsOwnValue(@ForAll("keys") byte[] key) {
        NodeId id = NodeId.ofPublicKey(key);
        NodeId parsed = NodeId.parse(id.value());
        assertThat(parsed).isEqualTo(id).hasSameHashCodeAs(id);
        assertThat(parsed.compareTo(id)).isZero();
        assertThat(parsed.publicKey()).isEqualTo(key);
        assertThat(id.value()).matches("ed25519:[A-Za-z0-9_-]{43}").isEqualTo(id.toString());
    }

    @Property
    void shortFormIsBase32OfTheKeyStartInGroupsOfFour(@ForAll("keys") byte[] key) {
        String shortForm = NodeId.ofPublicKey(key).shortForm();
        assertThat(shortForm).matches("ed25519:[A-Z2-7]{4}(-[A-Z2-7]{4}){3}");
        String base32 = new Base32().encodeAsString(key).substring(0, 16);
        assertThat(shortForm.substring(8).replace("-", "")).isEqualTo(base32);
    }

    @Property
    void orderFollowsTheFullForm(@ForAll("keys") byte[] a, @ForAll("keys") byte[] b) {
        NodeId x = NodeId.ofPublicKey(a);
        NodeId y = NodeId.ofPublicKey(b);
        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Integer.signum(x.value().compareTo(y.value())));
        assertThat(x.equals(y)).isEqualTo(Arrays.equals(a, b));
    }

    @Property
    void arbitraryTextFailsOnlyWithBadRequest(@ForAll String text) {
        parseOrBadRequest(text);
    }

    @Provide
    Arbitrary<String> prefixedJunk() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ \n\u00e9")
                .ofMaxLength(60).map(s -> "ed25519:" + s);
    }

    @Property
    void prefixedJunkFailsOnlyWithBadRequest(@ForAll("prefixedJunk") String text) {
        parseOrBadRequest(text);
    }

    private static void parseOrBadRequest(String text) {
        try {
            NodeId id = NodeId.parse(text);
            assertThat(id.value()).isEqualTo(text);
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Test
    void knownKeyHasKnownForms() {
        NodeId id = NodeId.ofPublicKey(RFC_KEY);
        assertThat(id.value()).isEqualTo("ed25519:11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        assertThat(id.shortForm()).isEqualTo("ed25519:25NJ-QAMC-WEFL-PVKL");
    }

    @Test
    void keysAreCopied() {
        byte[] key = RFC_KEY.clone();
        NodeId id = NodeId.ofPublicKey(key);
        key[0] ^= 1;
        id.publicKey()[1] ^= 1;
        assertThat(id.publicKey()).isEqualTo(RFC_KEY);
    }

    static Stream<Arguments> malformed() {
        String body = RFC_ID.substring(8);
        int last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(body.charAt(42));
        char nonCanonical = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(last | 1);
        String shortForm = NodeId.ofPublicKey(RFC_KEY).shortForm();
        return Stream.of(
                Arguments.of(null, "node id is missing"),
                Arguments.of("", "node id is empty"),
                Arguments.of("hello", "node id must start with \"ed25519:\", got \"hello\""),
                Arguments.of(body, "must start with \"ed25519:\""),
                Arguments.of("ED25519:" + body, "must start with \"ed25519:\""),
                Arguments.of(shortForm, "this is the short display form; a full node id is needed"),
                Arguments.of(shortForm.toLowerCase(), "this is the short display form; a full node id is needed"),
                Arguments.of(RFC_ID + "=", "'=' padding is not allowed (at index 43)"),
                Arguments.of("ed25519:+" + body.substring(1), "'+' at index 0 is standard base64"),
                Arguments.of("ed25519:" + body.substring(0, 5) + "/" + body.substring(6), "'/' at index 5 is standard base64"),
                Arguments.of("ed25519:" + body.substring(0, 10) + " " + body.substring(11), "character U+0020 at index 10 is not allowed"),
                Arguments.of("ed25519:", "decodes to 0 bytes, but a public key is 32 bytes"),
                Arguments.of("ed25519:" + b64(new byte[31]), "decodes to 31 bytes, but a public key is 32 bytes"),
                Arguments.of("ed25519:" + b64(new byte[33]), "decodes to 33 bytes, but a public key is 32 bytes"),
                Arguments.of("ed25519:" + b64(new byte[64]), "decodes to 64 bytes"),
                Arguments.of("ed25519:" + body.substring(0, 41), "a length of 41 characters is impossible"),
                Arguments.of("ed25519:" + body.substring(0, 42) + nonCanonical, "not canonical base64url"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedIdsFailPrecisely(String text, String expected) {
        assertFails(ErrorCode.BAD_REQUEST, expected, () -> NodeId.parse(text));
    }

    @Test
    void wrongKeyLengthIsNamed() {
        assertFails(ErrorCode.BAD_REQUEST, "public key must be 32 bytes, got 31", () -> NodeId.ofPublicKey(new byte[31]));
        assertFails(ErrorCode.BAD_REQUEST, "public key is missing", () -> NodeId.ofPublicKey(null));
    }

    @Test
    void keyThatIsNotAPointHasNoVerificationPoint() {
        byte[] identityPoint = new byte[32];
        identityPoint[0] = 1;
        assertThat(NodeId.ofPublicKey(identityPoint).verificationPoint()).isNull();
        assertThat(NodeId.ofPublicKey(RFC_KEY).verificationPoint()).isNotNull();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
