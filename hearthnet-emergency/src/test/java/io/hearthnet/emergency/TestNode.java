package io.hearthnet.emergency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.ManifestCapability;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.NodeExtension;
import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.spi.TransportProvider;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.bus.MemoryTransportProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real started {@link HearthNode} for emergency tests: one capability that needs the internet
 * ({@value #CLOUD}), one that does not ({@value #LOCAL}), the emergency extension under test, a
 * second extension that records the connectivity the node announces (as discovery would), and the
 * node's transport context, through which the tests read views, health and metrics as a transport
 * would serve them.
 */
final class TestNode implements AutoCloseable {
    static final String CLOUD = "experimental.cloud";
    static final String LOCAL = "experimental.local";

    final HearthNode node;
    final List<Connectivity> announced = new CopyOnWriteArrayList<>();
    private volatile TransportContext transportContext;

    TestNode(Path dataDir, Clock clock, EmergencyExtension emergency) {
        NodeExtension recorder = new NodeExtension() {
            private Runnable unsubscribe = () -> { };

            @Override
            public String name() {
                return "connectivity-recorder";
            }

            @Override
            public void start(NodeContext context) {
                unsubscribe = context.onConnectivity(announced::add);
            }

            @Override
            public void stop() {
                unsubscribe.run();
            }
        };
        TransportProvider capturing = new TransportProvider() {
            private final MemoryTransportProvider memory = new MemoryTransportProvider();

            @Override
            public String scheme() {
                return memory.scheme();
            }

            @Override
            public Transport create(TransportContext context) {
                transportContext = context;
                return memory.create(context);
            }
        };
        node = HearthNode.builder()
                .keys(NodeKeyPair.generate())
                .dataDir(dataDir)
                .displayName("emergency-test")
                .communityId("test")
                .clock(clock)
                .discoverTransports(false)
                .transport(capturing)
                .setting("mem.network", "emergency-" + UUID.randomUUID())
                .capability(capability(CLOUD, true))
                .capability(capability(LOCAL, false))
                .extension(recorder)
                .extension(emergency)
                .build();
        node.start();
    }

    TestNode(Path dataDir, EmergencyExtension emergency) {
        this(dataDir, new ManualClock(), emergency);
    }

    static Capability capability(String name, boolean requiresInternet) {
        CapabilityDescriptor d = CapabilityDescriptor.builder(name, "1.0").requiresInternet(requiresInternet).build();
        return Capability.of(d, CapabilityHandler.unary(call -> Json.object().put("from", name)));
    }

    /** Names of the capabilities in the node's current signed manifest. */
    List<String> manifestCapabilities() {
        return node.manifest().capabilities().stream().map(ManifestCapability::name).sorted().toList();
    }

    /** Names of the capabilities in the node's local registry. */
    List<String> registeredCapabilities() {
        return node.bus().registry().local().stream().map(e -> e.name()).sorted().toList();
    }

    /** The connectivity the node reports in its health view. */
    String healthConnectivity() {
        return transportContext.dispatcher().health().get("connectivity").asText();
    }

    Optional<ObjectNode> view(String name) {
        return transportContext.dispatcher().view(name);
    }

    String metrics() {
        return transportContext.dispatcher().metricsText();
    }

    @Override
    public void close() {
        node.close();
    }
}
