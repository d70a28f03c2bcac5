package io.hearthnet.api.identity;

import static io.hearthnet.api.identity.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeKeyPairTest {
    private static final String VALID_SEED = b64(new byte[32]);

    @TempDir
    Path dir;

    @Test
    void loadOrCreateCreatesThenReloadsTheSameIdentity() throws IOException {
        Path dataDir = dir.resolve("data");
        NodeKeyPair created = NodeKeyPair.loadOrCreate(dataDir);
        Path keyFile = dataDir.resolve("identity").resolve("node.key");
        assertThat(keyFile).isRegularFile();
        assertThat(Files.readString(keyFile, StandardCharsets.US_ASCII))
                .matches("ed25519-seed:[A-Za-z0-9_-]{43}\n")
                .isEqualTo("ed25519-seed:" + b64(created.seed()) + "\n");
        try (Stream<Path> files = Files.list(keyFile.getParent())) {
            assertThat(files).containsExactly(keyFile);
        }

        NodeKeyPair reloaded = NodeKeyPair.loadOrCreate(dataDir);
        assertThat(reloaded.nodeId()).isEqualTo(created.nodeId());
        assertThat(reloaded.seed()).isEqualTo(created.seed());
        assertThat(NodeKeyPair.load(keyFile).nodeId()).isEqualTo(created.nodeId());
    }

    @Test
    void keyFileAndIdentityDirAreOwnerOnly() throws IOException {
        // The supported platforms (Linux, macOS) have POSIX file systems; elsewhere this fails loudly.
        assertThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        NodeKeyPair.loadOrCreate(dir);
        Path keyFile = dir.resolve("identity/node.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void saveCreatesParentsAndReplacesAtomically() throws IOException {
        Path keyFile = dir.resolve("a/b/my.key");
        NodeKeyPair first = NodeKeyPair.generate();
        first.save(keyFile);
        assertThat(NodeKeyPair.load(keyFile).nodeId()).isEqualTo(first.nodeId());

        NodeKeyPair second = NodeKeyPair.generate();
        second.save(keyFile);
        assertThat(NodeKeyPair.load(keyFile).nodeId()).isEqualTo(second.nodeId());
        try (Stream<Path> files = Files.list(keyFile.getParent())) {
            assertThat(files).containsExactly(keyFile);
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }
    }

    @Test
    void toleratesSurroundingWhitespace() throws IOException {
        Path keyFile = dir.resolve("node.key");
        Files.writeString(keyFile, "  ed25519-seed:" + VALID_SEED + "\r\n\n");
        assertThat(NodeKeyPair.load(keyFile).seed()).isEqualTo(new byte[32]);
    }

    static Stream<Arguments> corruptFiles() {
        return Stream.of(
                Arguments.of("", "is corrupt: it is empty"),
                Arguments.of("\n", "is corrupt: it is empty"),
                Arguments.of("hello", "does not start with \"ed25519-seed:\""),
                Arguments.of(VALID_SEED, "does not start with \"ed25519-seed:\""),
                Arguments.of("\u0000\u00ff\u0013binary", "does not start with \"ed25519-seed:\""),
                Arguments.of("ed25519-seed:" + VALID_SEED.substring(0, 20), "the seed decodes to 15 bytes, but an Ed25519 seed is 32 bytes"),
                Arguments.of("ed25519-seed:" + b64(new byte[16]), "the seed decodes to 16 bytes, but an Ed25519 seed is 32 bytes"),
                Arguments.of("ed25519-seed:" + b64(new byte[64]), "the seed decodes to 64 bytes"),
                Arguments.of("ed25519-seed:", "the seed decodes to 0 bytes"),
                Arguments.of("ed25519-seed:" + VALID_SEED.substring(0, 41), "a length of 41 characters is impossible"),
                Arguments.of("ed25519-seed:" + VALID_SEED + "=", "'=' padding is not allowed"),
                Arguments.of("ed25519-seed:" + VALID_SEED + "\nsecond line", "it has more than one line"),
                Arguments.of("ed25519-seed:+" + VALID_SEED.substring(1), "'+' at index 0 is standard base64"),
                Arguments.of("x".repeat(5000), "it is 5000 bytes"));
    }

    @ParameterizedTest
    @MethodSource("corruptFiles")
    void corruptFilesFailPrecisely(String content, String expected) throws IOException {
        Path keyFile = dir.resolve("node.key");
        Files.writeString(keyFile, content, StandardCharsets.ISO_8859_1);
        HearthNetException e = assertFails(ErrorCode.BAD_REQUEST, expected, () -> NodeKeyPair.load(keyFile));
        assertThat(e.getMessage()).contains("node key file " + keyFile);
    }

    @Test
    void errorsNeverQuoteTheSeed() throws IOException {
        String secret = b64(HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b3269"));
        Path keyFile = dir.resolve("node.key");
        Files.writeString(keyFile, "ed25519-seed:" + secret);
        HearthNetException e = assertFails(ErrorCode.BAD_REQUEST, "decodes to 23 bytes", () -> NodeKeyPair.load(keyFile));
        assertThat(e.getMessage()).doesNotContain(secret);
    }

    @Test
    void ioFailuresAreInternalErrorsNamingThePath() throws IOException {
        Path missing = dir.resolve("missing.key");
        HearthNetException e = assertFails(ErrorCode.INTERNAL_ERROR, "cannot read node key file " + missing + ": no such file",
                () -> NodeKeyPair.load(missing));
        assertThat(e.getCause()).isInstanceOf(IOException.class);

        Path notADir = Files.writeString(dir.resolve("file"), "x");
        e = assertFails(ErrorCode.INTERNAL_ERROR, notADir.toString(), () -> NodeKeyPair.loadOrCreate(notADir));
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void saveFailureIsAnInternalErrorNamingThePath() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        Path keyFile = blocker.resolve("node.key");
        HearthNetException e = assertFails(ErrorCode.INTERNAL_ERROR, "cannot write node key file " + keyFile,
                () -> NodeKeyPair.generate().save(keyFile));
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void seedMustBe32Bytes() {
        assertFails(ErrorCode.BAD_REQUEST, "an Ed25519 seed must be 32 bytes, got 31", () -> NodeKeyPair.fromSeed(new byte[31]));
        assertFails(ErrorCode.BAD_REQUEST, "seed is missing", () -> NodeKeyPair.fromSeed(null));
    }

    @Test
    void seedIsCopiedBothWays() {
        byte[] seed = new byte[32];
        NodeKeyPair pair = NodeKeyPair.fromSeed(seed);
        seed[0] = 1;
        pair.seed()[1] = 1;
        assertThat(pair.seed()).isEqualTo(new byte[32]);
    }

    @Test
    void generatedPairsDiffer() {
        assertThat(NodeKeyPair.generate().nodeId()).isNotEqualTo(NodeKeyPair.generate().nodeId());
    }

    @Test
    void toStringShowsTheNodeIdButNeverTheSeed() {
        NodeKeyPair pair = NodeKeyPair.generate();
        String text = pair.toString();
        assertThat(text).contains(pair.nodeId().value())
                .doesNotContain(b64(pair.seed()))
                .doesNotContain(Base64.getEncoder().encodeToString(pair.seed()))
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(pair.seed()));
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Property(tries = 200)
    void signaturesVerify(@ForAll("seeds") byte[] seed, @ForAll("messages") byte[] message) {
        NodeKeyPair pair = NodeKeyPair.fromSeed(seed);
        byte[] signature = pair.sign(message);
        assertThat(signature).hasSize(64).isEqualTo(pair.sign(message));
        assertThat(Signatures.verify(pair.nodeId(), message, signature)).isTrue();
        assertThat(Signatures.verify(NodeId.parse(pair.nodeId().value()), message, signature)).isTrue();
        Signatures.verifyOrThrow(pair.nodeId(), message, pair.signToString(message));

        byte[] other = new byte[message.length + 1];
        System.arraycopy(message, 0, other, 0, message.length);
        assertThat(Signatures.verify(pair.nodeId(), other, signature)).isFalse();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
