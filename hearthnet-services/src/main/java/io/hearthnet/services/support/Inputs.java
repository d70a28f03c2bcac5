package io.hearthnet.services.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict readers of call inputs. The bus validates inputs against each capability's schema, but a
 * node may run with validation off, so every service reads its input through these as well: a
 * missing, mistyped, oversized or unknown field is {@code bad_request} naming the field.
 */
public final class Inputs {
    private Inputs() {}

    /** Fails with {@code bad_request} when {@code input} has a field not in {@code allowed}. */
    public static void onlyFields(ObjectNode input, Set<String> allowed) {
        for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw bad("unknown field '" + abbreviate(name) + "'; allowed: " + allowed.stream().sorted().toList());
            }
        }
    }

    /** A required string of {@code min} to {@code max} characters (code points). */
    public static String text(ObjectNode input, String field, int min, int max) {
        return optionalText(input, field, min, max).orElseThrow(() -> bad("'" + field + "' is required"));
    }

    /** An optional string of {@code min} to {@code max} characters (code points). */
    public static Optional<String> optionalText(ObjectNode input, String field, int min, int max) {
        JsonNode v = input.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw bad("'" + field + "' must be a string, got " + type(v));
        }
        return Optional.of(checkLength(field, v.textValue(), min, max));
    }

    /** A required string matching {@code pattern} (which bounds its length). */
    public static String matching(ObjectNode input, String field, Pattern pattern, String shape) {
        return optionalMatching(input, field, pattern, shape).orElseThrow(() -> bad("'" + field + "' is required"));
    }

    /** An optional string matching {@code pattern}. */
    public static Optional<String> optionalMatching(ObjectNode input, String field, Pattern pattern, String shape) {
        JsonNode v = input.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw bad("'" + field + "' must be a string, got " + type(v));
        }
        if (!pattern.matcher(v.textValue()).matches()) {
            throw bad("'" + field + "' must be " + shape + ", got \"" + abbreviate(v.textValue()) + "\"");
        }
        return Optional.of(v.textValue());
    }

    /** A required node id in its full form. */
    public static NodeId nodeId(ObjectNode input, String field) {
        return optionalNodeId(input, field).orElseThrow(() -> bad("'" + field + "' is required"));
    }

    /** An optional node id in its full form. */
    public static Optional<NodeId> optionalNodeId(ObjectNode input, String field) {
        JsonNode v = input.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw bad("'" + field + "' must be a node id string, got " + type(v));
        }
        try {
            return Optional.of(NodeId.parse(v.textValue()));
        } catch (HearthNetException e) {
            throw bad("'" + field + "': " + e.getMessage());
        }
    }

    /** An optional whole number in {@code [min, max]}, else {@code fallback}. */
    public static long integer(ObjectNode input, String field, long min, long max, long fallback) {
        JsonNode v = input.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad("'" + field + "' must be a whole number, got " + type(v));
        }
        long n = v.longValue();
        if (n < min || n > max) {
            throw bad("'" + field + "' must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** An optional boolean, else {@code fallback}. */
    public static boolean bool(ObjectNode input, String field, boolean fallback) {
        JsonNode v = input.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw bad("'" + field + "' must be true or false, got " + type(v));
        }
        return v.booleanValue();
    }

    /** An optional array of at most {@code maxItems} strings, each matching {@code pattern}; empty when absent. */
    public static List<String> strings(ObjectNode input, String field, int maxItems, Pattern pattern, String shape) {
        JsonNode v = input.get(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw bad("'" + field + "' must be an array, got " + type(v));
        }
        if (v.size() > maxItems) {
            throw bad("'" + field + "' may hold at most " + maxItems + " items, got " + v.size());
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual() || !pattern.matcher(item.textValue()).matches()) {
                throw bad("every item of '" + field + "' must be " + shape + ", got "
                        + (item.isTextual() ? "\"" + abbreviate(item.textValue()) + "\"" : type(item)));
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A required JSON object. */
    public static ObjectNode object(ObjectNode input, String field) {
        JsonNode v = input.get(field);
        if (v == null) {
            throw bad("'" + field + "' is required");
        }
        if (!(v instanceof ObjectNode o)) {
            throw bad("'" + field + "' must be an object, got " + type(v));
        }
        return o;
    }

    /** A {@code bad_request} with {@code message}. */
    public static HearthNetException bad(String message) {
        return new HearthNetException(ErrorCode.BAD_REQUEST, message);
    }

    private static String checkLength(String field, String value, int min, int max) {
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw bad("'" + field + "' must be " + min + " to " + max + " characters, got " + length);
        }
        return value;
    }

    private static String type(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
