package io.hearthnet.api.identity;

import java.util.concurrent.ConcurrentHashMap;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A node's identity: its 32-byte Ed25519 public key, written {@code ed25519:<base64url, no padding>}.
 *
 * <p>The short display form {@code ed25519:XXXX-XXXX-XXXX-XXXX} is for people only: it cannot be
 * parsed back, and two nodes may share it.
 */
public final class NodeId implements Comparable<NodeId> {
    /** The prefix of both forms. */
    public static final String PREFIX = "ed25519:";
    /** Length of a public key in bytes. */
    public static final int KEY_BYTES = Ed25519Support.KEY_BYTES;

    private static final Pattern SHORT_FORM = Pattern.compile(
            Pattern.quote(PREFIX) + "[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", Pattern.CASE_INSENSITIVE);
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /**
     * Recently parsed ids, so a peer's id parsed from every request keeps its decoded verification
     * point (decoding it costs about as much as a verification). Bounded: emptied when full.
     */
    private static final int PARSED_CACHE_SIZE = 4_096;
    private static final ConcurrentHashMap<String, NodeId> PARSED = new ConcurrentHashMap<>();

    private final byte[] key;
    private final String value;
    private volatile VerificationPoint point;

    private NodeId(byte[] key, VerificationPoint point) {
        this.key = key;
        this.value = PREFIX + Base64Url.encode(key);
        this.point = point;
    }

    /**
     * Parses the full form. Anything else, including the short display form, is {@code bad_request}
     * saying what is wrong.
     */
    public static NodeId parse(String text) {
        NodeId known = text == null ? null : PARSED.get(text);
        if (known != null) {
            return known;
        }
        NodeId parsed = parseUncached(text);
        if (PARSED.size() >= PARSED_CACHE_SIZE) {
            PARSED.clear();
        }
        PARSED.put(text, parsed);
        return parsed;
    }

    private static NodeId parseUncached(String text) {
        if (text == null) {
            throw invalid("node id is missing");
        }
        if (text.isEmpty()) {
            throw invalid("node id is empty");
        }
        if (!text.startsWith(PREFIX)) {
            throw invalid("node id must start with \"" + PREFIX + "\", got " + Texts.quote(text));
        }
        if (SHORT_FORM.matcher(text).matches()) {
            throw invalid("node id " + Texts.quote(text)
                    + ": this is the short display form; a full node id is needed (" + PREFIX
                    + "<base64url of the 32-byte public key>)");
        }
        String encoded = text.substring(PREFIX.length());
        String problem = Base64Url.problem(encoded, KEY_BYTES, "a public key");
        if (problem != null) {
            throw invalid("node id " + Texts.quote(text) + ": the part after \"" + PREFIX + "\" " + problem);
        }
        return new NodeId(Base64Url.decodeChecked(encoded), null);
    }

    /** The node id of a 32-byte Ed25519 public key (copied). */
    public static NodeId ofPublicKey(byte[] publicKey) {
        if (publicKey == null) {
            throw invalid("public key is missing");
        }
        if (publicKey.length != KEY_BYTES) {
            throw invalid("public key must be " + KEY_BYTES + " bytes, got " + publicKey.length);
        }
        return new NodeId(publicKey.clone(), null);
    }

    /** The node id of a key pair's own point, which needs no validation before verifying. */
    static NodeId ofPoint(Ed25519.PublicPoint point) {
        return new NodeId(Ed25519Support.encode(point), new VerificationPoint(point));
    }

    /** A copy of the 32-byte public key. */
    public byte[] publicKey() {
        return key.clone();
    }

    /** The full form {@code ed25519:<base64url>}. */
    public String value() {
        return value;
    }

    /**
     * The display form {@code ed25519:XXXX-XXXX-XXXX-XXXX}: the first 16 characters of the RFC 4648
     * base32 of the key (its first 80 bits), in groups of four.
     */
    public String shortForm() {
        StringBuilder out = new StringBuilder(PREFIX.length() + 19).append(PREFIX);
        for (int half = 0; half < 2; half++) {
            long bits = 0;
            for (int i = 0; i < 5; i++) {
                bits = (bits << 8) | (key[half * 5 + i] & 0xFF);
            }
            for (int i = 0; i < 8; i++) {
                if (half + i > 0 && i % 4 == 0) {
                    out.append('-');
                }
                out.append(BASE32[(int) (bits >>> (35 - 5 * i)) & 31]);
            }
        }
        return out.toString();
    }

    /**
     * The decoded key that {@link Signatures} verifies with, or {@code null} when the key is not a point of the prime-order subgroup (nothing verifies
     * then). Decoded on first use and kept.
     */
    Ed25519.PublicPoint verificationPoint() {
        VerificationPoint cached = point;
        if (cached == null) {
            cached = new VerificationPoint(Ed25519Support.decode(key));
            point = cached;
        }
        return cached.value();
    }

    private static HearthNetException invalid(String message) {
        return new HearthNetException(ErrorCode.BAD_REQUEST, message);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeId id && Arrays.equals(key, id.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** The full form, as {@link #value()}. */
    @Override
    public String toString() {
        return value;
    }

    private record VerificationPoint(Ed25519.PublicPoint value) {}
}
