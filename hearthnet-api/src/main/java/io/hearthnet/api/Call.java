package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.token.CapabilityToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One capability call as a handler receives it (and as the bus hands it to a transport): what is
 * called, with which params and input, by whom, under which trace and session, until when, and
 * with which delegation token.
 *
 * @param capability the capability name
 * @param version    the version the caller requested (the handler's offer satisfies it)
 * @param params     requested instance params, possibly empty
 * @param input      the call input
 * @param caller     the node that made the call (verified by the transport for remote calls)
 * @param traceId    identifies the call across hops, for traces and logs
 * @param sessionId  a session for sticky routing, if the caller gave one
 * @param deadline   when the caller stops waiting
 * @param token      a verified capability token presented with the call, if any
 */
public record Call(String capability, Version version, ObjectNode params, ObjectNode input, NodeId caller,
                   String traceId, Optional<String> sessionId, Instant deadline, Optional<CapabilityToken> token) {

    /** Checks that every component is present. */
    public Call {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(token, "token");
    }

    /** Starts a call of {@code capability} at {@code version} by {@code caller}. */
    public static Builder builder(String capability, Version version, NodeId caller) {
        return new Builder(capability, version, caller);
    }

    /** A copy with another deadline. */
    public Call withDeadline(Instant newDeadline) {
        return new Call(capability, version, params, input, caller, traceId, sessionId, newDeadline, token);
    }

    /** A copy with another input. */
    public Call withInput(ObjectNode newInput) {
        return new Call(capability, version, params, newInput, caller, traceId, sessionId, deadline, token);
    }

    /** Builds a {@link Call}; input and params default to empty objects, the trace id to a random one. */
    public static final class Builder {
        private final String capability;
        private final Version version;
        private final NodeId caller;
        private ObjectNode params = Json.object();
        private ObjectNode input = Json.object();
        private String traceId;
        private String sessionId;
        private Instant deadline;
        private CapabilityToken token;

        private Builder(String capability, Version version, NodeId caller) {
            this.capability = capability;
            this.version = version;
            this.caller = caller;
        }

        /** Requested instance params. */
        public Builder params(ObjectNode params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        /** The call input. */
        public Builder input(ObjectNode input) {
            this.input = Objects.requireNonNull(input, "input");
            return this;
        }

        /** The trace id. */
        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        /** The sticky-routing session. */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** When the caller stops waiting (required). */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /** A verified delegation token. */
        public Builder token(CapabilityToken token) {
            this.token = token;
            return this;
        }

        /** The call. */
        public Call build() {
            return new Call(capability, version, params, input, caller,
                    traceId == null ? UUID.randomUUID().toString() : traceId,
                    Optional.ofNullable(sessionId), deadline, Optional.ofNullable(token));
        }
    }
}
