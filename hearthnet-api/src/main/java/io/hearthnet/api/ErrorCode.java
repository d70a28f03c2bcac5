package io.hearthnet.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every error a HearthNet call can end in: the contract's thirteen wire codes with their HTTP
 * status and whether a caller may retry, plus two registration-time codes that never travel.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400, false, true),
    SCHEMA_MISMATCH("schema_mismatch", 400, false, true),
    INVALID_SIGNATURE("invalid_signature", 401, false, true),
    UNAUTHORIZED("unauthorized", 401, false, true),
    REVOKED("revoked", 403, false, true),
    NOT_FOUND("not_found", 404, false, true),
    TIMEOUT("timeout", 408, true, true),
    EXPIRED("expired", 410, false, true),
    RATE_LIMITED("rate_limited", 429, true, true),
    CAPACITY_EXCEEDED("capacity_exceeded", 429, true, true),
    INTERNAL_ERROR("internal_error", 500, false, true),
    NOT_IMPLEMENTED("not_implemented", 501, false, true),
    PARTITION("partition", 503, true, true),
    /** A descriptor's schema is not itself a valid JSON Schema (registration only). */
    SCHEMA_INVALID("schema_invalid", 400, false, false),
    /** A capability name outside the allowed namespaces (registration only). */
    NAMESPACE_VIOLATION("namespace_violation", 400, false, false);

    private static final Map<String, ErrorCode> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::wireName, Function.identity()));

    private final String wireName;
    private final int httpStatus;
    private final boolean retryable;
    private final boolean wireCode;

    ErrorCode(String wireName, int httpStatus, boolean retryable, boolean wireCode) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.wireCode = wireCode;
    }

    /** The code as written in error bodies, e.g. {@code "capacity_exceeded"}. */
    public String wireName() {
        return wireName;
    }

    /** The HTTP status that carries this code. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the same call may succeed if tried again later. */
    public boolean retryable() {
        return retryable;
    }

    /** Whether this is one of the contract's codes that travel on the wire. */
    public boolean isWireCode() {
        return wireCode;
    }

    /** Looks a code up by its wire name. */
    public static Optional<ErrorCode> fromWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
