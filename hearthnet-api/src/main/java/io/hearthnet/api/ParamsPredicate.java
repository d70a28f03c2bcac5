package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Decides whether a capability instance with the offered params can serve a call that requests
 * certain params (e.g. a requested model). The router skips providers whose predicate says no.
 */
@FunctionalInterface
public interface ParamsPredicate {
    /** Accepts every request. */
    ParamsPredicate ACCEPT_ALL = (offered, requested) -> true;

    /**
     * Accepts a request when every requested param is offered with an equal value
     * (requested params the offer does not mention are refused).
     */
    ParamsPredicate EQUAL_VALUES = (offered, requested) -> {
        var names = requested.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!requested.get(name).equals(offered.get(name))) {
                return false;
            }
        }
        return true;
    };

    /** Whether the offer can serve the request. */
    boolean test(ObjectNode offered, ObjectNode requested);
}
