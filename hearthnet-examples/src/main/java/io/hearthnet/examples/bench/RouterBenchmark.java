package io.hearthnet.examples.bench;

import io.hearthnet.api.CallOptions;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.manifest.ManifestCapability;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.bus.CapabilityBus;
import io.hearthnet.bus.CapabilityEntry;
import io.hearthnet.bus.HearthNode;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Router selection among N remote providers of one capability (candidate filtering, scoring, load-sharing band). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterBenchmark {
    private static final Version V1 = Version.of(1, 0);

    @Param({"1", "10", "1000"})
    public int candidates;

    private HearthNode node;
    private CapabilityBus bus;

    /** A node that knows {@code candidates} peers offering {@code llm.chat@1.0}. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        node = HearthNode.builder().keys(NodeKeyPair.generate()).dataDir(Files.createTempDirectory("hearthnet-bench"))
                .discoverTransports(false).build();
        node.start();
        bus = node.bus();
        CapabilityDescriptor chat = CapabilityDescriptor.builder("llm.chat", "1.1").maxConcurrent(4).build();
        for (int i = 0; i < candidates; i++) {
            NodeManifest m = NodeManifest.builder().communityId(node.communityId()).displayName("peer" + i)
                    .endpoints(List.of(Endpoint.parse("http://127.0.0.1:" + (10_000 + i))))
                    .capabilities(List.of(ManifestCapability.of(chat))).load(i % 10 / 10.0)
                    .issue(NodeKeyPair.generate(), Clock.systemUTC());
            bus.updatePeer(m);
        }
    }

    /** Stops the node. */
    @TearDown(Level.Trial)
    public void stop() {
        node.close();
    }

    /** One routing decision. */
    @Benchmark
    public CapabilityEntry route() {
        return bus.route("llm.chat", V1, CallOptions.defaults());
    }
}
