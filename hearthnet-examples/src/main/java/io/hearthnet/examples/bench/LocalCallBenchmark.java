package io.hearthnet.examples.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.bus.BusConfig;
import io.hearthnet.bus.CapabilityBus;
import io.hearthnet.bus.HearthNode;
import java.nio.file.Files;
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

/** A local call through the bus (routing, in-flight, handler, trace, health), with and without schema validation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LocalCallBenchmark {
    private static final Version V1 = Version.of(1, 0);

    @Param({"true", "false"})
    public boolean validate;

    private HearthNode node;
    private CapabilityBus bus;
    private ObjectNode input;

    /** Starts a node offering a capability with a three-field schema. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        ObjectNode schema = Json.parseObject("{\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\",\"maxLength\":64},\"count\":{\"type\":\"integer\",\"minimum\":0},"
                + "\"urgent\":{\"type\":\"boolean\"}},\"required\":[\"name\",\"count\",\"urgent\"],"
                + "\"additionalProperties\":false}");
        CapabilityDescriptor d = CapabilityDescriptor.builder("experimental.bench", "1.0")
                .requestSchema(schema).responseSchema(schema).maxConcurrent(1_000).build();
        node = HearthNode.builder().keys(NodeKeyPair.generate()).dataDir(Files.createTempDirectory("hearthnet-bench"))
                .discoverTransports(false).busConfig(BusConfig.builder().validateSchemas(validate).build())
                .capability(Capability.of(d, CapabilityHandler.unary(call -> call.input()))).build();
        node.start();
        bus = node.bus();
        input = Json.object().put("name", "lamp").put("count", 3).put("urgent", false);
    }

    /** Stops the node. */
    @TearDown(Level.Trial)
    public void stop() {
        node.close();
    }

    /** One local unary call. */
    @Benchmark
    public ObjectNode localCall() {
        return bus.call("experimental.bench", V1, input, CallOptions.defaults());
    }
}
