package io.hearthnet.services.files;

import io.hearthnet.api.json.Blake3;
import java.util.HexFormat;

/**
 * BLAKE3 of a whole blob, fed chunk by chunk so a large blob never sits in memory.
 *
 * <p>The api's {@link Blake3} hashes one byte array at once; this uses the incremental hasher of
 * commons-codec, the library behind it (on the classpath through hearthnet-api). When the api
 * offers an incremental hasher, this class is the only place to change.
 */
final class WholeHash {
    private final org.apache.commons.codec.digest.Blake3 hasher = org.apache.commons.codec.digest.Blake3.initHash();

    WholeHash update(byte[] chunk) {
        hasher.update(chunk);
        return this;
    }

    /** The wire form {@code blake3:<hex>} of everything fed so far. */
    String finish() {
        return Blake3.PREFIX + HexFormat.of().formatHex(hasher.doFinalize(32));
    }
}
