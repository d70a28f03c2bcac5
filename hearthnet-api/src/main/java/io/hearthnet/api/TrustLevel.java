package io.hearthnet.api;

import java.util.Locale;

/**
 * How much a community trusts a node, in increasing order: unknown &lt; member &lt; trusted &lt; anchor.
 * Each capability says which level its callers need.
 */
public enum TrustLevel {
    UNKNOWN, MEMBER, TRUSTED, ANCHOR;

    /** Whether this level meets {@code required}. */
    public boolean atLeast(TrustLevel required) {
        return compareTo(required) >= 0;
    }

    /** Lower-case wire name, e.g. {@code "member"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; unknown names are {@code bad_request}. */
    public static TrustLevel fromWireName(String name) {
        return WireNames.parse(TrustLevel.class, name, "trust level");
    }
}
