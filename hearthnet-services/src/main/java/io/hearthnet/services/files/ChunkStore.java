package io.hearthnet.services.files;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Blake3;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunks on disk, each in {@code chunks/<first two hex digits>/<64 hex digits>} named by its
 * BLAKE3. A chunk is hashed before it is written (a chunk that does not match the id it claims is
 * refused) and again when read (a corrupted file is set aside in {@code chunks/corrupt/} and
 * reported). Writes go through a temporary file and an atomic move, so a chunk is whole or absent.
 */
final class ChunkStore {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkStore.class);

    private final Path root;

    ChunkStore(Path root) {
        this.root = root;
    }

    /** Creates the folder. */
    void open() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw failure("cannot create the chunk folder " + root, e);
        }
    }

    boolean has(String cid) {
        return Files.isRegularFile(path(cid));
    }

    /**
     * Stores {@code data} as chunk {@code expectedCid}; returns whether it was new.
     *
     * @throws HearthNetException {@code bad_request} when the data does not hash to the id
     */
    boolean put(byte[] data, String expectedCid, String source) {
        String cid = Blake3.hash(data);
        if (!cid.equals(expectedCid)) {
            LOG.warn("refused chunk from {}: it claims {} but hashes to {}", source, expectedCid, cid);
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "chunk " + expectedCid + " from " + source
                    + " does not match its hash (" + cid + "); refused");
        }
        Path target = path(cid);
        if (Files.isRegularFile(target)) {
            return false;
        }
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), ".chunk-", ".tmp");
            Files.write(temp, data);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            temp = null;
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw failure("cannot write chunk " + cid + " to " + target, e);
        } finally {
            deleteTemp(temp);
        }
    }

    /**
     * The bytes of chunk {@code cid}, checked against it.
     *
     * @throws HearthNetException {@code not_found} when absent, {@code internal_error} when the
     *         file is corrupt (it is moved aside, so the chunk counts as missing from then on)
     */
    byte[] read(String cid) {
        Path file = path(cid);
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new HearthNetException(ErrorCode.NOT_FOUND, "no chunk " + cid + " here");
        } catch (IOException e) {
            throw failure("cannot read chunk " + cid + " from " + file, e);
        }
        String actual = Blake3.hash(data);
        if (!actual.equals(cid)) {
            Path aside = root.resolve("corrupt").resolve(cid.substring(Blake3.PREFIX.length()));
            try {
                Files.createDirectories(aside.getParent());
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                LOG.error("cannot set corrupt chunk {} aside", file, e);
            }
            LOG.error("chunk {} in {} is corrupt (hashes to {}); moved to {}", cid, file, actual, aside);
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "chunk " + cid + " on this node is corrupt; it was set aside");
        }
        return data;
    }

    Path path(String cid) {
        String hex = cid.substring(Blake3.PREFIX.length());
        return root.resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static void deleteTemp(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary chunk file {}", temp, e);
        }
    }

    private static HearthNetException failure(String what, IOException e) {
        LOG.error("{}", what, e);
        return new HearthNetException(ErrorCode.INTERNAL_ERROR, what + ": " + e, e);
    }
}
