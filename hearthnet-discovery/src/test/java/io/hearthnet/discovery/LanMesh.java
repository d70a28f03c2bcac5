package io.hearthnet.discovery;

import io.hearthnet.api.Capability;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.transport.http.HttpTransportConfig;
import io.hearthnet.transport.http.HttpTransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Real nodes on one host: HTTP on 127.0.0.1 (free ports) and discovery multicasting on the loopback
 * interface only, in a community and on a UDP group and port of their own so parallel runs and
 * other meshes never mix.
 */
final class LanMesh implements AutoCloseable {
    /** One node with its discovery. */
    record Member(HearthNode node, DiscoveryExtension discovery) {
        NodeId id() {
            return node.nodeId();
        }

        /** Whether this node's bus has remote entries of {@code other} (or {@code other} offers nothing). */
        boolean routesTo(Member other) {
            return node.isRunning() && (node.bus().registry().peers().contains(other.id())
                    || other.node().isRunning() && other.node().manifest().capabilities().isEmpty());
        }

        /** Whether discovery verified {@code other}. */
        boolean knows(Member other) {
            return discovery.peers().get(other.id()).isPresent();
        }
    }

    final String community = "lan-" + UUID.randomUUID();
    final String group = "239.255.73." + ThreadLocalRandom.current().nextInt(1, 255);
    final int udpPort = freeUdpPort();
    final List<Member> members = new ArrayList<>();
    private final Path dir;

    LanMesh(Path dir) {
        Multicast.requireOnLoopback();
        this.dir = dir;
    }

    /** Discovery on loopback with this mesh's group and port. */
    DiscoveryExtension.Builder discovery() {
        return DiscoveryExtension.builder().bindAddress("127.0.0.1").group(group).port(udpPort);
    }

    /** A node builder on HTTP 127.0.0.1 in this mesh's community, not yet with discovery. */
    HearthNode.Builder nodeBuilder(String name, Capability... capabilities) {
        HearthNode.Builder b = HearthNode.builder().keys(NodeKeyPair.generate()).dataDir(dir.resolve(name))
                .displayName(name).communityId(community).clock(Clock.systemUTC()).discoverTransports(false)
                .transport(new HttpTransportProvider(HttpTransportConfig.builder().port(0).bindAddress("127.0.0.1").build()));
        for (Capability c : capabilities) {
            b.capability(c);
        }
        return b;
    }

    /** A started node with default discovery. */
    Member start(String name, Capability... capabilities) {
        return start(nodeBuilder(name, capabilities), discovery());
    }

    /** A started node with the given discovery. */
    Member start(String name, Consumer<DiscoveryExtension.Builder> tweak, Capability... capabilities) {
        DiscoveryExtension.Builder d = discovery();
        tweak.accept(d);
        return start(nodeBuilder(name, capabilities), d);
    }

    Member start(HearthNode.Builder node, DiscoveryExtension.Builder discovery) {
        DiscoveryExtension ext = discovery.build();
        HearthNode n = node.extension(ext).build();
        n.start();
        Member m = new Member(n, ext);
        members.add(m);
        return m;
    }

    /** Waits until every member verified and routes to every other. */
    Duration awaitFullMesh(Duration timeout) {
        return Await.until(members.size() + " nodes to know each other", timeout, () -> members.stream()
                .allMatch(a -> members.stream().allMatch(b -> a == b || (a.knows(b) && a.routesTo(b)))));
    }

    /** Closes the nodes in parallel (each jmDNS goodbye takes about 2 s). */
    static void closeAll(List<Member> ms) {
        List<Thread> closers = new ArrayList<>();
        for (Member m : ms) {
            Thread t = new Thread(m.node()::close, "close-" + m.node().displayName());
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join(Duration.ofSeconds(20).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while closing nodes", e);
            }
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " did not finish closing its node within 20 s");
            }
        }
    }

    @Override
    public void close() {
        closeAll(members);
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
