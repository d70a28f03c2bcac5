package io.hearthnet.bus;

import java.util.List;

/**
 * What one update from a peer's manifest changed.
 *
 * @param added   new entries
 * @param removed entries that are gone
 * @param updated entries whose summary or endpoints changed
 */
public record RegistryDiff(List<CapabilityEntry> added, List<CapabilityEntry> removed, List<CapabilityEntry> updated) {
    /** Copies the lists. */
    public RegistryDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        updated = List.copyOf(updated);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && updated.isEmpty();
    }
}
