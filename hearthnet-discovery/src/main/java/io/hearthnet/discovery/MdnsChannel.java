package io.hearthnet.discovery;

import io.hearthnet.api.HearthNetException;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.ServiceInfoImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mDNS through jmDNS, bound to one address: registers this node as {@code _hearthnet._tcp.local.}
 * with its TXT record (updated in place when it changes), and browses for other nodes, turning each
 * resolved record into a sighting.
 */
final class MdnsChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MdnsChannel.class);
    /** Most remote services remembered for re-sighting. */
    static final int MAX_SERVICES = 1_024;

    private final String hostName;
    private final Consumer<Sighting> sightings;
    private final Failures failures;
    private final DiscoveryMetrics metrics;
    private final Map<String, Sighting> services = new ConcurrentHashMap<>();
    private final ServiceListener listener = new Listener();

    private JmDNS jmdns;
    private ServiceInfo registered;
    private Map<String, String> registeredText;

    MdnsChannel(String hostName, Consumer<Sighting> sightings, Failures failures, DiscoveryMetrics metrics) {
        this.hostName = hostName;
        this.sightings = sightings;
        this.failures = failures;
        this.metrics = metrics;
    }

    /** Starts jmDNS on the chosen address and browses; a no-op when open. */
    synchronized void open(NetworkChoice net) throws IOException {
        if (jmdns != null) {
            return;
        }
        JmDNS j = JmDNS.create(net.address(), hostName);
        try {
            j.addServiceListener(TxtRecord.SERVICE_TYPE, listener);
        } catch (RuntimeException e) {
            closeQuietly(j);
            throw e;
        }
        jmdns = j;
        LOG.info("mDNS discovery on {} as {}.local.", net, hostName);
    }

    synchronized boolean isOpen() {
        return jmdns != null;
    }

    /** What {@link #announce(Presence)} did. */
    enum Outcome {
        /** Registered, or the TXT record updated. */
        SENT,
        /** Nothing changed. */
        UNCHANGED,
        /**
         * The TXT record changed while jmDNS was still probing or announcing the service; jmDNS would
         * drop the update then, so it must be tried again shortly.
         */
        DEFERRED
    }

    /** Registers this node, or updates its TXT record when it changed. */
    synchronized Outcome announce(Presence presence) throws IOException {
        if (jmdns == null || presence.port().isEmpty()) {
            return Outcome.UNCHANGED;
        }
        Map<String, String> text = TxtRecord.of(presence);
        if (registered == null) {
            ServiceInfo info = ServiceInfo.create(TxtRecord.SERVICE_TYPE, presence.instanceName(), presence.port().get(), 0, 0, text);
            jmdns.registerService(info);
            registered = info;
            registeredText = text;
            LOG.info("mDNS: registered '{}' on port {}", info.getName(), info.getPort());
            return Outcome.SENT;
        }
        if (text.equals(registeredText)) {
            return Outcome.UNCHANGED;
        }
        if (registered instanceof ServiceInfoImpl impl && !impl.isAnnounced()) {
            return Outcome.DEFERRED;
        }
        registered.setText(text);
        registeredText = text;
        LOG.debug("mDNS: updated the TXT record of '{}'", registered.getName());
        return Outcome.SENT;
    }

    /** Hands every remembered remote service to the sighting consumer again. */
    void rescan() {
        List.copyOf(services.values()).forEach(sightings);
    }

    /** Stops jmDNS, which first unregisters this node (mDNS goodbye packets); takes about 2 s. */
    @Override
    public synchronized void close() {
        JmDNS j = jmdns;
        jmdns = null;
        registered = null;
        registeredText = null;
        services.clear();
        if (j != null) {
            j.removeServiceListener(TxtRecord.SERVICE_TYPE, listener);
            closeQuietly(j);
        }
    }

    private static void closeQuietly(JmDNS j) {
        try {
            j.close();
        } catch (IOException e) {
            LOG.warn("jmDNS did not close cleanly", e);
        }
    }

    private void resolved(ServiceInfo info) {
        Map<String, String> txt = new HashMap<>();
        for (String key : Collections.list(info.getPropertyNames())) {
            String value = info.getPropertyString(key);
            if (value != null) {
                txt.put(key, value);
            }
        }
        if (txt.isEmpty()) {
            return;
        }
        String name = info.getQualifiedName();
        try {
            Inet4Address[] v4 = info.getInet4Addresses();
            Optional<String> host = v4.length > 0 ? Optional.of(v4[0].getHostAddress()) : Optional.empty();
            Sighting s = TxtRecord.read(txt, host, info.getPort());
            if (services.size() < MAX_SERVICES || services.containsKey(name)) {
                services.put(name, s);
            }
            sightings.accept(s);
            failures.recovered("mdns-malformed:" + name, "mDNS record '" + name + "' is readable again");
        } catch (HearthNetException e) {
            metrics.inc(DiscoveryMetrics.REJECTED, "reason", "malformed_announcement");
            failures.report("mdns", "mdns-malformed:" + name, "ignoring the malformed mDNS record '" + name + "'", e);
        }
    }

    private final class Listener implements ServiceListener {
        @Override
        public void serviceAdded(ServiceEvent event) {
            LOG.debug("mDNS: {} appeared", event.getName());
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            LOG.debug("mDNS: {} said goodbye", event.getName());
            services.remove(event.getInfo() == null ? event.getName() : event.getInfo().getQualifiedName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            try {
                resolved(event.getInfo());
            } catch (RuntimeException e) {
                failures.report("mdns", "mdns-handle", "could not handle the mDNS record of " + event.getName(), e);
            }
        }
    }
}
