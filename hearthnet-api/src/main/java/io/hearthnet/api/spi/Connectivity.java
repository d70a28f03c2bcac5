package io.hearthnet.api.spi;

import java.util.Locale;

/**
 * Whether the node can reach the internet, as emergency mode decides it. Published on the node's
 * local state bus (never sent on the wire) so other extensions, such as discovery, can react.
 */
public enum Connectivity {
    /** Every probe passes. */
    ONLINE,
    /** Some probes fail. */
    DEGRADED,
    /** The internet is unreachable: internet-only capabilities are withdrawn. */
    OFFLINE;

    /** Lower-case wire name, e.g. {@code "offline"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
