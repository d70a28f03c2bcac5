package io.hearthnet.bus;

import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;

/**
 * Identifies one capability instance: which node offers which capability at which version.
 *
 * @param node    the offering node
 * @param name    the capability name
 * @param version the offered version
 */
public record EntryKey(NodeId node, String name, Version version) {
    @Override
    public String toString() {
        return name + "@" + version + " on " + node.shortForm();
    }
}
