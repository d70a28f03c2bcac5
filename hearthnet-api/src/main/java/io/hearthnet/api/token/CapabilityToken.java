package io.hearthnet.api.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.Signatures;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * A delegation: the issuer lets the subject call capabilities within a scope, at an audience
 * (one node, or every node of a community), for a time window. Encoded as
 * {@code hntoken://v1/<header>.<payload>.<signature>}, each part base64url without padding; header
 * and payload are canonical JSON, the Ed25519 signature covers the ASCII text
 * {@code <header>.<payload>}. Times are whole seconds since the epoch ({@code iat nbf exp}).
 */
public final class CapabilityToken {
    /** The URI prefix of an encoded token. */
    public static final String PREFIX = "hntoken://v1/";
    /** Longest encoded token accepted. */
    public static final int MAX_ENCODED_LENGTH = 8 * 1024;
    /** Clock skew tolerated on {@code nbf} and {@code exp}. */
    public static final Duration LEEWAY = Duration.ofSeconds(5);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final ObjectNode HEADER = Json.object().put("alg", "EdDSA").put("typ", "hntoken").put("v", 1);
    /** 9999-12-31T23:59:59Z: later times are refused rather than overflowing {@link Instant}. */
    private static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private final NodeId issuer;
    private final NodeId subject;
    private final String audience;
    private final Instant issuedAt;
    private final Instant notBefore;
    private final Instant expiresAt;
    private final String tokenId;
    private final TokenScope scope;
    private final String encoded;
    private final byte[] signedPart;
    private final byte[] signature;

    private CapabilityToken(ObjectNode payload, String encoded, byte[] signedPart, byte[] signature) {
        this.issuer = NodeId.parse(text(payload, "iss"));
        this.subject = NodeId.parse(text(payload, "sub"));
        this.audience = text(payload, "aud");
        this.issuedAt = seconds(payload, "iat");
        this.notBefore = seconds(payload, "nbf");
        this.expiresAt = seconds(payload, "exp");
        this.tokenId = text(payload, "jti");
        this.scope = TokenScope.fromJson(payload.path("scope"));
        if (!expiresAt.isAfter(notBefore)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "token exp must be after nbf");
        }
        this.encoded = encoded;
        this.signedPart = signedPart;
        this.signature = signature;
    }

    /** Starts a token issued by {@code issuer} for {@code subject}. */
    public static Builder builder(NodeKeyPair issuer, NodeId subject) {
        return new Builder(issuer, subject);
    }

    /**
     * Decodes a token and checks its structure (not its signature or validity window: see
     * {@link #verify(Clock)}).
     *
     * @throws HearthNetException {@code bad_request} naming what is malformed
     */
    public static CapabilityToken decode(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "a capability token starts with '" + PREFIX + "'");
        }
        if (text.length() > MAX_ENCODED_LENGTH) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "capability token is longer than " + MAX_ENCODED_LENGTH + " characters");
        }
        String body = text.substring(PREFIX.length());
        String[] parts = body.split("\\.", -1);
        if (parts.length != 3) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "a capability token has three dot-separated parts (header.payload.signature), got " + parts.length);
        }
        ObjectNode header = Json.requireObject(json(part(parts[0], "header"), "header"), "token header");
        if (!HEADER.equals(header)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "token header must be {\"alg\":\"EdDSA\",\"typ\":\"hntoken\",\"v\":1}, got " + Json.write(header));
        }
        ObjectNode payload = Json.requireObject(json(part(parts[1], "payload"), "payload"), "token payload");
        byte[] sig = part(parts[2], "signature");
        if (sig.length != 64) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "token signature must be 64 bytes, got " + sig.length);
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new CapabilityToken(payload, text, signed, sig);
    }

    /**
     * Checks the issuer's signature and the validity window.
     *
     * @throws HearthNetException {@code invalid_signature}, {@code expired} once past {@code exp},
     *         or {@code unauthorized} before {@code nbf}
     */
    public CapabilityToken verify(Clock clock) {
        if (!Signatures.verify(issuer, signedPart, signature)) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "capability token " + tokenId + " has a bad signature");
        }
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt.plus(LEEWAY))) {
            throw new HearthNetException(ErrorCode.EXPIRED, "capability token " + tokenId + " expired at " + expiresAt);
        }
        if (now.plus(LEEWAY).isBefore(notBefore)) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "capability token " + tokenId + " is not valid before " + notBefore);
        }
        return this;
    }

    /**
     * Checks everything a provider must check before honouring the token for one call: signature,
     * window, that {@code caller} holds it, that it is meant for this node or community, and that
     * its scope covers the capability, version and params.
     *
     * @throws HearthNetException with {@code invalid_signature}, {@code expired} or {@code unauthorized}
     */
    public CapabilityToken authorize(Clock clock, NodeId caller, NodeId provider, String communityId,
                                     String capability, Version version, ObjectNode params) {
        verify(clock);
        if (!subject.equals(caller)) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "capability token " + tokenId + " was issued to "
                    + subject.shortForm() + ", not to the caller " + caller.shortForm());
        }
        if (!audience.equals(provider.value()) && !audience.equals(communityId)) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "capability token " + tokenId
                    + " is for audience '" + audience + "', not this node or community");
        }
        if (!scope.covers(capability, version, params)) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "capability token " + tokenId
                    + " does not cover " + capability + "@" + version + " with params " + Json.write(params));
        }
        return this;
    }

    /** The {@code hntoken://v1/...} text. */
    public String encoded() {
        return encoded;
    }

    /** Who issued (and signed) the token. */
    public NodeId issuer() {
        return issuer;
    }

    /** Who may present it. */
    public NodeId subject() {
        return subject;
    }

    /** The node id or community id where it may be presented. */
    public String audience() {
        return audience;
    }

    /** When it was issued. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** When it becomes valid. */
    public Instant notBefore() {
        return notBefore;
    }

    /** When it stops being valid. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Its unique id. */
    public String tokenId() {
        return tokenId;
    }

    /** What it allows. */
    public TokenScope scope() {
        return scope;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilityToken t && encoded.equals(t.encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    @Override
    public String toString() {
        return "CapabilityToken[" + tokenId + " " + issuer.shortForm() + " → " + subject.shortForm() + ", exp " + expiresAt + "]";
    }

    private static byte[] part(String b64, String what) {
        if (b64.isEmpty()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "token " + what + " is empty");
        }
        try {
            return B64D.decode(b64);
        } catch (IllegalArgumentException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "token " + what + " is not base64url: " + e.getMessage(), e);
        }
    }

    private static JsonNode json(byte[] utf8, String what) {
        try {
            return Json.parse(utf8);
        } catch (HearthNetException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "token " + what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(ObjectNode payload, String field) {
        if (!payload.path(field).isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "token payload field '" + field + "' must be a string");
        }
        return payload.get(field).asText();
    }

    private static Instant seconds(ObjectNode payload, String field) {
        JsonNode n = payload.path(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > MAX_EPOCH_SECONDS) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "token payload field '" + field + "' must be whole seconds since the epoch");
        }
        return Instant.ofEpochSecond(n.asLong());
    }

    /** Issues a {@link CapabilityToken}. */
    public static final class Builder {
        private final NodeKeyPair issuer;
        private final NodeId subject;
        private String audience;
        private TokenScope scope;
        private Instant notBefore;
        private Duration lifetime = Duration.ofHours(1);
        private String tokenId;

        private Builder(NodeKeyPair issuer, NodeId subject) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.subject = Objects.requireNonNull(subject, "subject");
        }

        /** The provider node where the token may be presented. */
        public Builder audience(NodeId provider) {
            this.audience = provider.value();
            return this;
        }

        /** Every node of this community accepts the token. */
        public Builder audienceCommunity(String communityId) {
            this.audience = Objects.requireNonNull(communityId, "communityId");
            return this;
        }

        /** What the token allows (required). */
        public Builder scope(TokenScope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** When it becomes valid; default: when issued. */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            return this;
        }

        /** How long it stays valid after {@code nbf}; default one hour. */
        public Builder lifetime(Duration lifetime) {
            if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "token lifetime must be positive");
            }
            this.lifetime = lifetime;
            return this;
        }

        /** Its id; default a random UUID. */
        public Builder tokenId(String tokenId) {
            this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
            return this;
        }

        /** Signs the token, issued now by {@code clock}. */
        public CapabilityToken issue(Clock clock) {
            if (audience == null || scope == null) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "a token needs an audience and a scope");
            }
            long iat = clock.instant().getEpochSecond();
            long nbf = notBefore == null ? iat : notBefore.getEpochSecond();
            ObjectNode payload = Json.object();
            payload.put("iss", issuer.nodeId().value());
            payload.put("sub", subject.value());
            payload.put("aud", audience);
            payload.put("iat", iat);
            payload.put("nbf", nbf);
            payload.put("exp", nbf + Math.max(1, lifetime.toSeconds()));
            payload.put("jti", tokenId == null ? UUID.randomUUID().toString() : tokenId);
            payload.set("scope", scope.toJson());
            String head = B64.encodeToString(CanonicalJson.bytes(HEADER));
            String body = B64.encodeToString(CanonicalJson.bytes(payload));
            byte[] signed = (head + "." + body).getBytes(StandardCharsets.US_ASCII);
            byte[] sig = issuer.sign(signed);
            return new CapabilityToken(payload, PREFIX + head + "." + body + "." + B64.encodeToString(sig), signed, sig);
        }
    }
}
