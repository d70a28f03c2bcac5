package io.hearthnet.api.spi;

import java.util.Objects;

/**
 * A service's health as the node reports it.
 *
 * @param up     whether the service can serve calls
 * @param detail a short human-readable explanation, empty when healthy
 */
public record ServiceHealth(boolean up, String detail) {
    /** Healthy. */
    public static final ServiceHealth UP = new ServiceHealth(true, "");

    /** Checks the detail is present. */
    public ServiceHealth {
        Objects.requireNonNull(detail, "detail");
    }

    /** Unhealthy for the reason given. */
    public static ServiceHealth down(String detail) {
        return new ServiceHealth(false, detail);
    }
}
