package io.hearthnet.relay;

import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.spi.TransportProvider;

/**
 * Provides the {@link RelayTransport}, scheme {@code relay}, configured by the node's
 * {@code relay.*} settings ({@code relay.url} names the hub; without it the transport is idle).
 * Listed in {@code META-INF/services}, so this module on the classpath is enough: the hub's members
 * become peers of the node's bus.
 */
public final class RelayTransportProvider implements TransportProvider {
    /** The scheme. */
    public static final String SCHEME = RelayTransport.SCHEME;

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** A new transport; malformed {@code relay.*} settings are {@code bad_request}. */
    @Override
    public Transport create(TransportContext context) {
        return new RelayTransport(context, RelaySettings.fromSettings(context.settings()));
    }
}
