package io.hearthnet.services.chat;

import java.util.Locale;

/** How far a message got, as its receipts say; it only ever moves forward. */
enum Status {
    PENDING, DELIVERED, READ;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
