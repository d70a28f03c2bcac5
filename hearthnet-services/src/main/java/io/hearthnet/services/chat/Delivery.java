package io.hearthnet.services.chat;

import java.util.Locale;

/** How the sender handed a message over: to the recipient, to a node holding it, or not yet. */
enum Delivery {
    DIRECT, FORWARDED, QUEUED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Delivery fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
