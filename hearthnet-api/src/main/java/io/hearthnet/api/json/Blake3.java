package io.hearthnet.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;

/**
 * BLAKE3-256 hashes in the wire form {@code blake3:<64 lowercase hex>}; canonical JSON is hashed
 * through {@link CanonicalJson}.
 */
public final class Blake3 {
    /** The prefix of every hash written on the wire. */
    public static final String PREFIX = "blake3:";

    private static final int HEX_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    private Blake3() {}

    /** The 32-byte BLAKE3 digest of {@code data}. */
    public static byte[] digest(byte[] data) {
        return org.apache.commons.codec.digest.Blake3.hash(data);
    }

    /** The wire form of the BLAKE3 digest of {@code data}. */
    public static String hash(byte[] data) {
        return PREFIX + HEX.formatHex(digest(data));
    }

    /** The wire form of the BLAKE3 digest of the canonical JSON of {@code node}. */
    public static String hashCanonical(JsonNode node) {
        return hash(CanonicalJson.bytes(node));
    }

    /** Whether {@code text} is exactly {@code blake3:} followed by 64 lowercase hex digits. */
    public static boolean isHash(String text) {
        if (text == null || text.length() != PREFIX.length() + HEX_LENGTH || !text.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
