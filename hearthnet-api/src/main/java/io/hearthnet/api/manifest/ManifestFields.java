package io.hearthnet.api.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads required manifest fields with precise errors. */
final class ManifestFields {
    private ManifestFields() {}

    static String text(ObjectNode o, String field) {
        if (!o.path(field).isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest field '" + field + "' must be a string");
        }
        return o.get(field).asText();
    }

    static Instant instant(ObjectNode o, String field) {
        String text = text(o, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "manifest field '" + field + "' must be an RFC 3339 UTC time, got '" + text + "'", e);
        }
    }
}
