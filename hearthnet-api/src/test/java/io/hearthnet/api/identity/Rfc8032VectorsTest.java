package io.hearthnet.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Rfc8032VectorsTest {
    record Vector(byte[] secret, byte[] publicKey, byte[] message, byte[] signature) {
        @Override
        public String toString() {
            return HexFormat.of().formatHex(publicKey);
        }
    }

    static List<Vector> vectors() throws IOException {
        HexFormat hex = HexFormat.of();
        List<Vector> vectors = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(
                Rfc8032VectorsTest.class.getResourceAsStream("/testdata/rfc8032-ed25519.txt"));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                assertThat(f).hasSize(4);
                vectors.add(new Vector(hex.parseHex(f[0]), hex.parseHex(f[1]),
                        f[2].equals("-") ? new byte[0] : hex.parseHex(f[2]), hex.parseHex(f[3])));
            }
        }
        return vectors;
    }

    @Test
    void allThreeVectorsAreLoaded() throws IOException {
        assertThat(vectors()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void publicKeyIsDerivedFromTheSeed(Vector v) {
        assertThat(NodeKeyPair.fromSeed(v.secret()).nodeId().publicKey()).isEqualTo(v.publicKey());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signatureIsByteExact(Vector v) {
        assertThat(NodeKeyPair.fromSeed(v.secret()).sign(v.message())).isEqualTo(v.signature());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signatureVerifiesWithParsedAndOwnNodeId(Vector v) {
        assertThat(Signatures.verify(NodeId.ofPublicKey(v.publicKey()), v.message(), v.signature())).isTrue();
        assertThat(Signatures.verify(NodeKeyPair.fromSeed(v.secret()).nodeId(), v.message(), v.signature())).isTrue();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void anyFlippedMessageBitFails(Vector v) {
        NodeId signer = NodeId.ofPublicKey(v.publicKey());
        for (int bit = 0; bit < v.message().length * 8; bit++) {
            byte[] message = v.message().clone();
            message[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Signatures.verify(signer, message, v.signature())).as("bit %d", bit).isFalse();
        }
        byte[] longer = new byte[v.message().length + 1];
        System.arraycopy(v.message(), 0, longer, 0, v.message().length);
        assertThat(Signatures.verify(signer, longer, v.signature())).isFalse();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void anyFlippedSignatureBitFails(Vector v) {
        NodeId signer = NodeId.ofPublicKey(v.publicKey());
        for (int bit = 0; bit < v.signature().length * 8; bit++) {
            byte[] signature = v.signature().clone();
            signature[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Signatures.verify(signer, v.message(), signature)).as("bit %d", bit).isFalse();
        }
    }
}
