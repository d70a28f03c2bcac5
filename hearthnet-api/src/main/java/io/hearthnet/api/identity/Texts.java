package io.hearthnet.api.identity;

import com.fasterxml.jackson.databind.node.TextNode;
import io.hearthnet.api.json.Json;

/** Quoting of untrusted text in error messages. */
final class Texts {
    private static final int MAX_SHOWN = 40;

    private Texts() {}

    /** A JSON string literal of {@code text}, cut after {@value #MAX_SHOWN} characters. */
    static String quote(String text) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
        return Json.write(TextNode.valueOf(shown));
    }
}
