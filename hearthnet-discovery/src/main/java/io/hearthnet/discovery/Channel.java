package io.hearthnet.discovery;

import java.util.Locale;

/** How discovery hears of peers and announces itself. */
enum Channel {
    /** mDNS / DNS-SD through jmDNS. */
    MDNS,
    /** The UDP multicast fallback. */
    UDP;

    /** Lower-case label for logs and metrics. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
