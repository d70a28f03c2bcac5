package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.token.CapabilityToken;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a caller wants one call made: a deadline shorter than the capability's own, requested
 * params, a sticky session, a delegation token, a trace id to continue, or one node to call.
 * Immutable; {@link #defaults()} or {@link #builder()}.
 */
public final class CallOptions {
    /** Longest trace or session id (and request id on the wire) other nodes accept. */
    public static final int MAX_ID_LENGTH = 128;

    private static final CallOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final ObjectNode params;
    private final String sessionId;
    private final CapabilityToken token;
    private final String traceId;
    private final NodeId targetNode;

    private CallOptions(Builder b) {
        this.timeout = b.timeout;
        this.params = b.params;
        this.sessionId = b.sessionId;
        this.token = b.token;
        this.traceId = b.traceId;
        this.targetNode = b.targetNode;
    }

    /** No options: the capability's timeout, no params, no session, no token. */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The caller's own timeout, if shorter than the capability's. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Requested instance params (a copy). */
    public ObjectNode params() {
        return params.deepCopy();
    }

    /** The sticky-routing session. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** The delegation token to present. */
    public Optional<CapabilityToken> token() {
        return Optional.ofNullable(token);
    }

    /** The trace id to continue. */
    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    /** The one node that must serve the call, if the caller pins it. */
    public Optional<NodeId> targetNode() {
        return Optional.ofNullable(targetNode);
    }

    /** Builds {@link CallOptions}. */
    public static final class Builder {
        private Duration timeout;
        private ObjectNode params = Json.object();
        private String sessionId;
        private CapabilityToken token;
        private String traceId;
        private NodeId targetNode;

        private Builder() {}

        /** A positive timeout; the shorter of this and the capability's applies. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Requested instance params; a provider's params predicate decides if it can serve them. */
        public Builder params(ObjectNode params) {
            this.params = Objects.requireNonNull(params, "params").deepCopy();
            return this;
        }

        /** Binds the call to a sticky session; 1 to 128 characters, as other nodes accept. */
        public Builder sessionId(String sessionId) {
            this.sessionId = bounded(Objects.requireNonNull(sessionId, "sessionId"), "session id");
            return this;
        }

        private static String bounded(String id, String what) {
            if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must be 1 to "
                        + MAX_ID_LENGTH + " characters");
            }
            return id;
        }

        /** A delegation token to present. */
        public Builder token(CapabilityToken token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /** Continues an existing trace; 1 to 128 characters, as other nodes accept. */
        public Builder traceId(String traceId) {
            this.traceId = bounded(Objects.requireNonNull(traceId, "traceId"), "trace id");
            return this;
        }

        /** Only this node may serve the call. */
        public Builder targetNode(NodeId node) {
            this.targetNode = Objects.requireNonNull(node, "node");
            return this;
        }

        /** The options. */
        public CallOptions build() {
            return new CallOptions(this);
        }
    }
}
