package io.hearthnet.api.identity;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** The {@code ed25519:<base64url, no padding>} signature format and Ed25519 verification. */
public final class Signatures {
    /** The prefix of a written signature. */
    public static final String PREFIX = "ed25519:";
    /** Length of an Ed25519 signature in bytes. */
    public static final int SIGNATURE_BYTES = Ed25519Support.SIGNATURE_BYTES;

    private Signatures() {}

    /** Writes a 64-byte signature; any other length is {@code bad_request}. */
    public static String format(byte[] signature) {
        if (signature == null) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "signature is missing");
        }
        if (signature.length != SIGNATURE_BYTES) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "signature must be " + SIGNATURE_BYTES + " bytes, got " + signature.length);
        }
        return PREFIX + Base64Url.encode(signature);
    }

    /** Reads a written signature; malformed text is {@code invalid_signature} saying what is wrong. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid("signature is missing");
        }
        if (!text.startsWith(PREFIX)) {
            throw invalid("signature must start with \"" + PREFIX + "\", got " + Texts.quote(text));
        }
        String encoded = text.substring(PREFIX.length());
        String problem = Base64Url.problem(encoded, SIGNATURE_BYTES, "a signature");
        if (problem != null) {
            throw invalid("signature " + Texts.quote(text) + ": the part after \"" + PREFIX + "\" " + problem);
        }
        return Base64Url.decodeChecked(encoded);
    }

    /**
     * Whether {@code signature} is {@code signer}'s Ed25519 signature of {@code message}. A missing or
     * wrong-length signature, or a signer key that is not a valid point, gives {@code false}.
     */
    public static boolean verify(NodeId signer, byte[] message, byte[] signature) {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(message, "message");
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        Ed25519.PublicPoint point = signer.verificationPoint();
        return point != null && Ed25519Support.verify(point, message, signature);
    }

    /**
     * Parses and verifies a written signature; a malformed or non-matching one is
     * {@code invalid_signature}.
     */
    public static void verifyOrThrow(NodeId signer, byte[] message, String signature) {
        if (!verify(signer, message, parse(signature))) {
            throw invalid("signature does not match the message for signer " + signer.value());
        }
    }

    private static HearthNetException invalid(String message) {
        return new HearthNetException(ErrorCode.INVALID_SIGNATURE, message);
    }
}
