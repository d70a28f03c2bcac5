package io.hearthnet.discovery;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.HearthNetException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.StandardSocketOptions;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP multicast fallback: one socket bound to the group's port with address reuse (so several
 * nodes on a host share it), joined to the group on the chosen interface only, a listener thread
 * that turns announcements into sightings, and sends with TTL 1 through that interface.
 */
final class UdpChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpChannel.class);

    private final InetAddress group;
    private final int port;
    private final String threadName;
    private final Consumer<Sighting> sightings;
    private final Failures failures;
    private final DiscoveryMetrics metrics;

    private MulticastSocket socket;
    private Thread listener;
    private volatile boolean broken;

    UdpChannel(InetAddress group, int port, String threadName, Consumer<Sighting> sightings, Failures failures,
               DiscoveryMetrics metrics) {
        this.group = group;
        this.port = port;
        this.threadName = threadName;
        this.sightings = sightings;
        this.failures = failures;
        this.metrics = metrics;
    }

    /** Opens the socket and starts listening; a no-op when open and healthy. */
    synchronized void open(NetworkChoice net) throws IOException {
        if (socket != null && !broken) {
            return;
        }
        close();
        MulticastSocket s = new MulticastSocket(null);
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            s.setNetworkInterface(net.nic());
            s.setTimeToLive(1);
            s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            s.joinGroup(new InetSocketAddress(group, port), net.nic());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
        broken = false;
        listener = new Thread(() -> listen(s), threadName);
        listener.setDaemon(true);
        listener.start();
        LOG.info("UDP discovery on {}:{} via {}", group.getHostAddress(), port, net);
    }

    /** Whether the socket is open and its listener alive. */
    synchronized boolean isOpen() {
        return socket != null && !broken;
    }

    /** Sends one announcement to the group. */
    void send(UdpAnnouncement announcement) throws IOException {
        byte[] bytes = announcement.encode();
        MulticastSocket s;
        synchronized (this) {
            s = socket;
        }
        if (s == null) {
            throw new IOException("the UDP discovery socket is not open");
        }
        s.send(new DatagramPacket(bytes, bytes.length, group, port));
    }

    private void listen(MulticastSocket s) {
        byte[] buffer = new byte[UdpAnnouncement.MAX_BYTES + 1];
        while (!s.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                s.receive(packet);
            } catch (IOException e) {
                if (!s.isClosed()) {
                    broken = true;
                    failures.report("udp", "udp-listen", "the UDP discovery listener on " + group.getHostAddress() + ":" + port
                            + " failed; it is reopened on the next announcement", e);
                }
                return;
            }
            handle(packet);
        }
    }

    private void handle(DatagramPacket packet) {
        String from = packet.getAddress().getHostAddress();
        try {
            UdpAnnouncement a = UdpAnnouncement.decode(packet.getData(), packet.getOffset(), packet.getLength());
            Endpoint endpoint = Endpoint.parse("http://" + (from.indexOf(':') >= 0 ? "[" + from + "]" : from) + ":" + a.port());
            sightings.accept(new Sighting(Channel.UDP, a.node(), a.communityId(), endpoint, a.fingerprint() + "@" + from));
            failures.recovered("udp-malformed:" + from, "UDP announcements from " + from + " are readable again");
        } catch (HearthNetException e) {
            metrics.inc(DiscoveryMetrics.REJECTED, "reason", "malformed_announcement");
            failures.report("udp", "udp-malformed:" + from, "ignoring a malformed UDP announcement from " + from, e);
        } catch (RuntimeException e) {
            failures.report("udp", "udp-handle", "could not handle a UDP announcement from " + from, e);
        }
    }

    /** Closes the socket and waits for the listener thread to end. */
    @Override
    public synchronized void close() {
        MulticastSocket s = socket;
        Thread t = listener;
        socket = null;
        listener = null;
        if (s != null) {
            s.close();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("the UDP discovery listener {} did not stop within 5 s", t.getName());
            }
        }
    }
}
