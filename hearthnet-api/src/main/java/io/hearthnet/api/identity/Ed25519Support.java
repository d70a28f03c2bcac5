package io.hearthnet.api.identity;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The one place that calls BouncyCastle's RFC 8032 code. Loading this class builds BouncyCastle's
 * base-point tables once, so the first signature or verification does not pay for it.
 */
final class Ed25519Support {
    static final int KEY_BYTES = Ed25519.PUBLIC_KEY_SIZE;
    static final int SEED_BYTES = Ed25519.SECRET_KEY_SIZE;
    static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;

    static {
        Ed25519.precompute();
    }

    private Ed25519Support() {}

    /** The public point of a seed; one scalar multiplication. */
    static Ed25519.PublicPoint publicPoint(byte[] seed) {
        return Ed25519.generatePublicKey(seed, 0);
    }

    static byte[] encode(Ed25519.PublicPoint point) {
        byte[] key = new byte[KEY_BYTES];
        Ed25519.encodePublicPoint(point, key, 0);
        return key;
    }

    /** The point of an encoded public key, or {@code null} unless it is a full-order-subgroup point. */
    static Ed25519.PublicPoint decode(byte[] publicKey) {
        return Ed25519.validatePublicKeyFullExport(publicKey, 0);
    }

    /** Signs with the public key given, so it is not derived again from the seed. */
    static byte[] sign(byte[] seed, byte[] publicKey, byte[] message) {
        byte[] signature = new byte[SIGNATURE_BYTES];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    static boolean verify(Ed25519.PublicPoint point, byte[] message, byte[] signature) {
        return Ed25519.verify(signature, 0, point, message, 0, message.length);
    }
}
