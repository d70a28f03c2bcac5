package io.hearthnet.api.testing;

import io.hearthnet.api.identity.NodeKeyPair;
import java.util.Arrays;

/** Deterministic key pairs, so failing tests are reproducible. Shared with every module's tests. */
public final class TestKeys {
    /** Node "A". */
    public static final NodeKeyPair ALICE = seeded(1);
    /** Node "B". */
    public static final NodeKeyPair BOB = seeded(2);
    /** Node "C". */
    public static final NodeKeyPair CAROL = seeded(3);

    private TestKeys() {}

    /** The key pair whose 32-byte seed is {@code n} repeated. */
    public static NodeKeyPair seeded(int n) {
        byte[] seed = new byte[NodeKeyPair.SEED_BYTES];
        Arrays.fill(seed, (byte) n);
        return NodeKeyPair.fromSeed(seed);
    }
}
