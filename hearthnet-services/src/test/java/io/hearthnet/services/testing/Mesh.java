package io.hearthnet.services.testing;

import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.Service;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.bus.MemoryTransportProvider;
import io.hearthnet.transport.http.HttpTransportConfig;
import io.hearthnet.transport.http.HttpTransportProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Real nodes in one JVM, over the in-memory transport or over HTTP on 127.0.0.1, introduced to each
 * other the way discovery would (each hands its bus the other's verified manifest).
 */
public final class Mesh implements AutoCloseable {
    /** Which transport the nodes talk over. */
    public enum Kind { MEMORY, HTTP }

    private static final long POLL_NANOS = 2_000_000;

    private final Kind kind;
    private final Path dir;
    private final Clock clock;
    private final String network = "services-" + UUID.randomUUID();
    private final List<HearthNode> nodes = new ArrayList<>();

    /** A mesh of {@code kind} keeping node data under {@code dir}. */
    public Mesh(Kind kind, Path dir, Clock clock) {
        this.kind = kind;
        this.dir = dir;
        this.clock = clock;
    }

    /** The mesh's clock. */
    public Clock clock() {
        return clock;
    }

    /** Builds and starts a node called {@code name} with {@code keys} and the given services. */
    public HearthNode start(String name, NodeKeyPair keys, Service... services) {
        return start(name, keys, (Consumer<HearthNode.Builder>) null, services);
    }

    /** As {@link #start(String, NodeKeyPair, Service...)}, letting the test adjust the node's builder. */
    public HearthNode start(String name, NodeKeyPair keys, Consumer<HearthNode.Builder> customize, Service... services) {
        HearthNode.Builder b = HearthNode.builder().keys(keys).dataDir(dir.resolve(name)).displayName(name)
                .communityId("test").clock(clock).discoverTransports(false);
        if (customize != null) {
            customize.accept(b);
        }
        if (kind == Kind.MEMORY) {
            b.transport(new MemoryTransportProvider()).setting("mem.network", network).setting("mem.name", name);
        } else {
            b.transport(new HttpTransportProvider(HttpTransportConfig.builder().port(0).bindAddress("127.0.0.1").build()));
        }
        for (Service s : services) {
            b.service(s);
        }
        HearthNode node = b.build();
        node.start();
        nodes.add(node);
        return node;
    }

    /** Every running node learns every other running node. */
    public void introduceAll() {
        for (HearthNode a : nodes) {
            for (HearthNode b : nodes) {
                if (a != b && a.isRunning() && b.isRunning()) {
                    introduce(a, b);
                }
            }
        }
    }

    /** {@code a} learns {@code b}'s current manifest. */
    public void introduce(HearthNode a, HearthNode b) {
        if (kind == Kind.MEMORY) {
            a.bus().updatePeer(b.manifest());
        } else {
            var json = a.transports().get(0).fetchManifest(b.endpoints().get(0));
            a.bus().updatePeer(NodeManifest.fromJson(json).verify(clock));
        }
    }

    /** Closes {@code node} and makes every other node forget it, as pruning would. */
    public void stop(HearthNode node) {
        node.close();
        for (HearthNode other : nodes) {
            if (other != node && other.isRunning()) {
                other.bus().removePeer(node.nodeId());
            }
        }
    }

    /** Polls {@code value} until it satisfies {@code done}, failing after the shared test timeout. */
    public static <T> T await(String what, Supplier<T> value, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + io.hearthnet.api.testing.Threads.TIMEOUT.toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what + "; last value: " + last);
            }
            LockSupport.parkNanos(POLL_NANOS);
            last = value.get();
        }
        return last;
    }

    @Override
    public void close() {
        nodes.forEach(HearthNode::close);
    }
}
