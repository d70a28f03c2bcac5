package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TransportContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay transport: the node joins a {@link RelayHub} ({@code relay.url}), keeps a long-poll of
 * its mailbox going (reconnecting with capped exponential backoff), serves the calls that arrive
 * there and sends each reply back correlated by id; outbound calls to a member travel as signed
 * request envelopes and wait for the correlated reply until the call's deadline. Streams deliver
 * their frames in order, ending with {@code done} or {@code error}.
 *
 * <p>The transport learns the hub's roster (each member's verified manifest) and hands every member
 * to the node as a peer reachable at its relay endpoint, and removes members that leave or expire;
 * {@link RosterListener}s hear of the same changes. Without {@code relay.url} the transport starts
 * idle.
 */
public final class RelayTransport implements Transport {
    /** The scheme of relay endpoints ({@code relay://hub-host:port/<node key>}). */
    public static final String SCHEME = "relay";

    private static final Logger LOG = LoggerFactory.getLogger(RelayTransport.class);

    private final TransportContext context;
    private final RelaySettings settings;
    private final List<RosterListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RelaySession session;
    private boolean started;

    RelayTransport(TransportContext context, RelaySettings settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public boolean handles(Endpoint endpoint) {
        RelaySession s = session;
        return endpoint.scheme().equals(SCHEME) && s != null && s.reaches(endpoint);
    }

    /** Starts the membership in the background (an unreachable hub does not fail the node); idle without {@code relay.url}. */
    @Override
    public synchronized List<Endpoint> start() {
        if (started) {
            return endpoints();
        }
        started = true;
        if (settings.hub().isEmpty()) {
            LOG.info("relay transport of {} is idle: no relay.url setting", context.keys().nodeId().shortForm());
            return List.of();
        }
        RelaySession s = new RelaySession(context, settings, settings.hub().get(), new RelaySession.Events() {
            @Override
            public void updated(RelayPeer peer) {
                notifyUpdated(peer);
            }

            @Override
            public void removed(NodeId node) {
                notifyRemoved(node);
            }
        });
        s.start();
        session = s;
        return List.of(s.self());
    }

    @Override
    public List<Endpoint> endpoints() {
        RelaySession s = session;
        return s == null ? List.of() : List.of(s.self());
    }

    @Override
    public ObjectNode call(Endpoint target, NodeId node, Call call) {
        return sessionFor(target).call(node, call);
    }

    @Override
    public FrameStream stream(Endpoint target, NodeId node, Call call) {
        return sessionFor(target).stream(node, call);
    }

    @Override
    public ObjectNode fetchManifest(Endpoint target) {
        RelaySession s = sessionFor(target);
        String path = target.uri().getPath();
        if (path == null || path.length() < 2) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "relay endpoint " + target + " names no node");
        }
        return s.fetchManifest(NodeId.parse(NodeId.PREFIX + path.substring(1)));
    }

    private RelaySession sessionFor(Endpoint target) {
        RelaySession s = session;
        if (s == null) {
            throw HearthNetException.neverDelivered(ErrorCode.PARTITION, settings.hub().isEmpty()
                    ? "the relay transport is idle (no relay.url)" : "the relay transport is not started", null);
        }
        if (!target.scheme().equals(SCHEME) || !s.reaches(target)) {
            throw HearthNetException.neverDelivered(ErrorCode.PARTITION, target + " is not on this node's hub "
                    + settings.hub().get(), null);
        }
        return s;
    }

    /**
     * Calls {@code listener} with every member of the roster now, then with every change. Returns a
     * handle that unsubscribes when run.
     */
    public Runnable onRoster(RosterListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        peers().forEach(p -> deliver(listener, p));
        return () -> listeners.remove(listener);
    }

    /** The members of the hub roster with a valid manifest, as last learned. */
    public List<RelayPeer> peers() {
        RelaySession s = session;
        return s == null ? List.of() : s.peers();
    }

    /** Whether the node is currently on its hub's roster. */
    public boolean isJoined() {
        RelaySession s = session;
        return s != null && s.joined();
    }

    /** The hub's identity, once joined. */
    public Optional<NodeId> hubId() {
        RelaySession s = session;
        return s == null ? Optional.empty() : s.hubId();
    }

    /** Pushes the node's new manifest to the hub now instead of at the next refresh. */
    public void publishManifest(NodeManifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        RelaySession s = session;
        if (s != null) {
            s.refreshSoon();
        }
    }

    /** Leaves the hub, stops the poll loop and every thread; idempotent. The transport can be started again. */
    @Override
    public synchronized void close() {
        started = false;
        RelaySession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }

    private void notifyUpdated(RelayPeer peer) {
        try {
            context.updatePeer(peer.manifest(), List.of(peer.endpoint()));
        } catch (HearthNetException e) {
            LOG.warn("the node refused relay member {} as a peer: {}", peer.node().shortForm(), e.getMessage());
        }
        for (RosterListener l : listeners) {
            deliver(l, peer);
        }
    }

    private static void deliver(RosterListener l, RelayPeer peer) {
        try {
            l.peerUpdated(peer);
        } catch (RuntimeException e) {
            LOG.warn("a roster listener failed on {}", peer.node().shortForm(), e);
        }
    }

    private void notifyRemoved(NodeId node) {
        try {
            context.removePeer(node);
        } catch (RuntimeException e) {
            LOG.warn("the node failed to forget relay member {}", node.shortForm(), e);
        }
        for (RosterListener l : listeners) {
            try {
                l.peerRemoved(node);
            } catch (RuntimeException e) {
                LOG.warn("a roster listener failed on the removal of {}", node.shortForm(), e);
            }
        }
    }

    @Override
    public String toString() {
        RelaySession s = session;
        return "RelayTransport[" + (s == null ? (settings.hub().isEmpty() ? "idle" : "stopped") : s.toString()) + "]";
    }
}
