package io.hearthnet.api.manifest;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * First-seen key pinning for the identity people see. A node id is its public key, so the short
 * display form ({@code ed25519:XXXX-XXXX-XXXX-XXXX}, the first 80 bits of the key) is what a person
 * recognises; the first full key seen behind a short form is pinned, and a later manifest whose
 * key differs but shows the same short form is refused as an impersonation. Bounded: beyond
 * {@code capacity} the pin used longest ago is forgotten. Thread-safe.
 */
public final class KeyPins {
    /** Default number of pinned identities. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, NodeId> pins;

    /** Pins up to {@link #DEFAULT_CAPACITY} identities. */
    public KeyPins() {
        this(DEFAULT_CAPACITY);
    }

    /** Pins up to {@code capacity} identities. */
    public KeyPins(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.pins = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, NodeId> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Pins {@code node} on first sight; afterwards accepts only the same key for its short form.
     *
     * @throws HearthNetException {@code invalid_signature} when another key already holds the short form
     */
    public synchronized void check(NodeId node) {
        NodeId pinned = pins.putIfAbsent(node.shortForm(), node);
        if (pinned != null && !pinned.equals(node)) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "node " + node.shortForm()
                    + " presents a different key than the one first seen (" + pinned.value() + "); refusing it");
        }
    }

    /** Checks the manifest's issuer with {@link #check(NodeId)} and returns the manifest. */
    public NodeManifest check(NodeManifest manifest) {
        check(manifest.nodeId());
        return manifest;
    }

    /** How many identities are pinned. */
    public synchronized int size() {
        return pins.size();
    }
}
