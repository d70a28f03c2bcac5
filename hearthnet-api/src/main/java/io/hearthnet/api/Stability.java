package io.hearthnet.api;

import java.util.Locale;

/** How settled a capability's contract is. */
public enum Stability {
    STABLE, BETA, EXPERIMENTAL;

    /** Lower-case wire name, e.g. {@code "beta"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; unknown names are {@code bad_request}. */
    public static Stability fromWireName(String name) {
        return WireNames.parse(Stability.class, name, "stability");
    }
}
