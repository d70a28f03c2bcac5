package io.hearthnet.api.spi;

/**
 * Creates {@link Transport}s of one scheme. Implementations are found with
 * {@link java.util.ServiceLoader} through {@code META-INF/services/io.hearthnet.api.spi.TransportProvider},
 * so a transport module on the classpath is all an application needs; transports passed to the
 * node builder explicitly take precedence over discovered ones of the same scheme.
 */
public interface TransportProvider {
    /** The scheme of the transports this provider makes, e.g. {@code http}. */
    String scheme();

    /** A new, not yet started transport for one node. */
    Transport create(TransportContext context);
}
