package io.hearthnet.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.ManifestCapability;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.testing.ManualClock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Shared builders for bus tests. */
final class Fixtures {
    private Fixtures() {}

    static ObjectNode textSchema() {
        return Json.parseObject("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                + "\"required\":[\"text\"],\"additionalProperties\":false}");
    }

    static CapabilityDescriptor echoDescriptor(String name, String version) {
        return CapabilityDescriptor.builder(name, version)
                .requestSchema(textSchema()).responseSchema(textSchema()).maxConcurrent(4).idempotent(true).build();
    }

    static Capability echo(String name, String version) {
        return Capability.of(echoDescriptor(name, version),
                CapabilityHandler.unary(call -> Json.object().put("text", call.input().get("text").asText())));
    }

    /** An extension named {@code name} that runs {@code start} when its node starts and does nothing on stop. */
    static io.hearthnet.api.spi.NodeExtension extension(String name, java.util.function.Consumer<io.hearthnet.api.spi.NodeContext> start) {
        return new io.hearthnet.api.spi.NodeExtension() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(io.hearthnet.api.spi.NodeContext context) {
                start.accept(context);
            }

            @Override
            public void stop() {
            }
        };
    }

    static ObjectNode text(String text) {
        return Json.object().put("text", text);
    }

    static NodeManifest manifest(NodeKeyPair peer, ManualClock clock, String endpoint, CapabilityDescriptor... caps) {
        return NodeManifest.builder().displayName("peer").communityId("test")
                .endpoints(List.of(Endpoint.parse(endpoint)))
                .capabilities(java.util.Arrays.stream(caps).map(ManifestCapability::of).toList())
                .issue(peer, clock);
    }

    /** A bare bus with its own pools; close with {@link Harness#close()}. */
    static Harness harness(ManualClock clock, BusConfig config) {
        return new Harness(NodeKeyPair.generate(), clock, config);
    }

    static final class Harness implements AutoCloseable {
        final NodeKeyPair keys;
        final ExecutorService executor = Executors.newCachedThreadPool();
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        final CapabilityBus bus;

        Harness(NodeKeyPair keys, ManualClock clock, BusConfig config) {
            this.keys = keys;
            this.bus = new CapabilityBus(keys.nodeId(), "test", config, clock,
                    new OpenCommunityTrustPolicy(keys.nodeId(), "test"), executor, scheduler);
        }

        @Override
        public void close() {
            executor.shutdownNow();
            scheduler.shutdownNow();
        }
    }
}
