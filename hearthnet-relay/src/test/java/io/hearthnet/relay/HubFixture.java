package io.hearthnet.relay;

import io.hearthnet.api.identity.NodeKeyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** A hub on 127.0.0.1 (free port) over a real SQLite file, and members that talk to it. */
final class HubFixture implements AutoCloseable {
    final Path dataDir;
    final Clock clock;
    final RelayHub hub;

    HubFixture(Path dataDir, Clock clock, UnaryOperator<RelayHub.Builder> tune) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.hub = tune.apply(RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(dataDir).clock(clock)).build();
        hub.start();
    }

    HubFixture(Path dataDir) {
        this(dataDir, Clock.systemUTC(), b -> b);
    }

    TestMember member(NodeKeyPair keys) {
        return new TestMember(hub.url(), keys, clock, "test");
    }

    TestMember joined(NodeKeyPair keys) {
        TestMember m = member(keys);
        m.join();
        return m;
    }

    @Override
    public void close() {
        hub.close();
    }
}
