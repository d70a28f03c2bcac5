/**
 * Finding peers on the LAN with zero configuration, and forgetting them when they stop refreshing.
 *
 * <p>{@link io.hearthnet.discovery.DiscoveryExtension} attaches to a node: it announces the node over
 * mDNS ({@code _hearthnet._tcp.local.}, through jmDNS) and UDP multicast, turns other nodes'
 * announcements into manifest fetches, verifies each manifest (signature, expiry, announced node id,
 * first-seen key pin, same community) before the peer enters the
 * {@link io.hearthnet.discovery.PeerRegistry} and the bus, refetches manifests before they expire,
 * stops routing to peers whose manifest expired unrefreshed and prunes them after 90 s (30 s while
 * offline). Either channel may fail without stopping the other.
 */
package io.hearthnet.discovery;
