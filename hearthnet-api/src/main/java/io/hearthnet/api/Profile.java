package io.hearthnet.api;

import java.util.Locale;

/**
 * What kind of device a node runs on, announced in its manifest and mDNS record so peers can
 * prefer always-on machines for heavy work.
 */
public enum Profile {
    /** An always-on machine that offers heavy capabilities (LLM, RAG) and relays for others. */
    FULL,
    /** A laptop or desktop that comes and goes. */
    STANDARD,
    /** A phone or small board: mostly a caller, offers little. */
    LIGHT;

    /** Lower-case wire name, e.g. {@code "full"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; unknown names are {@code bad_request}. */
    public static Profile fromWireName(String name) {
        return WireNames.parse(Profile.class, name, "profile");
    }
}
