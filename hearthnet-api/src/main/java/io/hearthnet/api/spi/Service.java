package io.hearthnet.api.spi;

import io.hearthnet.api.Capability;
import io.hearthnet.api.Version;
import java.util.List;

/**
 * A bundle of capabilities a node offers (chat, marketplace, a host app's own). The node starts
 * the service with its context, then registers {@link #capabilities()} on the bus; on close it
 * deregisters them and stops the service. Services never import each other: they call through
 * {@link ServiceContext#caller()}.
 */
public interface Service {
    /** A short, unique name; also the service's folder under the data dir. */
    String name();

    /** The service's own version. */
    Version version();

    /** Gets ready to serve; everything the service needs comes from {@code context}. */
    default void start(ServiceContext context) throws Exception {}

    /** The capabilities to register; called after {@link #start}. */
    List<Capability> capabilities();

    /** Releases what {@link #start} acquired; called once, after deregistration. */
    default void stop() throws Exception {}

    /** Current health, for the node's health endpoint. */
    default ServiceHealth health() {
        return ServiceHealth.UP;
    }
}
