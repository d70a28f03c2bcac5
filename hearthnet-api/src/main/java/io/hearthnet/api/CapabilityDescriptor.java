package io.hearthnet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.json.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The full contract of one capability a node offers: name and version, JSON Schemas of request,
 * response and stream frames, instance params, limits and the trust its callers need.
 * Immutable; build one with {@link #builder(String, String)}.
 */
public final class CapabilityDescriptor {
    /** Default deadline of a call when the descriptor does not set one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of calls one node serves at once. */
    public static final int DEFAULT_MAX_CONCURRENT = 8;

    private final String name;
    private final Version version;
    private final Stability stability;
    private final String description;
    private final ObjectNode requestSchema;
    private final ObjectNode responseSchema;
    private final ObjectNode streamSchema;
    private final ObjectNode params;
    private final int maxConcurrent;
    private final TrustLevel trustRequired;
    private final Duration timeout;
    private final boolean idempotent;
    private final boolean requiresInternet;
    private final String schemaHash;

    private CapabilityDescriptor(Builder b) {
        this.name = Namespaces.check(b.name);
        this.version = Objects.requireNonNull(b.version, "version");
        this.stability = b.stability;
        this.description = b.description;
        this.requestSchema = b.requestSchema;
        this.responseSchema = b.responseSchema;
        this.streamSchema = b.streamSchema;
        this.params = b.params;
        this.maxConcurrent = b.maxConcurrent;
        this.trustRequired = b.trustRequired;
        this.timeout = b.timeout;
        this.idempotent = b.idempotent;
        this.requiresInternet = b.requiresInternet;
        this.schemaHash = computeSchemaHash();
    }

    /** Starts a descriptor for {@code name} at {@code version} ("X.Y"). */
    public static Builder builder(String name, String version) {
        return new Builder(name, Version.parse(version));
    }

    /** Starts a descriptor for {@code name} at {@code version}. */
    public static Builder builder(String name, Version version) {
        return new Builder(name, version);
    }

    /** The capability name, e.g. {@code chat.send}. */
    public String name() {
        return name;
    }

    /** The offered version. */
    public Version version() {
        return version;
    }

    /** {@code name@X.Y}. */
    public String id() {
        return name + "@" + version;
    }

    /** How settled the contract is. */
    public Stability stability() {
        return stability;
    }

    /** Human-readable summary, possibly empty. */
    public String description() {
        return description;
    }

    /** JSON Schema of the call input, if the capability declares one. */
    public Optional<ObjectNode> requestSchema() {
        return Optional.ofNullable(requestSchema).map(ObjectNode::deepCopy);
    }

    /** JSON Schema of a unary reply, if the capability answers with one object. */
    public Optional<ObjectNode> responseSchema() {
        return Optional.ofNullable(responseSchema).map(ObjectNode::deepCopy);
    }

    /** JSON Schema of each stream frame's data, if the capability streams. */
    public Optional<ObjectNode> streamSchema() {
        return Optional.ofNullable(streamSchema).map(ObjectNode::deepCopy);
    }

    /** Whether the capability answers with a stream of frames. */
    public boolean streaming() {
        return streamSchema != null;
    }

    /** Instance params, e.g. {@code {"model": "llama3"}}; a copy. */
    public ObjectNode params() {
        return params.deepCopy();
    }

    /** How many calls this node serves at once; at least 1. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** The trust level a caller needs. */
    public TrustLevel trustRequired() {
        return trustRequired;
    }

    /** The default deadline of a call. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether calling twice has the same effect as calling once (allows failover). */
    public boolean idempotent() {
        return idempotent;
    }

    /** Whether the capability needs the internet; emergency mode withdraws it while offline. */
    public boolean requiresInternet() {
        return requiresInternet;
    }

    /**
     * {@code blake3:<hex>} of the canonical JSON of
     * {@code {name, version, request_schema, response_schema, stream_schema}} (absent schema is null).
     */
    public String schemaHash() {
        return schemaHash;
    }

    private String computeSchemaHash() {
        ObjectNode hashed = Json.object();
        hashed.put("name", name);
        hashed.put("version", version.toString());
        hashed.set("request_schema", orNull(requestSchema));
        hashed.set("response_schema", orNull(responseSchema));
        hashed.set("stream_schema", orNull(streamSchema));
        return Blake3.hashCanonical(hashed);
    }

    private static JsonNode orNull(ObjectNode schema) {
        return schema == null ? NullNode.instance : schema;
    }

    /** A builder that starts from this descriptor. */
    public Builder toBuilder() {
        Builder b = new Builder(name, version);
        b.stability = stability;
        b.description = description;
        b.requestSchema = requestSchema;
        b.responseSchema = responseSchema;
        b.streamSchema = streamSchema;
        b.params = params;
        b.maxConcurrent = maxConcurrent;
        b.trustRequired = trustRequired;
        b.timeout = timeout;
        b.idempotent = idempotent;
        b.requiresInternet = requiresInternet;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilityDescriptor d
                && name.equals(d.name) && version.equals(d.version) && stability == d.stability
                && description.equals(d.description) && schemaHash.equals(d.schemaHash)
                && params.equals(d.params) && maxConcurrent == d.maxConcurrent
                && trustRequired == d.trustRequired && timeout.equals(d.timeout)
                && idempotent == d.idempotent && requiresInternet == d.requiresInternet;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, schemaHash, params, maxConcurrent, trustRequired, timeout);
    }

    @Override
    public String toString() {
        return "CapabilityDescriptor[" + id() + ", " + schemaHash + "]";
    }

    /** Builds a {@link CapabilityDescriptor}; every setter validates its argument at once. */
    public static final class Builder {
        private final String name;
        private final Version version;
        private Stability stability = Stability.STABLE;
        private String description = "";
        private ObjectNode requestSchema;
        private ObjectNode responseSchema;
        private ObjectNode streamSchema;
        private ObjectNode params = Json.object();
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private TrustLevel trustRequired = TrustLevel.MEMBER;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean idempotent;
        private boolean requiresInternet;

        private Builder(String name, Version version) {
            this.name = Namespaces.check(name);
            this.version = Objects.requireNonNull(version, "version");
        }

        /** Stability; default {@link Stability#STABLE}. */
        public Builder stability(Stability stability) {
            this.stability = Objects.requireNonNull(stability, "stability");
            return this;
        }

        /** A one-line human-readable summary. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** JSON Schema (an object) of the call input. */
        public Builder requestSchema(JsonNode schema) {
            this.requestSchema = schema(schema, "request schema");
            return this;
        }

        /** JSON Schema (an object) of a unary reply. */
        public Builder responseSchema(JsonNode schema) {
            this.responseSchema = schema(schema, "response schema");
            return this;
        }

        /** JSON Schema (an object) of each stream frame's data; makes the capability a streaming one. */
        public Builder streamSchema(JsonNode schema) {
            this.streamSchema = schema(schema, "stream schema");
            return this;
        }

        /** Instance params (an object), e.g. {@code {"model": "llama3"}}. */
        public Builder params(JsonNode params) {
            this.params = Json.requireObject(params, "params").deepCopy();
            return this;
        }

        /** How many calls this node serves at once; at least 1. */
        public Builder maxConcurrent(int maxConcurrent) {
            if (maxConcurrent < 1) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "maxConcurrent must be at least 1, got " + maxConcurrent);
            }
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /** The trust level a caller needs; default {@link TrustLevel#MEMBER}. */
        public Builder trustRequired(TrustLevel trustRequired) {
            this.trustRequired = Objects.requireNonNull(trustRequired, "trustRequired");
            return this;
        }

        /** The default deadline of a call; positive. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Whether calling twice has the same effect as calling once. */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** Whether the capability needs the internet (withdrawn in emergency mode). */
        public Builder requiresInternet(boolean requiresInternet) {
            this.requiresInternet = requiresInternet;
            return this;
        }

        /** The immutable descriptor. */
        public CapabilityDescriptor build() {
            return new CapabilityDescriptor(this);
        }

        private static ObjectNode schema(JsonNode schema, String what) {
            if (schema == null || schema.isNull()) {
                return null;
            }
            return Json.requireObject(schema, what).deepCopy();
        }
    }
}
