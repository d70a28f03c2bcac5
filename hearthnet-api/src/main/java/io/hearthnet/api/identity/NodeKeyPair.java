package io.hearthnet.api.identity;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A node's Ed25519 key pair: the 32-byte RFC 8032 secret key (the seed) and its {@link NodeId}.
 *
 * <p>On disk it is one line {@code ed25519-seed:<base64url seed>}, written atomically and readable
 * by the owner only where the file system has POSIX permissions.
 */
public final class NodeKeyPair {
    /** Length of a seed in bytes. */
    public static final int SEED_BYTES = Ed25519Support.SEED_BYTES;
    /** Where {@link #loadOrCreate(Path)} keeps the key, relative to the data directory. */
    public static final String KEY_FILE = "identity/node.key";

    private static final String FILE_PREFIX = "ed25519-seed:";
    private static final int MAX_FILE_BYTES = 1024;
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final byte[] seed;
    private final byte[] publicKey;
    private final NodeId nodeId;

    private NodeKeyPair(byte[] seed) {
        Ed25519.PublicPoint point = Ed25519Support.publicPoint(seed);
        this.seed = seed;
        this.nodeId = NodeId.ofPoint(point);
        this.publicKey = nodeId.publicKey();
    }

    /** A new key pair from a fresh {@link SecureRandom}. */
    public static NodeKeyPair generate() {
        return generate(new SecureRandom());
    }

    /** A new key pair from {@code random}. */
    public static NodeKeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] seed = new byte[SEED_BYTES];
        Ed25519.generatePrivateKey(random, seed);
        return new NodeKeyPair(seed);
    }

    /** The key pair of a 32-byte RFC 8032 secret key (copied). */
    public static NodeKeyPair fromSeed(byte[] seed) {
        if (seed == null) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "seed is missing");
        }
        if (seed.length != SEED_BYTES) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "an Ed25519 seed must be " + SEED_BYTES + " bytes, got " + seed.length);
        }
        return new NodeKeyPair(seed.clone());
    }

    /**
     * The key pair in {@code dataDir/identity/node.key}; when there is none, a new one is generated
     * and saved there, creating the {@code identity} directory owner-only. Of two processes creating
     * it at once, both end up with the key that was written first.
     */
    public static NodeKeyPair loadOrCreate(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            return load(keyFile);
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw ioFailure("cannot create data directory " + dataDir, e);
        }
        NodeKeyPair created = generate();
        if (!created.write(keyFile, false)) {
            return load(keyFile);
        }
        return created;
    }

    /** The key pair in {@code keyFile}; a malformed file is {@code bad_request} naming the problem. */
    public static NodeKeyPair load(Path keyFile) {
        Objects.requireNonNull(keyFile, "keyFile");
        byte[] bytes;
        try {
            long size = Files.size(keyFile);
            if (size > MAX_FILE_BYTES) {
                throw corrupt(keyFile, "it is " + size + " bytes, far more than a node key file holds");
            }
            bytes = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw ioFailure("cannot read node key file " + keyFile, e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw corrupt(keyFile, "it is empty");
        }
        if (!text.startsWith(FILE_PREFIX)) {
            throw corrupt(keyFile, "it does not start with \"" + FILE_PREFIX + "\"");
        }
        String encoded = text.substring(FILE_PREFIX.length());
        if (encoded.indexOf('\n') >= 0 || encoded.indexOf('\r') >= 0) {
            throw corrupt(keyFile, "it has more than one line");
        }
        String problem = Base64Url.problem(encoded, SEED_BYTES, "an Ed25519 seed");
        if (problem != null) {
            throw corrupt(keyFile, "the seed " + problem);
        }
        byte[] seed = Base64Url.decodeChecked(encoded);
        return new NodeKeyPair(seed);
    }

    /**
     * Writes this key pair to {@code keyFile}, replacing it atomically; missing parent directories
     * are created owner-only.
     */
    public void save(Path keyFile) {
        Objects.requireNonNull(keyFile, "keyFile");
        write(keyFile, true);
    }

    /** Writes through a temporary file; {@code false} when not replacing and the file already exists. */
    private boolean write(Path keyFile, boolean replace) {
        Path target = keyFile.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir, ownerOnly(dir, OWNER_DIR));
            temp = Files.createTempFile(dir, ".node.key-", ".tmp", ownerOnly(dir, OWNER_FILE));
            byte[] line = (FILE_PREFIX + Base64Url.encode(seed) + "\n").getBytes(StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (replace) {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                try {
                    Files.move(temp, target);
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            }
            temp = null;
            return true;
        } catch (IOException e) {
            throw ioFailure("cannot write node key file " + target, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The failure that brought us here is the one to report.
                }
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir, Set<PosixFilePermission> permissions) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static HearthNetException corrupt(Path keyFile, String problem) {
        return new HearthNetException(ErrorCode.BAD_REQUEST, "node key file " + keyFile + " is corrupt: " + problem);
    }

    private static HearthNetException ioFailure(String what, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new HearthNetException(ErrorCode.INTERNAL_ERROR, what + ": " + why, e);
    }

    /** The node id of this key pair. */
    public NodeId nodeId() {
        return nodeId;
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        return Ed25519Support.sign(seed, publicKey, message);
    }

    /** The signature of {@code message} in the written form {@code ed25519:<base64url>}. */
    public String signToString(byte[] message) {
        return Signatures.format(sign(message));
    }

    /** A copy of the 32-byte seed. It is the secret key: never log, send or show it. */
    public byte[] seed() {
        return seed.clone();
    }

    /** Names the node id only; never the seed. */
    @Override
    public String toString() {
        return "NodeKeyPair[" + nodeId.value() + "]";
    }
}
