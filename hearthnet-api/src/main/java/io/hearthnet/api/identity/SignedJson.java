package io.hearthnet.api.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.CanonicalJson;

/**
 * Signs and verifies JSON objects the contract's way: an Ed25519 signature over the canonical JSON
 * of the object without its {@code signature} field, stored in that field as {@code ed25519:...}.
 */
public final class SignedJson {
    /** The field that holds the signature. */
    public static final String FIELD = "signature";

    private SignedJson() {}

    /** A copy of {@code payload} with its {@code signature} set (any previous one is replaced). */
    public static ObjectNode sign(NodeKeyPair keys, ObjectNode payload) {
        ObjectNode unsigned = payload.deepCopy();
        unsigned.remove(FIELD);
        String signature = keys.signToString(CanonicalJson.bytes(unsigned));
        unsigned.put(FIELD, signature);
        return unsigned;
    }

    /**
     * Checks that {@code signed} carries a valid signature by {@code signer}.
     *
     * @throws HearthNetException {@code invalid_signature} when it is missing, malformed or wrong
     */
    public static void verify(NodeId signer, ObjectNode signed) {
        if (!signed.path(FIELD).isTextual()) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "the object has no signature field");
        }
        ObjectNode unsigned = signed.deepCopy();
        unsigned.remove(FIELD);
        Signatures.verifyOrThrow(signer, CanonicalJson.bytes(unsigned), signed.get(FIELD).asText());
    }
}
