package io.hearthnet.bus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named in-JVM "network" that in-memory transports attach to: nodes on the same network reach
 * each other at {@code mem://<network>/<node>}; different networks are isolated (one per test).
 */
public final class MemoryNetwork {
    private static final Map<String, MemoryNetwork> NETWORKS = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, MemoryTransport> members = new ConcurrentHashMap<>();

    private MemoryNetwork(String name) {
        this.name = name;
    }

    /** The network called {@code name}, created on first use. */
    public static MemoryNetwork named(String name) {
        return NETWORKS.computeIfAbsent(name, MemoryNetwork::new);
    }

    /** The network's name. */
    public String name() {
        return name;
    }

    /** How many transports are attached. */
    public int size() {
        return members.size();
    }

    void attach(String member, MemoryTransport transport) {
        if (members.putIfAbsent(member, transport) != null) {
            throw new IllegalStateException("mem://" + name + "/" + member + " is already attached");
        }
    }

    void detach(String member, MemoryTransport transport) {
        members.remove(member, transport);
    }

    MemoryTransport member(String member) {
        return members.get(member);
    }
}
