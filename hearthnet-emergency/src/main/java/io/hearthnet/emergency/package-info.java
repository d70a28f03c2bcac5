/**
 * Emergency mode: notices when the internet fails and keeps the mesh honest about it.
 *
 * <p>{@link io.hearthnet.emergency.EmergencyExtension} attaches to a node. It probes a few targets
 * ({@link io.hearthnet.emergency.ProbeTargets}: DNS queries, HTTP(S) HEADs, TCP connects) every
 * 10 s while online and every 2 s otherwise, feeds the results to the online/degraded/offline state
 * machine (with debounce and anti-flap), and on each transition withdraws or restores the node's
 * internet-dependent capabilities, announces the new connectivity to the node's other extensions,
 * logs it and counts it. The state is available in-process on the
 * {@link io.hearthnet.emergency.StateBus} and as the node view {@code emergency}; it never travels
 * on the wire. Once online for 30 s it compares the local clock with an anchor's HTTP {@code Date}
 * and warns about skew beyond 60 s, without ever changing the clock.
 */
package io.hearthnet.emergency;
