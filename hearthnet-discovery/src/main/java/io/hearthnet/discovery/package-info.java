/**
 * Finding peers on the LAN: a peer registry, mDNS (jmDNS) and UDP multicast announcers and listeners, manifest fetch and verification, stale-peer pruning.
 */
package io.hearthnet.discovery;
