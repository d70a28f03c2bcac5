package io.hearthnet.discovery;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/**
 * The network interface and IPv4 address discovery multicasts on.
 *
 * @param nic     the interface (multicast joins and sends go through it only)
 * @param address its IPv4 address (jmDNS binds to it)
 */
record NetworkChoice(NetworkInterface nic, InetAddress address) {
    /**
     * Resolves the configured interface name or address; with neither, the first interface that is
     * up, not loopback, not virtual, multicast-capable and has an IPv4 address (the LAN).
     *
     * @throws HearthNetException {@code partition} when no usable interface is there
     */
    static NetworkChoice resolve(Optional<String> interfaceName, Optional<InetAddress> bindAddress) {
        try {
            NetworkChoice choice;
            if (interfaceName.isPresent()) {
                NetworkInterface nic = NetworkInterface.getByName(interfaceName.get());
                if (nic == null) {
                    throw unusable("there is no network interface named '" + interfaceName.get() + "'");
                }
                choice = new NetworkChoice(nic, ipv4Of(nic).orElseThrow(() ->
                        unusable("network interface '" + nic.getName() + "' has no IPv4 address")));
            } else if (bindAddress.isPresent()) {
                NetworkInterface nic = NetworkInterface.getByInetAddress(bindAddress.get());
                if (nic == null) {
                    throw unusable("no network interface has the address " + bindAddress.get().getHostAddress());
                }
                choice = new NetworkChoice(nic, bindAddress.get());
            } else {
                choice = lan().orElseThrow(() -> unusable("no network interface is up, multicast-capable and"
                        + " has an IPv4 address; configure discovery's interface name or bind address"));
            }
            if (!choice.nic.isUp()) {
                throw unusable("network interface '" + choice.nic.getName() + "' is down");
            }
            if (!choice.nic.supportsMulticast()) {
                throw unusable("network interface '" + choice.nic.getName() + "' does not support multicast"
                        + (choice.nic.isLoopback() ? " (as root: ip link set " + choice.nic.getName() + " multicast on)" : ""));
            }
            return choice;
        } catch (SocketException e) {
            throw new HearthNetException(ErrorCode.PARTITION, "cannot list network interfaces: " + e.getMessage(), e);
        }
    }

    private static Optional<NetworkChoice> lan() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback() && !nic.isVirtual() && !nic.isPointToPoint() && nic.supportsMulticast()) {
                Optional<InetAddress> v4 = ipv4Of(nic);
                if (v4.isPresent()) {
                    return Optional.of(new NetworkChoice(nic, v4.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> ipv4Of(NetworkInterface nic) {
        return Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address).findFirst();
    }

    private static HearthNetException unusable(String message) {
        return new HearthNetException(ErrorCode.PARTITION, message);
    }

    @Override
    public String toString() {
        return nic.getName() + "/" + address.getHostAddress();
    }
}
