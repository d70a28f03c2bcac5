package io.hearthnet.api.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Profile;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.SignedJson;
import io.hearthnet.api.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node's signed self-description ({@code GET /manifest}): who it is, where it is reached, what it
 * offers and how loaded it is. Valid for {@link #DEFAULT_TTL} after issue; nodes re-issue it
 * before then. Issue one with {@link #builder()}, read one with {@link #fromJson(JsonNode)} and
 * check it with {@link #verify(Clock)}.
 */
public final class NodeManifest {
    /** How long a manifest is valid after it is issued. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    /** How far in the future an issue time may lie (clock skew between nodes). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    private final NodeId nodeId;
    private final String displayName;
    private final String communityId;
    private final Profile profile;
    private final List<Endpoint> endpoints;
    private final List<ManifestCapability> capabilities;
    private final double load;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final ObjectNode json;

    private NodeManifest(ObjectNode json) {
        this.json = json;
        this.nodeId = NodeId.parse(ManifestFields.text(json, "node_id"));
        this.displayName = ManifestFields.text(json, "display_name");
        this.communityId = ManifestFields.text(json, "community_id");
        this.profile = Profile.fromWireName(ManifestFields.text(json, "profile"));
        List<Endpoint> eps = new ArrayList<>();
        for (JsonNode e : array(json, "endpoints")) {
            if (!e.isTextual()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest endpoints must be URI strings");
            }
            eps.add(Endpoint.parse(e.asText()));
        }
        this.endpoints = List.copyOf(eps);
        List<ManifestCapability> caps = new ArrayList<>();
        for (JsonNode c : array(json, "capabilities")) {
            caps.add(ManifestCapability.fromJson(c));
        }
        this.capabilities = List.copyOf(caps);
        if (!json.path("load").isNumber()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest field 'load' must be a number");
        }
        this.load = json.get("load").asDouble();
        if (!(load >= 0 && load <= 1)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest load must be between 0 and 1, got " + load);
        }
        this.issuedAt = ManifestFields.instant(json, "issued_at");
        this.expiresAt = ManifestFields.instant(json, "expires_at");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest expires_at must be after issued_at");
        }
        if (!json.path(SignedJson.FIELD).isTextual()) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "manifest has no signature");
        }
    }

    /** Starts a manifest. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a manifest's JSON, checking its structure (not its signature or expiry: see
     * {@link #verify(Clock)}). Unknown fields are kept and stay covered by the signature.
     */
    public static NodeManifest fromJson(JsonNode json) {
        return new NodeManifest(Json.requireObject(json, "manifest").deepCopy());
    }

    /**
     * Checks the signature against the node id's key and the validity window against {@code clock}.
     *
     * @throws HearthNetException {@code invalid_signature} for a bad signature, {@code expired}
     *         when expired or issued further in the future than the allowed clock skew
     */
    public NodeManifest verify(Clock clock) {
        SignedJson.verify(nodeId, json);
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt)) {
            throw new HearthNetException(ErrorCode.EXPIRED, "manifest of " + nodeId.shortForm() + " expired at " + expiresAt);
        }
        if (issuedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new HearthNetException(ErrorCode.EXPIRED, "manifest of " + nodeId.shortForm()
                    + " is issued at " + issuedAt + ", more than " + MAX_CLOCK_SKEW.toSeconds() + " s in the future");
        }
        return this;
    }

    /** Whether the manifest is past its expiry at {@code now}. */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The signed JSON (a copy). */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /** The issuing node. */
    public NodeId nodeId() {
        return nodeId;
    }

    /** The node's human-readable name. */
    public String displayName() {
        return displayName;
    }

    /** The node's community. */
    public String communityId() {
        return communityId;
    }

    /** The node's device profile. */
    public Profile profile() {
        return profile;
    }

    /** Where the node is reached. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** What the node offers. */
    public List<ManifestCapability> capabilities() {
        return capabilities;
    }

    /** The node's load, 0 (idle) to 1 (full). */
    public double load() {
        return load;
    }

    /** When it was issued. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** When it stops being valid. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The signature text. */
    public String signature() {
        return json.get(SignedJson.FIELD).asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeManifest m && json.equals(m.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "NodeManifest[" + nodeId.shortForm() + " '" + displayName + "', " + capabilities.size()
                + " capabilities, expires " + expiresAt + "]";
    }

    private static ArrayNode array(ObjectNode o, String field) {
        if (!o.path(field).isArray()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "manifest field '" + field + "' must be an array");
        }
        return (ArrayNode) o.get(field);
    }

    /** Builds and signs a {@link NodeManifest}. */
    public static final class Builder {
        private String displayName = "";
        private String communityId;
        private Profile profile = Profile.STANDARD;
        private List<Endpoint> endpoints = List.of();
        private List<ManifestCapability> capabilities = List.of();
        private double load;
        private Duration ttl = DEFAULT_TTL;

        private Builder() {}

        /** The node's human-readable name. */
        public Builder displayName(String displayName) {
            this.displayName = Objects.requireNonNull(displayName, "displayName");
            return this;
        }

        /** The node's community (required). */
        public Builder communityId(String communityId) {
            this.communityId = Objects.requireNonNull(communityId, "communityId");
            return this;
        }

        /** The node's device profile; default {@link Profile#STANDARD}. */
        public Builder profile(Profile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Where the node is reached. */
        public Builder endpoints(List<Endpoint> endpoints) {
            this.endpoints = List.copyOf(endpoints);
            return this;
        }

        /** What the node offers. */
        public Builder capabilities(List<ManifestCapability> capabilities) {
            this.capabilities = List.copyOf(capabilities);
            return this;
        }

        /** The node's load, 0 to 1. */
        public Builder load(double load) {
            if (!(load >= 0 && load <= 1)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "load must be between 0 and 1, got " + load);
            }
            this.load = load;
            return this;
        }

        /** How long the manifest stays valid; default {@link NodeManifest#DEFAULT_TTL}. */
        public Builder ttl(Duration ttl) {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "ttl must be positive");
            }
            this.ttl = ttl;
            return this;
        }

        /** Signs the manifest with {@code keys}, issued now by {@code clock}. */
        public NodeManifest issue(NodeKeyPair keys, Clock clock) {
            if (communityId == null) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "a manifest needs a community id");
            }
            Instant issued = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            ObjectNode o = Json.object();
            o.put("node_id", keys.nodeId().value());
            o.put("display_name", displayName);
            o.put("community_id", communityId);
            o.put("profile", profile.wireName());
            ArrayNode eps = o.putArray("endpoints");
            endpoints.forEach(e -> eps.add(e.toString()));
            ArrayNode caps = o.putArray("capabilities");
            capabilities.forEach(c -> caps.add(c.toJson()));
            o.put("load", load);
            o.put("issued_at", issued.toString());
            o.put("expires_at", issued.plus(ttl).toString());
            return new NodeManifest(SignedJson.sign(keys, o));
        }
    }
}
