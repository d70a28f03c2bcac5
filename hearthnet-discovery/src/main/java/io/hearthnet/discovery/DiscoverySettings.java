package io.hearthnet.discovery;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Discovery's configuration, checked by {@link DiscoveryExtension.Builder}.
 *
 * @param interfaceName        network interface to multicast on, by name
 * @param bindAddress          or by one of its IPv4 addresses
 * @param mdns                 whether mDNS runs
 * @param udp                  whether the UDP fallback runs
 * @param group                UDP multicast group
 * @param port                 UDP port
 * @param clock                clock for TTLs and pruning; empty: the node's
 * @param fastAnnounce         UDP announce period while fewer than 2 peers are known or offline
 * @param slowAnnounce         UDP announce period otherwise
 * @param maintenance          how often manifests are checked for refresh, expiry and pruning
 * @param refreshBefore        a manifest with this little time left is fetched again
 * @param pruneAfter           a peer not verified for this long is pruned
 * @param aggressivePruneAfter the same while pruning is aggressive (connectivity offline)
 * @param peerCapacity         most peers kept
 */
record DiscoverySettings(Optional<String> interfaceName, Optional<InetAddress> bindAddress, boolean mdns, boolean udp,
                         InetAddress group, int port, Optional<Clock> clock, Duration fastAnnounce, Duration slowAnnounce,
                         Duration maintenance, Duration refreshBefore, Duration pruneAfter, Duration aggressivePruneAfter,
                         int peerCapacity) {
}
