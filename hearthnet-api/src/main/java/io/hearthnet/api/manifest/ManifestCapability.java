package io.hearthnet.api.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Namespaces;
import io.hearthnet.api.Stability;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.json.Json;
import java.time.Duration;
import java.util.Objects;

/**
 * What a manifest says about one offered capability: enough for another node to route to it.
 *
 * @param name          capability name
 * @param version       offered version
 * @param stability     how settled the contract is
 * @param schemaHash    {@code blake3:...} of the schemas
 * @param params        instance params
 * @param maxConcurrent calls served at once
 * @param streaming     whether it answers with a stream
 * @param idempotent    whether a failed call may be retried elsewhere
 * @param timeout       the provider's default deadline for a call ({@code timeout_ms} on the wire;
 *                      {@link CapabilityDescriptor#DEFAULT_TIMEOUT} when a manifest leaves it out)
 */
public record ManifestCapability(String name, Version version, Stability stability, String schemaHash,
                                 ObjectNode params, int maxConcurrent, boolean streaming, boolean idempotent,
                                 Duration timeout) {
    /** The longest default deadline a manifest may announce. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    /** Validates every component. */
    public ManifestCapability {
        Namespaces.check(name);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stability, "stability");
        if (schemaHash == null || !Blake3.isHash(schemaHash)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "schema_hash of " + name + " must be blake3:<64 hex>, got " + schemaHash);
        }
        params = Objects.requireNonNull(params, "params").deepCopy();
        if (maxConcurrent < 1) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "max_concurrent of " + name + " must be at least 1");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "timeout of " + name + " must be 1 ms to 24 h, got " + timeout);
        }
    }

    /** A summary with the default deadline ({@link CapabilityDescriptor#DEFAULT_TIMEOUT}). */
    public ManifestCapability(String name, Version version, Stability stability, String schemaHash,
                              ObjectNode params, int maxConcurrent, boolean streaming, boolean idempotent) {
        this(name, version, stability, schemaHash, params, maxConcurrent, streaming, idempotent,
                CapabilityDescriptor.DEFAULT_TIMEOUT);
    }

    /** The summary of a local descriptor. */
    public static ManifestCapability of(CapabilityDescriptor d) {
        return new ManifestCapability(d.name(), d.version(), d.stability(), d.schemaHash(), d.params(),
                d.maxConcurrent(), d.streaming(), d.idempotent(), d.timeout());
    }

    /** {@code name@X.Y}. */
    public String id() {
        return name + "@" + version;
    }

    @Override
    public ObjectNode params() {
        return params.deepCopy();
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("name", name);
        o.put("version", version.toString());
        o.put("stability", stability.wireName());
        o.put("schema_hash", schemaHash);
        o.set("params", params.deepCopy());
        o.put("max_concurrent", maxConcurrent);
        o.put("streaming", streaming);
        o.put("idempotent", idempotent);
        o.put("timeout_ms", Math.toIntExact(timeout.toMillis())); // at most a day: an int, as a parser reads it back
        return o;
    }

    static ManifestCapability fromJson(JsonNode node) {
        ObjectNode o = Json.requireObject(node, "manifest capability");
        return new ManifestCapability(
                ManifestFields.text(o, "name"),
                Version.parse(ManifestFields.text(o, "version")),
                Stability.fromWireName(ManifestFields.text(o, "stability")),
                ManifestFields.text(o, "schema_hash"),
                Json.requireObject(o.path("params").isMissingNode() ? Json.object() : o.get("params"), "params"),
                optionalInt(o, "max_concurrent", 1),
                optionalBoolean(o, "streaming"),
                optionalBoolean(o, "idempotent"),
                optionalMillis(o, "timeout_ms", CapabilityDescriptor.DEFAULT_TIMEOUT));
    }

    private static Duration optionalMillis(ObjectNode o, String field, Duration absent) {
        JsonNode n = o.path(field);
        if (n.isMissingNode()) {
            return absent;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest capability field '" + field + "' must be whole milliseconds");
        }
        return Duration.ofMillis(n.asLong());
    }

    /** An absent field is the default; a present one of another type is {@code bad_request}, not the default. */
    private static int optionalInt(ObjectNode o, String field, int absent) {
        JsonNode n = o.path(field);
        if (n.isMissingNode()) {
            return absent;
        }
        if (!n.isInt()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest capability field '" + field + "' must be an integer");
        }
        return n.asInt();
    }

    private static boolean optionalBoolean(ObjectNode o, String field) {
        JsonNode n = o.path(field);
        if (!n.isMissingNode() && !n.isBoolean()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest capability field '" + field + "' must be true or false");
        }
        return n.asBoolean(false);
    }
}
