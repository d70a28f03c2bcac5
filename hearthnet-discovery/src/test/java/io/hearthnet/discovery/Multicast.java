package io.hearthnet.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes sure multicast works on the loopback interface before a test relies on it, and fails the
 * test loudly (never skips it) naming the commands that enable it.
 */
final class Multicast {
    static final String HOW_TO = "multicast on the loopback interface is unavailable; as root run"
            + " `ip link set lo multicast on` and `ip route replace 224.0.0.0/4 dev lo` (or .ci/setup-multicast)";

    private static volatile boolean checked;

    private Multicast() {}

    /** Fails with {@link #HOW_TO} unless a datagram sent to a group on {@code lo} comes back. */
    static synchronized void requireOnLoopback() {
        if (checked) {
            return;
        }
        try {
            NetworkInterface lo = NetworkInterface.getByName("lo");
            if (lo == null || !lo.isUp() || !lo.supportsMulticast()) {
                throw new AssertionError(HOW_TO + " (interface lo: " + lo + ")");
            }
            InetAddress group = InetAddress.getByName("239.255.72." + ThreadLocalRandom.current().nextInt(1, 255));
            try (MulticastSocket s = new MulticastSocket(null)) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(0));
                int port = s.getLocalPort();
                s.setNetworkInterface(lo);
                s.setTimeToLive(1);
                s.joinGroup(new InetSocketAddress(group, port), lo);
                s.setSoTimeout(2_000);
                byte[] probe = ("probe-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(probe, probe.length, group, port));
                DatagramPacket back = new DatagramPacket(new byte[64], 64);
                s.receive(back);
            }
            checked = true;
        } catch (SocketTimeoutException e) {
            throw new AssertionError(HOW_TO + " (a probe sent to a group on lo never came back)", e);
        } catch (IOException e) {
            throw new AssertionError(HOW_TO + " (" + e + ")", e);
        }
    }
}
