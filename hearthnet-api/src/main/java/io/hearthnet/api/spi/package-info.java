/**
 * The extension points of a node: {@link io.hearthnet.api.spi.Service services} that offer
 * capabilities, {@link io.hearthnet.api.spi.TransportProvider transports} found with
 * {@link java.util.ServiceLoader}, {@link io.hearthnet.api.spi.NodeExtension node extensions}
 * (discovery, emergency mode, relay), {@link io.hearthnet.api.spi.Probe probes} and the
 * {@link io.hearthnet.api.spi.TrustPolicy trust policy}.
 */
package io.hearthnet.api.spi;
