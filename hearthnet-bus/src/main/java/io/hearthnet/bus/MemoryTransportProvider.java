package io.hearthnet.bus;

import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.spi.TransportProvider;

/**
 * Provides the in-memory transport, scheme {@code mem}: nodes in one JVM call each other without
 * sockets, but like over a network (bodies serialised, envelopes signed and verified, replays and
 * other communities refused). Settings: {@code mem.network} (default {@code default}) and
 * {@code mem.name} (default: the node id). Not listed for {@link java.util.ServiceLoader}: pass it
 * to the node builder explicitly.
 */
public final class MemoryTransportProvider implements TransportProvider {
    /** The scheme. */
    public static final String SCHEME = "mem";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Transport create(TransportContext context) {
        return new MemoryTransport(context);
    }
}
