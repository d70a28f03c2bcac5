package io.hearthnet.bus;

/**
 * A change in the registry.
 *
 * @param kind  what happened
 * @param entry the entry it happened to
 */
public record RegistryEvent(Kind kind, CapabilityEntry entry) {
    /** What happened to an entry. */
    public enum Kind {
        /** A capability instance appeared. */
        ADDED,
        /** A capability instance disappeared. */
        REMOVED,
        /** A capability instance changed its summary or endpoints. */
        UPDATED
    }
}
