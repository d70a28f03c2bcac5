package io.hearthnet.api.identity;

import static io.hearthnet.api.identity.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignaturesTest {
    private static final NodeKeyPair PAIR = NodeKeyPair.fromSeed(new byte[32]);
    private static final byte[] MESSAGE = "hello hearth".getBytes(StandardCharsets.UTF_8);

    @Provide
    Arbitrary<byte[]> signatures() {
        return Arbitraries.bytes().array(byte[].class).ofSize(64);
    }

    @Property
    void formatThenParseRoundTrips(@ForAll("signatures") byte[] signature) {
        String text = Signatures.format(signature);
        assertThat(text).matches("ed25519:[A-Za-z0-9_-]{86}");
        assertThat(Signatures.parse(text)).isEqualTo(signature);
    }

    @Property
    void arbitraryTextFailsOnlyWithInvalidSignature(@ForAll String text) {
        try {
            assertThat(Signatures.format(Signatures.parse(text))).isEqualTo(text);
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SIGNATURE);
        }
    }

    @Property(tries = 200)
    void randomKeysAndSignaturesNeverThrow(@ForAll("signatures") byte[] junk) {
        byte[] key = new byte[32];
        System.arraycopy(junk, 0, key, 0, 32);
        assertThat(Signatures.verify(NodeId.ofPublicKey(key), MESSAGE, junk)).isFalse();
    }

    @Test
    void formatNeeds64Bytes() {
        assertFails(ErrorCode.BAD_REQUEST, "signature must be 64 bytes, got 63", () -> Signatures.format(new byte[63]));
        assertFails(ErrorCode.BAD_REQUEST, "signature is missing", () -> Signatures.format(null));
    }

    static Stream<Arguments> malformed() {
        String body = Signatures.format(PAIR.sign(MESSAGE)).substring(8);
        return Stream.of(
                Arguments.of(null, "signature is missing"),
                Arguments.of("", "signature is missing"),
                Arguments.of(body, "signature must start with \"ed25519:\""),
                Arguments.of("ed25519:" + body + "==", "'=' padding is not allowed (at index 86)"),
                Arguments.of("ed25519:/" + body.substring(1), "'/' at index 0 is standard base64"),
                Arguments.of("ed25519:" + body.substring(0, 85) + "!", "character U+0021 at index 85 is not allowed"),
                Arguments.of("ed25519:" + body.substring(0, 84), "decodes to 63 bytes, but a signature is 64 bytes"),
                Arguments.of("ed25519:" + b64(new byte[32]), "decodes to 32 bytes, but a signature is 64 bytes"),
                Arguments.of("ed25519:" + body.substring(0, 85), "a length of 85 characters is impossible"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedSignaturesFailPrecisely(String text, String expected) {
        assertFails(ErrorCode.INVALID_SIGNATURE, expected, () -> Signatures.parse(text));
    }

    @Test
    void verifyIsFalseForUnusableInput() {
        byte[] signature = PAIR.sign(MESSAGE);
        assertThat(Signatures.verify(PAIR.nodeId(), MESSAGE, signature)).isTrue();
        assertThat(Signatures.verify(PAIR.nodeId(), MESSAGE, null)).isFalse();
        assertThat(Signatures.verify(PAIR.nodeId(), MESSAGE, new byte[63])).isFalse();
        assertThat(Signatures.verify(PAIR.nodeId(), MESSAGE, new byte[64])).isFalse();
        assertThat(Signatures.verify(NodeKeyPair.generate().nodeId(), MESSAGE, signature)).isFalse();

        byte[] identityPoint = new byte[32];
        identityPoint[0] = 1;
        byte[] forged = new byte[64];
        forged[0] = 1;
        assertThat(Signatures.verify(NodeId.ofPublicKey(identityPoint), MESSAGE, forged)).isFalse();
    }

    @Test
    void verifyOrThrowAcceptsAMatchAndNamesTheSignerOtherwise() {
        String signature = PAIR.signToString(MESSAGE);
        assertThatCode(() -> Signatures.verifyOrThrow(PAIR.nodeId(), MESSAGE, signature)).doesNotThrowAnyException();

        assertFails(ErrorCode.INVALID_SIGNATURE, "signature does not match the message for signer " + PAIR.nodeId().value(),
                () -> Signatures.verifyOrThrow(PAIR.nodeId(), "other".getBytes(StandardCharsets.UTF_8), signature));
        NodeId stranger = NodeKeyPair.generate().nodeId();
        assertFails(ErrorCode.INVALID_SIGNATURE, "signature does not match",
                () -> Signatures.verifyOrThrow(stranger, MESSAGE, signature));
        assertFails(ErrorCode.INVALID_SIGNATURE, "signature must start with",
                () -> Signatures.verifyOrThrow(PAIR.nodeId(), MESSAGE, "nonsense"));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
