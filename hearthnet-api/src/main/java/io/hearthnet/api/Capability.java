package io.hearthnet.api;

import java.util.Objects;

/**
 * One capability a service offers: its descriptor, its handler, and the predicate that decides
 * which requested params it can serve.
 *
 * @param descriptor       the contract
 * @param handler          serves the calls
 * @param paramsCompatible decides whether requested params can be served
 */
public record Capability(CapabilityDescriptor descriptor, CapabilityHandler handler, ParamsPredicate paramsCompatible) {
    /** Checks every component is present. */
    public Capability {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(paramsCompatible, "paramsCompatible");
    }

    /** A capability that accepts any requested params. */
    public static Capability of(CapabilityDescriptor descriptor, CapabilityHandler handler) {
        return new Capability(descriptor, handler, ParamsPredicate.ACCEPT_ALL);
    }
}
